/**
 * Each resource's whole lifecycle (Configure → Check → Create → Read → Diff →
 * Update → Delete) through Pulumi's own dynamic-provider gRPC server, from a program directory that has this
 * package installed, against the emulator. Every kubeconfig produced reaches the emulated cluster with kubectl.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { serializedProviders, urnOf, type Props, type ProviderServer } from "../support/dynamic-provider-server";
import { startConfiguredServer, useProtocolRig } from "../support/protocol-rig";
import { collectText, expectNoSecrets, privateKeyOf } from "../support/secret-scan";
import { emulatorSecrets } from "../../emulator/stack-config";
import { REPO_ROOT } from "../support/build-dist";

const SCHEMA = JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")) as {
  resources: Record<string, { properties: Record<string, unknown> }>;
};

/** The schema token of a kind (`cloud-kubeconfig:<module>:<kind>`). */
function tokenOf(kind: string): string {
  const token = Object.keys(SCHEMA.resources).find((t) => t.endsWith(`:${kind}`));
  if (!token) throw new Error(`no schema resource for ${kind}`);
  return token;
}

jest.setTimeout(120_000);

const DAY = 24 * 60 * 60 * 1000;
let emu: EmulatorHandle;
let server: ProviderServer;
const providers: Record<string, string> = {};
const kubeDir = mkdtempSync(join(tmpdir(), "pck-kubectl-"));

const rig = useProtocolRig({}, (r) => {
  ({ emu, server } = r);
  Object.assign(providers, serializedProviders(r.program.dir));
});

async function restartServer(env: Record<string, string> = {}): Promise<void> {
  await server.stop();
  server = rig.server = await startConfiguredServer(rig.program.dir, emu, env);
}

/**
 * `kubectl get --raw /version` with the kubeconfig: proves client-go accepts it and reaches the cluster.
 * Asynchronous: the emulated clusters answer from this process's event loop.
 */
