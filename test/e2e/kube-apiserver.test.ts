/**
 * The demo's Kubernetes part for real, for every vendor and both credential modes. One real kube-apiserver
 * (with etcd; built by scripts/ensure-kube-apiserver.sh) trusts the emulator's client CA; the emulator hands out
 * its address and CA through each vendor's kubeconfig route (emulator/external-cluster.ts: a UCS cluster, a CCE
 * cluster, a federated fleet and a TKE cluster per chain). The real `pulumi` CLI runs eight chains, each a
 * kubeconfig resource (UCS, CCE, fleet federation, TKE; certificate and exec mode) feeding a real
 * `@pulumi/kubernetes` Provider that creates a Namespace and a ConfigMap. kubectl then reads them with every
 * produced kubeconfig. Past renewAt, `pulumi up` re-issues the certificates and replaces neither a Provider nor
 * an object; an exec credential that has to be fetched again (a cleared cache) is fetched by the Provider's own
 * run of the command, again keeping everything; destroy removes it all.
 *
 * Required in CI (the apiserver is built there, cached under ~/.cache); elsewhere it runs when kube-apiserver and
 * etcd are already built, or with PULUMI_CLOUD_KUBECONFIG_BUILD_APISERVER=1 (docs/engine-tier.md).
 *
 * Exec mode: the Provider runs `pulumi-cloud-kubeconfig credential …` (a wrapper on PATH that runs this
 * checkout's command) with the vendor credentials in its environment, as a user's machine would have them.
 *
 * No kube-controller-manager runs: no garbage collector (so the objects are deleted with the
 * `pulumi.com/deletionPropagationPolicy: background` annotation; pulumi-kubernetes' default foreground deletion
 * left the ConfigMap with a `foregroundDeletion` finalizer and `destroy` waiting), and nothing finalizes a
 * deleted Namespace: it would stay Terminating and `pulumi destroy` would wait for it. The destroy test
 * therefore plays the namespace controller's last step itself (clears the finalizers through `/finalize`).
 */
import { execFile } from "node:child_process";
import { randomBytes, randomUUID, X509Certificate } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { createCertificateAuthority, type IssuedCertificate } from "../../emulator/pki";
import { commandOnPath, privateKeysIn } from "../support/cli-command";
import { type ControlPlane, startControlPlane } from "../support/kube-control-plane";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { collectText, expectNoSecrets } from "../support/secret-scan";
import {
  credentialSecrets,
  emulatorConfig,
  installKubernetesPlugin,
  isCiphertext,
  pastRenewal,
  plannedOps,
  privateKeyOf,
  requireKubeApiserver,
  requireKubernetesPlugin,
  requirePulumiCli,
} from "../support/engine-stack";

jest.setTimeout(900_000);

const DAY = 24 * 60 * 60 * 1000;
const VENDORS = ["ucs", "cce", "fleet", "tke"] as const;
const MODES = ["cert", "exec"] as const;
type Chain = `${(typeof VENDORS)[number]}-${(typeof MODES)[number]}`;
const CHAINS: Chain[] = VENDORS.flatMap((v) => MODES.map((m): Chain => `${v}-${m}`));
const CERT_CHAINS = CHAINS.filter((c) => c.endsWith("-cert"));
const EXEC_CHAINS = CHAINS.filter((c) => c.endsWith("-exec"));
const vendorOf = (chain: Chain) => chain.split("-")[0] as (typeof VENDORS)[number];
const namespaceOf = (chain: Chain) => `pck-${chain}`;
const CONFIGMAP = "settings";
const greetingOf = (chain: Chain) => `hello from ${chain}`;

/** Eight chains: a kubeconfig resource per vendor and mode → Provider → Namespace → ConfigMap. */
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const k8s = require("@pulumi/kubernetes");
const kc = require("pulumi-cloud-kubeconfig");

