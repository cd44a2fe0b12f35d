/**
 * The serialized provider and the Kubernetes chain in a real Pulumi program (Pulumi's mocks) run by plain Node from a program
 * directory with the package installed:
 * - the serialized `__provider` of every resource, from the real serializer, is under 1 KiB, identical for all
 *   instances of a kind, and contains no credential;
 * - each resource's `kubeconfig` and `clusterIdentifier` chain into a `k8s.Provider` and a Namespace, and the
 *   provider receives the normalized kubeconfig (the mock runs the resource's real create against the emulator);
 * - the FleetFederationConnection class gives each resource its identity (`__owner`: project/stack/type/name),
 *   so the two connections of the program share one VPC endpoint: one owns it, the other uses it.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { createFixtureProgram, type FixtureProgram } from "../support/fixture-program";
import { expectNoSecrets } from "../support/secret-scan";
import { emulatorSecrets, emulatorStackConfig } from "../../emulator/stack-config";

jest.setTimeout(120_000);

let emu: EmulatorHandle;
let program: FixtureProgram;

/** The program: every resource (with explicit credentials on one instance of each), chained into k8s. */
const PROGRAM = String.raw`
const pulumi = require("@pulumi/pulumi");
const requireFromString = require("require-from-string");
const SIG = "4dabf18193072939515e22adb298388d", SECRET = "1b47061264138c4ac30d75fd1eb44270";
const unwrap = (v) => (v && typeof v === "object" && v[SIG] === SECRET ? unwrap(v.value) : v);
const unwrapAll = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrap(v)]));
const cfg = JSON.parse(process.env.TEST_STACK_CONFIG);
const seen = { providers: {}, k8s: {}, namespaces: [], outputs: {}, owners: {}, ca: {} };

pulumi.runtime.setMocks({
  newResource: async (args) => {
    if (args.type.startsWith("pulumi-nodejs:dynamic")) {
      const text = unwrap(args.inputs.__provider);
      (seen.providers[args.type] = seen.providers[args.type] || []).push(text);
      const prov = requireFromString(text).handler();
      await prov.configure({ config: { get: (k) => cfg[k] } });
      const inputs = unwrapAll(args.inputs);
      seen.owners[args.name] = inputs.__owner === undefined ? null : inputs.__owner;
      const checked = await prov.check({}, inputs);
      if (checked.failures.length) throw new Error(JSON.stringify(checked.failures));
      const r = await prov.create(checked.inputs);
      seen.outputs[args.name] = {
        kubeconfig: r.outs.kubeconfig,
        clusterIdentifier: r.outs.clusterIdentifier,
        vpcEndpointId: r.outs.vpcEndpointId,
        vpcEndpointCreated: r.outs.vpcEndpointCreated,
      };
      return { id: r.id, state: { ...r.outs, __provider: text } };
    }
    if (args.type === "pulumi:providers:kubernetes") {
      seen.k8s[args.name] = { kubeconfig: unwrap(args.inputs.kubeconfig), clusterIdentifier: unwrap(args.inputs.clusterIdentifier) };
    }
    if (args.type === "kubernetes:core/v1:Namespace") seen.namespaces.push({ name: args.name, provider: args.provider });
    return { id: args.name + "_id", state: args.inputs };
  },
  call: (a) => a.inputs,
}, "fixture", "test", false);

const kc = require("pulumi-cloud-kubeconfig");
const k8s = require("@pulumi/kubernetes");
const seed = JSON.parse(process.env.TEST_SEED);
const hw = JSON.parse(process.env.TEST_HW);
const tc = JSON.parse(process.env.TEST_TC);
const make = {
  ucs: (n, creds) => new kc.UcsClusterKubeconfig(n, { clusterId: seed.ucs.clusters[0].id, credentials: creds ? { accessKey: hw.accessKey, secretKey: hw.secretKey } : undefined }),
  cce: (n, creds) => new kc.CceClusterKubeconfig(n, { clusterId: seed.cce.publicCluster.id, validityDays: 30, credentials: creds ? { accessKey: hw.accessKey, secretKey: hw.secretKey } : undefined }),
  conn: (n, creds) => new kc.FleetFederationConnection(n, { clusterGroupId: seed.ucs.fleets.federated.id, projectId: hw.projectId, vpcId: seed.ucs.vpcId, subnetId: seed.ucs.subnetId, credentials: creds ? { accessKey: hw.accessKey, secretKey: hw.secretKey } : undefined }),
  fedkc: (n, creds) => new kc.FleetFederationKubeconfig(n, { clusterGroupId: seed.ucs.fleets.federated.id, credentials: creds ? { accessKey: hw.accessKey, secretKey: hw.secretKey } : undefined }),
  tke: (n, creds) => new kc.TkeClusterKubeconfig(n, { clusterId: seed.tke.extranetCluster.id, endpoint: "extranet", credentials: creds ? { secretId: tc.secretId, secretKey: tc.secretKey } : undefined }),
};
const done = [];
for (const [key, ctor] of Object.entries(make)) {
  const a = ctor(key + "-a", false);
  const b = ctor(key + "-b", true);
  const provider = new k8s.Provider(key, { kubeconfig: a.kubeconfig, clusterIdentifier: a.clusterIdentifier });
  const ns = new k8s.core.v1.Namespace(key + "-ns", {}, { provider });
  done.push(ns.urn, a.kubeconfig, b.kubeconfig);
  done.push(
    pulumi.all([a.certificateAuthorityData, a.kubeconfig, pulumi.isSecret(a.certificateAuthorityData)]).apply(
      ([ca, kubeconfig, secret]) => (seen.ca[key] = { ca, kubeconfig, secret }),
    ),
  );
}
pulumi.all(done).apply(() => setTimeout(() => process.stdout.write("RESULT " + JSON.stringify(seen) + "\n"), 200));
`;