async function kubectlVersion(kubeconfig: string, name: string): Promise<{ gitVersion: string }> {
  const file = join(kubeDir, `${name}.yaml`);
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  const { stdout } = await promisify(execFile)(
    "kubectl",
    ["--kubeconfig", file, "get", "--raw", "/version", "--request-timeout=10s"],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(stdout);
}

afterAll(() => {
  rmSync(kubeDir, { recursive: true, force: true });
});

interface Case {
  kind: string;
  inputs: () => Props;
  /** Inputs with an identity change, and the property that must be reported as replaced. */
  replaceWith: () => [Props, string];
  /** A bad input and the field the failure must name. */
  bad: () => [Props, string];
  /** A replacement deletes the old resource first (one VPC endpoint per fleet and VPC). */
  deleteBeforeReplace?: boolean;
  issuedFor: () => string;
}

const cases: Case[] = [
  {
    kind: "UcsClusterKubeconfig",
    inputs: () => ({ clusterId: emu.seed.ucs.clusters[0].id }),
    replaceWith: () => [{ clusterId: emu.seed.ucs.clusters[1].id }, "clusterId"],
    bad: () => [{ clusterId: "../../etc/passwd" }, "clusterId"],
    issuedFor: () => emu.seed.ucs.clusters[0].id,
  },
  {
    kind: "CceClusterKubeconfig",
    inputs: () => ({ clusterId: emu.seed.cce.publicCluster.id, validityDays: 30 }),
    replaceWith: () => [{ clusterId: emu.seed.cce.privateCluster.id, validityDays: 30 }, "clusterId"],
    bad: () => [{ clusterId: emu.seed.cce.publicCluster.id, validityDays: 2000 }, "validityDays"],
    issuedFor: () => emu.seed.cce.publicCluster.id,
  },
  {
    kind: "FleetFederationConnection",
    inputs: () => ({
      clusterGroupId: emu.seed.ucs.fleets.federated.id,
      projectId: emu.credentials.huawei.projectId,
      vpcId: emu.seed.ucs.vpcId,
      subnetId: emu.seed.ucs.subnetId,
      validityDays: 90,
      // What the SDK class sets: the identity that marks the VPC endpoint.
      __owner: "fixture/test/FleetFederationConnection/a",
    }),
    replaceWith: () => [
      {
        clusterGroupId: emu.seed.ucs.fleets.federated.id,
        projectId: emu.credentials.huawei.projectId,
        vpcId: emu.seed.ucs.subnetId,
        subnetId: emu.seed.ucs.subnetId,
        validityDays: 90,
        __owner: "fixture/test/FleetFederationConnection/a",
      },
      "vpcId",
    ],
    deleteBeforeReplace: true,
    bad: () => [{ clusterGroupId: emu.seed.ucs.fleets.federated.id, validityDays: 0 }, "validityDays"],
    issuedFor: () => emu.seed.ucs.fleets.federated.id,
  },
  {
    kind: "TkeClusterKubeconfig",
    inputs: () => ({ clusterId: emu.seed.tke.extranetCluster.id, endpoint: "extranet", renewBeforeDays: 30 }),
    replaceWith: () => [
      { clusterId: emu.seed.tke.extranetCluster.id, endpoint: "intranet", renewBeforeDays: 30 },
      "endpoint",
    ],
    bad: () => [{ clusterId: "cls-1", endpoint: "public" }, "endpoint"],
    issuedFor: () => emu.seed.tke.extranetCluster.id,
  },
];

describe.each(cases)("$kind through the dynamic-provider server", (c) => {
  let id = "";
  let outs: Props = {};

  it("check names the bad field and passes good inputs", async () => {
    const [badInputs, field] = c.bad();
    const bad = await server.check({}, { ...badInputs, __provider: providers[c.kind] });
    expect(bad.failures.map((f) => f.property)).toContain(field);
    const good = await server.check({}, { ...c.inputs(), __provider: providers[c.kind] });
    expect(good.failures).toEqual([]);
    if (c.kind === "FleetFederationConnection") {
      // Without the identity the SDK class sets, its VPC endpoint could not be marked: check refuses.
      const { __owner: _owner, ...anonymous } = c.inputs();
      const refused = await server.check({}, { ...anonymous, __provider: providers[c.kind] });
      expect(refused.failures.map((f) => f.property)).toEqual(["__owner"]);
    }
  });

  it("create issues a kubeconfig that kubectl accepts and that reaches the cluster", async () => {
    const before = emu.state.issuanceCounts[c.issuedFor()] ?? 0;
    const checked = await server.check({}, { ...c.inputs(), __provider: providers[c.kind] });
    const created = await server.create(urnOf(c.kind, "a"), checked.inputs);
    id = created.id;
    outs = created.properties;
    expect(emu.state.issuanceCounts[c.issuedFor()]).toBe(before + 1);
    expect(outs.kubeconfig).toContain("current-context:");
    expect(outs.clusterIdentifier).toBe(id);
    expect(Date.parse(outs.expiresAt)).toBeGreaterThan(Date.parse(outs.issuedAt));
    expect((await kubectlVersion(outs.kubeconfig, c.kind)).gitVersion).toMatch(/^v1\./);
    // The state keeps the declared outputs and the provider's own records, not a second copy of every input.
    const declared = Object.keys(SCHEMA.resources[tokenOf(c.kind)].properties);
    const records = ["__inputs", "__effective", "__provider", "__owner"];
    expect(Object.keys(outs).filter((k) => !declared.includes(k) && !records.includes(k))).toEqual([]);
    // The CA is in the kubeconfig once: the TypeScript class reads it from there (not kept a second time).
    expect(outs).not.toHaveProperty("certificateAuthorityData");
    // The copy of the inputs holds what was given, not what check derived from it (clusterIdentifier is an output).
    expect(outs.__inputs).not.toHaveProperty("clusterIdentifier");
    // Credentials and key material never sit outside the secret kubeconfig.
    const { kubeconfig: _secret, credentials: _creds, ...visible } = outs;
    expectNoSecrets(collectText(visible), [...emulatorSecrets(emu), privateKeyOf(outs.kubeconfig)]);
  });

  it("read (refresh) returns the stored outputs and mints nothing", async () => {
    const before = emu.state.issuanceCounts[c.issuedFor()];
    const read = await server.read(urnOf(c.kind, "a"), id, outs);
    expect(read.id).toBe(id);
    expect(read.properties.kubeconfig).toBe(outs.kubeconfig);
    expect(emu.state.issuanceCounts[c.issuedFor()]).toBe(before);
  });

  it("diff: unchanged inputs → no change; identity change → replace", async () => {
    const same = await server.diff(urnOf(c.kind, "a"), id, outs, { ...c.inputs(), __provider: providers[c.kind] });
    expect(same.changes).toBe("DIFF_NONE");
    const [next, field] = c.replaceWith();
    const replaced = await server.diff(urnOf(c.kind, "a"), id, outs, { ...next, __provider: providers[c.kind] });
    expect(replaced.changes).toBe("DIFF_SOME");
    expect(replaced.replaces).toContain(field);
    expect(replaced.deleteBeforeReplace).toBe(c.deleteBeforeReplace === true);
  });

  it("past renewAt, diff reports an update and update re-issues with the same clusterIdentifier", async () => {
    const renewAt = Date.parse(outs.renewAt);
    expect(renewAt).toBeGreaterThan(Date.now());
    const later = new Date(renewAt + DAY);
    emu.clock.set(later);
    try {
      await restartServer({ PULUMI_CLOUD_KUBECONFIG_NOW: later.toISOString() });
      const due = await server.diff(urnOf(c.kind, "a"), id, outs, { ...c.inputs(), __provider: providers[c.kind] });
      expect(due.changes).toBe("DIFF_SOME");
      expect(due.replaces).toEqual([]);
      const before = emu.state.issuanceCounts[c.issuedFor()];
      const news = { ...c.inputs(), __provider: providers[c.kind] };
      if (c.kind === "TkeClusterKubeconfig") {
        // TKE returns the same per-account certificate until it is reset in the console: say so, change nothing.
        await expect(server.update(urnOf(c.kind, "a"), id, outs, news)).rejects.toThrow(/same client certificate/);
        return;
      }
      const from = emu.state.calls.length;
      const updated = await server.update(urnOf(c.kind, "a"), id, outs, news);
      expect(emu.state.issuanceCounts[c.issuedFor()]).toBe(before + 1);
      if (c.kind === "FleetFederationConnection") {
        // Renewal: a new certificate through the same VPC endpoint, no new connection.
        expect(emu.state.calls.slice(from).filter((x) => x.operation === "CreateFederationConnection")).toEqual([]);
        expect(updated.vpcEndpointId).toBe(outs.vpcEndpointId);
        expect(updated.vpcEndpointCreated).toBe(true);
      }
      expect(updated.clusterIdentifier).toBe(outs.clusterIdentifier);
      expect(Date.parse(updated.renewAt)).toBeGreaterThan(later.getTime());
      expect((await kubectlVersion(updated.kubeconfig, `${c.kind}-renewed`)).gitVersion).toMatch(/^v1\./);
      outs = updated;
    } finally {
      emu.clock.set(new Date());
      await restartServer();
    }
  });

  it("delete leaves nothing behind", async () => {
    await server.delete(urnOf(c.kind, "a"), id, outs);
    if (c.kind === "FleetFederationConnection") {
      expect(outs.vpcEndpointId).toBeTruthy();
      expect(outs.vpcEndpointCreated).toBe(true);
      const live = emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
      expect(live.map((e) => e.id)).not.toContain(outs.vpcEndpointId);
    }
  });
});