const cfg = new pulumi.Config("real");
const make = {
  ucs: (name, credentialMode) => new kc.UcsClusterKubeconfig(name, { clusterId: cfg.require(name), credentialMode }),
  cce: (name, credentialMode) =>
    new kc.CceClusterKubeconfig(name, { clusterId: cfg.require(name), validityDays: 365, credentialMode }),
  fleet: (name, credentialMode) =>
    new kc.FleetFederationKubeconfig(name, { clusterGroupId: cfg.require(name), validityDays: 365, credentialMode }),
  tke: (name, credentialMode) =>
    new kc.TkeClusterKubeconfig(name, { clusterId: cfg.require(name), endpoint: "extranet", credentialMode }),
};
// Background deletion: pulumi-kubernetes deletes in the foreground by default, which needs the garbage
// collector (kube-controller-manager, not run here) to remove the foregroundDeletion finalizer.
const background = { "pulumi.com/deletionPropagationPolicy": "background" };
for (const vendor of Object.keys(make)) {
  for (const mode of ["cert", "exec"]) {
    const name = vendor + "-" + mode;
    const kubeconfig = make[vendor](name, mode === "exec" ? "exec" : "certificate");
    const provider = new k8s.Provider(name, {
      kubeconfig: kubeconfig.kubeconfig,
      clusterIdentifier: kubeconfig.clusterIdentifier,
    });
    const ns = new k8s.core.v1.Namespace(name, { metadata: { name: "pck-" + name, annotations: background } }, { provider });
    const cm = new k8s.core.v1.ConfigMap(
      name,
      {
        metadata: { name: "${CONFIGMAP}", namespace: ns.metadata.name, annotations: background },
        data: { greeting: "hello from " + name },
      },
      { provider },
    );
    exports[name] = {
      kubeconfig: kubeconfig.kubeconfig,
      authType: kubeconfig.authType,
      renewAt: kubeconfig.renewAt,
      expiresAt: kubeconfig.expiresAt,
      namespaceUid: ns.metadata.uid,
      configMapUid: cm.metadata.uid,
    };
  }
}
`;

// In CI each gate fails instead of skipping (requireProvisioned); the apiserver gate comes first.
const control = requireKubeApiserver();
const binDir = control ? requirePulumiCli() : undefined;
const pluginDir = binDir ? requireKubernetesPlugin("kube-apiserver e2e") : undefined;
const describeReal = control && binDir && pluginDir ? describe : describe.skip;

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

interface KubeObject {
  metadata: { uid: string; name: string; deletionTimestamp?: string };
  data?: Record<string, string>;
  status?: { phase?: string; userInfo?: { username?: string } };
}

type ChainOutputs = Record<
  "kubeconfig" | "authType" | "renewAt" | "expiresAt" | "namespaceUid" | "configMapUid",
  string
>;
type Tracked = Record<"kubeconfig" | "provider" | "ns" | "cm", StateResource>;

describeReal("a real kube-apiserver behind a chained k8s.Provider, every vendor, certificate and exec mode", () => {
  let emu: EmulatorHandle;
  let plane: ControlPlane;
  let project: PulumiProject;
  let work: string;
  let admin: string;
  /** Vendor credentials, the command on PATH and its cache: what the Provider's exec runs and kubectl need. */
  let execEnv: Record<string, string>;
  /** Holds the `pulumi-cloud-kubeconfig` wrapper. */
  let commandDir: string;
  let timeEnv: Record<string, string> = {};
  const keys: Record<string, string> = {};
  /** The emulator id behind each chain: one cluster (or fleet) per chain, all served by the same apiserver. */
  const ids = {} as Record<Chain, string>;
  let outs: Record<Chain, ChainOutputs>;
  let before: Record<Chain, Tracked>;
  let uids: Record<Chain, { ns: string; cm: string }>;

  const env = (): Record<string, string> => ({ ...execEnv, ...timeEnv });
  const run = (args: string[], showsSecrets = false) => project.run(args, { env: env(), showsSecrets });
  /**
   * The vendor kubeconfig or certificate calls answered for the chain's cluster (UCS CreateClusterKubeconfig, CCE
   * CreateKubernetesClusterCert, fleet CreateFederationCert, TKE DescribeClusterKubeconfig). Not the emulator's
   * issuance count: TKE hands each sub-account the same certificate again.
   */
  const fetched = (chain: Chain): number =>
    emu.state.calls.filter(
      (call) =>
        call.status < 300 &&
        /(Kubeconfig|Cert)$/.test(call.operation) &&
        (call.clusterId === ids[chain] || call.path.split("/").includes(ids[chain])),
    ).length;
  const fetchedAll = (): Record<Chain, number> =>
    Object.fromEntries(CHAINS.map((c) => [c, fetched(c)])) as Record<Chain, number>;

  const kubectl = (kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const file = join(work, `kubeconfig-${randomUUID()}`);
    writeFileSync(file, kubeconfig, { mode: 0o600 });
    return new Promise((resolve) => {
      execFile(
        "kubectl",
        ["--kubeconfig", file, "--request-timeout=30s", ...args],
        {
          encoding: "utf8",
          timeout: 120_000,
          env: { ...process.env, ...env(), PATH: `${commandDir}${delimiter}${process.env.PATH}` },
        },
        (err, stdout, stderr) => {
          rmSync(file, { force: true });
          resolve({ code: err ? Number(err.code) || 1 : 0, stdout, stderr });
        },
      );
    });
  };
  const getObject = async (kubeconfig: string, args: string[]): Promise<KubeObject> => {
    const r = await kubectl(kubeconfig, ["get", ...args, "-o", "json"]);
    if (r.code !== 0) throw new Error(`kubectl get ${args.join(" ")} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as KubeObject;
  };
  const whoami = async (kubeconfig: string): Promise<string | undefined> => {
    const r = await kubectl(kubeconfig, ["auth", "whoami", "-o", "json"]);
    if (r.code !== 0) throw new Error(`kubectl auth whoami failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as KubeObject).status?.userInfo?.username;
  };
  const clientCertOf = (kubeconfig: string): X509Certificate => {
    const m = /client-certificate-data:\s*(\S+)|"client-certificate-data":\s*"([^"]+)"/.exec(kubeconfig);
    if (!m) throw new Error("no client-certificate-data in the kubeconfig");
    return new X509Certificate(Buffer.from(m[1] || m[2], "base64"));
  };
  const commonName = (cert: X509Certificate) => /CN=([^\n,]+)/.exec(cert.subject)?.[1];
  /** Adds the private keys the command cached (the exec chains' credentials) to the secrets every scan looks for. */
  const rememberCachedKeys = (): number => {
    const dir = join(execEnv.XDG_CACHE_HOME, "pulumi-cloud-kubeconfig", "credentials");
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    for (const f of files) {
      const key = (JSON.parse(readFileSync(join(dir, f), "utf8")) as { status: { clientKeyData?: string } }).status
        .clientKeyData;
      if (key) keys[`cached exec key ${f}`] = key;
    }
    return files.length;
  };

  async function stateResources(showSecrets = false): Promise<{ text: string; resources: StateResource[] }> {
    const r = await run(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])], showSecrets);
    return { text: r.stdout, resources: JSON.parse(r.stdout).deployment.resources || [] };
  }
  async function tracked(): Promise<Record<Chain, Tracked>> {
    const { resources } = await stateResources();
    const find = (end: string): StateResource => {
      const r = resources.find((res) => res.urn.endsWith(end));
      if (!r) throw new Error(`no ${end} in state`);
      return r;
    };
    return Object.fromEntries(
      CHAINS.map((c) => [
        c,
        {
          kubeconfig: find(`Kubeconfig::${c}`),
          provider: find(`pulumi:providers:kubernetes::${c}`),
          ns: find(`kubernetes:core/v1:Namespace::${c}`),
          cm: find(`kubernetes:core/v1:ConfigMap::${c}`),
        },
      ]),
    ) as Record<Chain, Tracked>;
  }
  async function outputs(): Promise<Record<Chain, ChainOutputs>> {
    return JSON.parse((await run(["stack", "output", "--show-secrets", "--json"], true)).stdout);
  }
  /** kubectl with each chain's kubeconfig sees that chain's Namespace and ConfigMap, with the given uids. */
  async function expectObjects(chain: Chain, kubeconfig: string): Promise<{ ns: string; cm: string }> {
    const ns = await getObject(kubeconfig, ["namespace", namespaceOf(chain)]);
    const cm = await getObject(kubeconfig, ["configmap", CONFIGMAP, "-n", namespaceOf(chain)]);
    expect({ chain, phase: ns.status?.phase, data: cm.data }).toEqual({
      chain,
      phase: "Active",
      data: { greeting: greetingOf(chain) },
    });
    return { ns: ns.metadata.uid, cm: cm.metadata.uid };
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "pck-kas-e2e-"));
    emu = await startEmulator();
    // Both CAs must cover REAL time too: the API server and kubectl check certificates on the wall clock.
    const validity = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 5 * 365 * DAY) };
    const servingCa: IssuedCertificate = await createCertificateAuthority({
      commonName: "pck-e2e-cluster-ca",
      ...validity,
    });
    const clientCa: IssuedCertificate = await createCertificateAuthority({
      commonName: "pck-e2e-client-ca",
      ...validity,
    });
    plane = await startControlPlane({ binDir: control!.binDir, servingCa, clientCa });
    admin = [
      "apiVersion: v1",
      "kind: Config",
      "clusters: [{name: c, cluster: {server: " + JSON.stringify(plane.url) + ", insecure-skip-tls-verify: true}}]",
      "users: [{name: u, user: {client-certificate-data: " +
        Buffer.from(plane.admin.certPem).toString("base64") +
        ", client-key-data: " +
        Buffer.from(plane.admin.keyPem).toString("base64") +
        "}}]",
      "contexts: [{name: x, context: {cluster: c, user: u}}]",
      "current-context: x",
    ].join("\n");
    for (const chain of CHAINS) {
      const vendor = vendorOf(chain);
      ids[chain] = vendor === "tke" ? `cls-${randomBytes(4).toString("hex")}` : randomUUID();
      emu.attachExternalCluster({
        vendor,
        id: ids[chain],
        name: `real-${chain}`,
        server: plane.url,
        serverCaPem: servingCa.certPem,
        clientCa,
        kubernetesVersion: `v${control!.version}`,
      });
    }
    const { config, secretKeys } = emulatorConfig(emu);
    commandDir = commandOnPath(join(work, "bin"), join(work, "exec-environments.txt"));
    execEnv = {
      XDG_CACHE_HOME: join(work, "cache"),
      HW_ACCESS_KEY: config["huaweicloud:accessKey"],
      HW_SECRET_KEY: config["huaweicloud:secretKey"],
      TENCENTCLOUD_SECRET_ID: config["tencentcloud:secretId"],
      TENCENTCLOUD_SECRET_KEY: config["tencentcloud:secretKey"],
    };
    project = await createPulumiProject({
      binDir: binDir!,
      name: "pck-e2e-kube-apiserver",
      program: PROGRAM,
      pathDirs: [commandDir],
    });
    await installKubernetesPlugin(project, pluginDir!);
    const chainIds = Object.fromEntries(CHAINS.map((c) => [`real:${c}`, ids[c]]));
    await project.setConfig({ ...config, ...chainIds }, secretKeys);
  });

  afterAll(async () => {
    try {
      if (project) {
        expectNoSecrets(project.output(), { ...credentialSecrets(emu), ...keys });
        expect(privateKeysIn(project.output())).toEqual([]);
        project.cleanup();
      }
    } finally {
      if (plane) await plane.stop();
      if (emu) await emu.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  it("the API server is the real one, at the version the build stamped", async () => {
    const r = await kubectl(admin, ["get", "--raw", "/version"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).gitVersion).toBe(`v${control!.version}`);
  });

  it("pulumi up creates eight chains: kubeconfig, Provider, Namespace and ConfigMap through it", async () => {
    const up = await run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(up.stdout).toMatch(new RegExp(`${1 + 4 * CHAINS.length} created`)); // the stack + 4 per chain
    outs = await outputs();
    for (const c of CERT_CHAINS) keys[`${c} private key`] = privateKeyOf(outs[c].kubeconfig);
    expect(Object.fromEntries(CHAINS.map((c) => [c, outs[c].authType]))).toEqual(
      Object.fromEntries(CHAINS.map((c) => [c, c.endsWith("-exec") ? "exec" : "certificate"])),
    );
    before = await tracked();
    for (const c of CHAINS) {
      expect({ c, encrypted: isCiphertext(before[c].provider.inputs?.kubeconfig) }).toEqual({ c, encrypted: true });
    }
    // A certificate chain fetched once. An exec chain fetched once at create (to learn the server and CA) and
    // once more when its Provider first ran the command; every later run of it (the Provider's Namespace and
    // ConfigMap requests) was answered by client-go's in-process copy or the command's cache.
    for (const c of CHAINS) expect({ c, fetched: fetched(c) }).toEqual({ c, fetched: c.endsWith("-exec") ? 2 : 1 });
  });

  it("no private key or vendor credential in the state, and none at all in an exec chain, even decrypted", async () => {
    expect(rememberCachedKeys()).toBe(EXEC_CHAINS.length);
    const { text, resources } = await stateResources();
    expect(privateKeysIn(text)).toEqual([]);
    expectNoSecrets(text, { ...credentialSecrets(emu), ...keys });
    expectNoSecrets(collectText(resources), { ...credentialSecrets(emu), ...keys });
    const decrypted = (await stateResources(true)).resources;
    for (const c of EXEC_CHAINS) {
      const chain = decrypted.filter((r) => r.urn.endsWith(`::${c}`));
      expect(chain.length).toBe(4);
      expect({ c, keys: privateKeysIn(JSON.stringify(chain)) }).toEqual({ c, keys: [] });
      expect(JSON.stringify(chain)).not.toMatch(/client-key-data|token:/);
    }
  });

  it("kubectl with every produced kubeconfig sees its chain's objects, as the user the vendor issued", async () => {
    const counts = fetchedAll();
    uids = {} as Record<Chain, { ns: string; cm: string }>;
    const users: Record<string, string | undefined> = {};
    for (const c of CHAINS) {
      uids[c] = await expectObjects(c, outs[c].kubeconfig);
      expect(uids[c]).toEqual({ ns: outs[c].namespaceUid, cm: outs[c].configMapUid });
      users[c] = await whoami(outs[c].kubeconfig);
    }
    // Certificate mode: the API server's user is the CN of the certificate in the kubeconfig. Exec mode: the
    // same vendor user, from the certificate the command fetched.
    for (const c of CERT_CHAINS) {
      const cn = commonName(clientCertOf(outs[c].kubeconfig));
      expect({ c, user: users[c] }).toEqual({ c, user: cn });
      const exec = c.replace(/-cert$/, "-exec");
      expect({ exec, user: users[exec] }).toEqual({ exec, user: cn });
    }
    // kubectl used the credentials the Provider's runs of the command cached: nothing minted.
    expect(fetchedAll()).toEqual(counts);
  });

  it("past renewAt, pulumi up re-issues the certificates once and replaces no Provider or object", async () => {
    timeEnv = pastRenewal(
      emu,
      CHAINS.filter((c) => outs[c].renewAt).map((c) => outs[c]),
    ).env;
    const opsOf = await plannedOps(project, env());
    for (const c of CHAINS) {
      const renewing = outs[c].renewAt !== "";
      const plan = { c, kubeconfig: opsOf(`Kubeconfig::${c}`), provider: opsOf(`pulumi:providers:kubernetes::${c}`) };
      expect(plan).toEqual(
        renewing ? { c, kubeconfig: ["update"], provider: ["update"] } : { c, kubeconfig: [], provider: [] },
      );
      // Objects are never replaced. Observed: under a renewing Provider, preview plans them as `update` (its new
      // kubeconfig is unknown until the resource runs); the up below keeps their URNs, ids and uids.
      for (const k of ["Namespace", "ConfigMap"]) {
        expect([[], ["update"]]).toContainEqual(opsOf(`kubernetes:core/v1:${k}::${c}`));
      }
    }
    // Exec mode has nothing to renew (renewAt is empty); TKE certificates have no renewAt either.
    expect(EXEC_CHAINS.map((c) => outs[c].renewAt)).toEqual(EXEC_CHAINS.map(() => ""));

    const counts = fetchedAll();
    const up = await run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(up.stdout).not.toMatch(/replaced|created|deleted/);
    const renewed = await outputs();
    for (const c of CERT_CHAINS) {
      const renewing = outs[c].renewAt !== "";
      expect({ c, fetched: fetched(c) - counts[c] }).toEqual({ c, fetched: renewing ? 1 : 0 });
      if (!renewing) continue;
      keys[`${c} renewed private key`] = privateKeyOf(renewed[c].kubeconfig);
      expect(clientCertOf(renewed[c].kubeconfig).serialNumber).not.toBe(clientCertOf(outs[c].kubeconfig).serialNumber);
    }
    // Exec chains: the same kubeconfig, and no vendor call (their cached credentials are still good).
    for (const c of EXEC_CHAINS) {
      expect({ c, fetched: fetched(c) - counts[c] }).toEqual({ c, fetched: 0 });
      expect({ c, kubeconfig: renewed[c].kubeconfig }).toEqual({ c, kubeconfig: outs[c].kubeconfig });
    }

    const after = await tracked();
    for (const c of CHAINS) {
      for (const k of ["provider", "ns", "cm"] as const) {
        expect({ c, k, urn: after[c][k].urn, id: after[c][k].id }).toEqual({
          c,
          k,
          urn: before[c][k].urn,
          id: before[c][k].id,
        });
      }
      // The renewed credential works against the real API server, and the objects are the very same ones.
      expect(await expectObjects(c, renewed[c].kubeconfig)).toEqual(uids[c]);
    }
    const { text, resources } = await stateResources();
    expectNoSecrets(text, { ...credentialSecrets(emu), ...keys });
    expectNoSecrets(collectText(resources), { ...credentialSecrets(emu), ...keys });
    await run(["preview", "--expect-no-changes", "--non-interactive"]);
    outs = renewed;
  });

  it("an exec credential fetched again (cache cleared) comes from the Provider's own run; nothing is replaced", async () => {
    rmSync(execEnv.XDG_CACHE_HOME, { recursive: true, force: true });
    const counts = fetchedAll();
    // refresh reads every object through its Provider: the exec chains' Providers run the command afresh.
    await run(["refresh", "--yes", "--skip-preview", "--non-interactive"]);
    expect(rememberCachedKeys()).toBe(EXEC_CHAINS.length);
    for (const c of CHAINS) {
      expect({ c, fetched: fetched(c) - counts[c] }).toEqual({ c, fetched: c.endsWith("-exec") ? 1 : 0 });
    }
    const after = await tracked();
    for (const c of CHAINS) {
      for (const k of ["kubeconfig", "provider", "ns", "cm"] as const) {
        expect({ c, k, urn: after[c][k].urn, id: after[c][k].id }).toEqual({
          c,
          k,
          urn: before[c][k].urn,
          id: before[c][k].id,
        });
      }
    }
    await run(["preview", "--expect-no-changes", "--non-interactive"]);
    for (const c of EXEC_CHAINS) expect(await expectObjects(c, outs[c].kubeconfig)).toEqual(uids[c]);
  });

  it("the environment of every run of the command holds no key or token it fetched", () => {
    // The runs' environments as client-go set them (KUBERNETES_EXEC_INFO and the inherited variables). The
    // vendor credentials are there by design: the command reads them from the machine's environment.
    const dumps = readFileSync(join(work, "exec-environments.txt"), "utf8");
    expect(dumps.split("-- end of one run --").length - 1).toBeGreaterThanOrEqual(EXEC_CHAINS.length);
    expect(privateKeysIn(dumps)).toEqual([]);
    expect(dumps).not.toMatch(/client-key-data|"token"|BEGIN CERTIFICATE/);
    expectNoSecrets(dumps, keys);
  });

  it("pulumi destroy deletes every ConfigMap, then each Namespace once it is finalized", async () => {
    const destroy = run(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    let done = false;
    const settled = destroy.then(
      () => (done = true),
      () => (done = true),
    );
    // No kube-controller-manager runs, so play the namespace controller's last step: once a Namespace is
    // Terminating and its ConfigMap is gone, clear its finalizers (PUT .../finalize), as the controller would.
    const finalized = new Set<Chain>();
    while (!done && finalized.size < CHAINS.length) {
      for (const c of CHAINS.filter((x) => !finalized.has(x))) {
        const ns = await kubectl(admin, ["get", "namespace", namespaceOf(c), "-o", "json"]);
        const obj = ns.code === 0 ? (JSON.parse(ns.stdout) as KubeObject & { spec?: object }) : undefined;
        if (!obj?.metadata.deletionTimestamp) continue;
        const cm = await kubectl(admin, ["get", "configmap", CONFIGMAP, "-n", namespaceOf(c)]);
        expect(cm.stderr).toMatch(/NotFound|not found/); // pulumi deletes dependents first
        const file = join(work, `finalize-${c}.json`);
        writeFileSync(file, JSON.stringify({ ...obj, spec: { finalizers: [] } }));
        const r = await kubectl(admin, [
          "replace",
          "--raw",
          `/api/v1/namespaces/${namespaceOf(c)}/finalize`,
          "-f",
          file,
        ]);
        expect(r.stderr).toBe("");
        finalized.add(c);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await settled;
    await destroy; // rethrows a failed destroy
    expect([...finalized].sort()).toEqual([...CHAINS].sort());
    expect((await stateResources()).resources).toEqual([]);
    for (const c of CHAINS) {
      const ns = await kubectl(admin, ["get", "namespace", namespaceOf(c)]);
      expect(ns.stderr).toMatch(/NotFound|not found/);
    }
  });
});