function run(cwd: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["program.js"], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`program exited ${code}: ${err}`))));
  });
}

let seen: {
  providers: Record<string, string[]>;
  k8s: Record<string, { kubeconfig: string; clusterIdentifier: string }>;
  namespaces: { name: string; provider: string }[];
  outputs: Record<
    string,
    { kubeconfig: string; clusterIdentifier: string; vpcEndpointId?: string; vpcEndpointCreated?: boolean }
  >;
  owners: Record<string, string | null>;
  ca: Record<string, { ca: string; kubeconfig: string; secret: boolean }>;
};
let secrets: string[];

beforeAll(async () => {
  emu = await startEmulator();
  program = createFixtureProgram();
  writeFileSync(join(program.dir, "program.js"), PROGRAM);
  const hw = emu.credentials.huawei;
  const tc = emu.credentials.tencent;
  secrets = emulatorSecrets(emu);
  const stack = emulatorStackConfig(emu);
  const out = await run(program.dir, {
    TEST_STACK_CONFIG: JSON.stringify(stack),
    TEST_SEED: JSON.stringify(emu.seed),
    TEST_HW: JSON.stringify(hw),
    TEST_TC: JSON.stringify(tc),
  });
  const line = out.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`no result from the program: ${out}`);
  seen = JSON.parse(line.slice("RESULT ".length));
});

afterAll(async () => {
  if (emu) await emu.stop();
  program?.cleanup();
});

const TYPES = [
  "pulumi-nodejs:dynamic/huaweicloud:UcsClusterKubeconfig",
  "pulumi-nodejs:dynamic/huaweicloud:CceClusterKubeconfig",
  "pulumi-nodejs:dynamic/huaweicloud:FleetFederationConnection",
  "pulumi-nodejs:dynamic/huaweicloud:FleetFederationKubeconfig",
  "pulumi-nodejs:dynamic/tencentcloud:TkeClusterKubeconfig",
];

test.each(TYPES)("%s: __provider is under 1 KiB, identical for all instances, credential-free", (type) => {
  const texts = seen.providers[type];
  expect(texts).toHaveLength(2);
  expect(texts[0]).toBe(texts[1]);
  expect(Buffer.byteLength(texts[0])).toBeLessThan(1024);
  expect(texts[0]).toContain('require("pulumi-cloud-kubeconfig/');
  expectNoSecrets(texts[0], secrets);
});

test.each(["ucs", "cce", "conn", "fedkc", "tke"])(
  "%s: kubeconfig and clusterIdentifier reach the k8s.Provider",
  (key) => {
    const produced = seen.outputs[`${key}-a`];
    const received = seen.k8s[key];
    expect(received.kubeconfig).toBe(produced.kubeconfig);
    expect(received.clusterIdentifier).toBe(produced.clusterIdentifier);
    const doc = load(received.kubeconfig) as Record<string, any>;
    expect(doc.contexts).toHaveLength(1);
    expect(doc["current-context"]).toBe(doc.contexts[0].name);
    expect(typeof doc.clusters[0].cluster["insecure-skip-tls-verify"]).not.toBe("string");
    expect(seen.namespaces.find((n) => n.name === `${key}-ns`)?.provider).toContain(
      `pulumi:providers:kubernetes::${key}`,
    );
  },
);

test.each(["ucs", "cce", "conn", "fedkc", "tke"])(
  "%s: certificateAuthorityData is the kubeconfig's CA, not secret, and not kept in the state a second time",
  (key) => {
    const { ca, kubeconfig, secret } = seen.ca[key];
    const doc = load(kubeconfig) as { clusters: { cluster: Record<string, string> }[] };
    expect(ca).toBe(doc.clusters[0].cluster["certificate-authority-data"] ?? "");
    expect(secret).toBe(false);
  },
);

test("FleetFederationConnection: the class sets a distinct identity per resource; other kinds get none", () => {
  expect(seen.owners["conn-a"]).toBe("fixture/test/FleetFederationConnection/conn-a");
  expect(seen.owners["conn-b"]).toBe("fixture/test/FleetFederationConnection/conn-b");
  for (const key of ["ucs", "cce", "fedkc", "tke"]) {
    expect(seen.owners[`${key}-a`]).toBeNull();
    expect(seen.owners[`${key}-b`]).toBeNull();
  }
});

test("FleetFederationConnection: two connections to one fleet and VPC share one endpoint, one owns it", () => {
  const a = seen.outputs["conn-a"];
  const b = seen.outputs["conn-b"];
  const live = emu.state.vpcEndpoints.filter((e) => !e.deletedAt).map((e) => e.id);
  expect(live).toEqual([a.vpcEndpointId]);
  expect(b.vpcEndpointId).toBe(a.vpcEndpointId);
  expect([a.vpcEndpointCreated, b.vpcEndpointCreated].sort()).toEqual([false, true]);
});
