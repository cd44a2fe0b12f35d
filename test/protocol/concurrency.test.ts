/**
 * Concurrency: 100 resources created at once through ONE dynamic-provider server (Pulumi's own
 * gRPC server, one process) share one rate limiter and one pool. At the real default limits (TKE 20/s,
 * Huawei 10/s per operation) no sliding one-second window of ARRIVALS at the emulator, per operation, holds
 * more than the vendor's limit plus the limiter's burst, and the emulator never throttles; each resource gets exactly one credential; concurrent
 * FleetFederationConnection creates (distinct resources) for one fleet and VPC make one VPC endpoint, owned
 * by the one that made it and used by the others, and destroying them all removes it; and the outputs equal
 * those of a create run on its own (apart from certificate material and times).
 */
import type { CallRecord, EmulatorHandle } from "../../emulator";
import { serializedProviders, urnOf, type Props, type ProviderServer } from "../support/dynamic-provider-server";
import { useProtocolRig } from "../support/protocol-rig";
import { collectText, expectNoSecrets } from "../support/secret-scan";
import { OWNER_TAG, markOf, usersOf } from "../../provider/resources/vpc-endpoint-ownership";

jest.setTimeout(120_000);

let emu: EmulatorHandle;
let server: ProviderServer;
const providers: Record<string, string> = {};

const secrets = () => [
  emu.credentials.huawei.secretKey,
  emu.credentials.huawei.authToken,
  emu.credentials.tencent.secretKey,
];

/** Outputs that do not depend on the certificate or the time it was made. */
function stable(outs: Props): Props {
  const { kubeconfig: _k, issuedAt: _i, expiresAt: _e, renewAt: _r, __inputs: _in, contextName: _c, ...rest } = outs;
  return rest;
}

async function create(kind: string, name: string, inputs: Props): Promise<{ id: string; properties: Props }> {
  const checked = await server.check({}, { ...inputs, __provider: providers[kind] });
  expect(checked.failures).toEqual([]);
  return server.create(urnOf(kind, name), checked.inputs);
}

// Real default rate limits: no PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS override.
useProtocolRig({ env: { PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS: "" }, secrets }, (rig) => {
  ({ emu, server } = rig);
  Object.assign(providers, serializedProviders(rig.program.dir));
});

const plan = () => [
  ...Array.from({ length: 25 }, (_, i) => ({
    kind: "UcsClusterKubeconfig",
    inputs: { clusterId: emu.seed.ucs.clusters[i % 2].id, contextName: `ucs-${i}` },
    cluster: emu.seed.ucs.clusters[i % 2].id,
  })),
  ...Array.from({ length: 25 }, (_, i) => ({
    kind: "CceClusterKubeconfig",
    inputs: { clusterId: emu.seed.cce.publicCluster.id, validityDays: 30, contextName: `cce-${i}` },
    cluster: emu.seed.cce.publicCluster.id,
  })),
  ...Array.from({ length: 20 }, (_, i) => ({
    kind: "FleetFederationKubeconfig",
    inputs: { clusterGroupId: emu.seed.ucs.fleets.federated.id, validityDays: 30, contextName: `fleet-${i}` },
    cluster: emu.seed.ucs.fleets.federated.id,
  })),
  // TKE at its real 20/s limit, bounded: 30 resources, two calls each (more than one second's worth).
  ...Array.from({ length: 30 }, (_, i) => ({
    kind: "TkeClusterKubeconfig",
    inputs: { clusterId: emu.seed.tke.extranetCluster.id, endpoint: "extranet", contextName: `tke-${i}` },
    cluster: emu.seed.tke.extranetCluster.id,
  })),
];

it("one resource of each kind on its own (the reference outputs)", async () => {
  // Runs first; its outputs are what the concurrent run must reproduce.
  for (const p of plan().filter((_, i) => i === 0 || i === 25 || i === 50 || i === 70)) {
    const created = await create(p.kind, `ref-${p.kind}`, p.inputs);
    reference[p.kind] = stable(created.properties);
  }
  expect(Object.keys(reference).sort()).toEqual([
    "CceClusterKubeconfig",
    "FleetFederationKubeconfig",
    "TkeClusterKubeconfig",
    "UcsClusterKubeconfig",
  ]);
});
const reference: Record<string, Props> = {};

/** The emulator's records of the 100 concurrent creates, for the arrival-window check. */
let burstCalls: CallRecord[] = [];

it("100 creates at once: within the rate limits, one credential each, same outputs as one by one", async () => {
  const work = plan();
  expect(work).toHaveLength(100);
  const before: Record<string, number> = { ...emu.state.issuanceCounts };
  const from = emu.state.calls.length;
  const results = await Promise.all(work.map((p, i) => create(p.kind, `r${i}`, p.inputs)));
  const calls = emu.state.calls.slice(from);

  burstCalls = calls;
  // The vendor-side limiter never had to refuse anything.
  expect(calls.filter((c) => /RequestLimitExceeded|UCS\.01000002|APIGW\.0308/.test(String(c.errorCode)))).toEqual([]);

  // Exactly one credential per resource (TKE: one per sub-account, returned again, never re-minted here).
  const wanted: Record<string, number> = {};
  for (const p of work) if (p.kind !== "TkeClusterKubeconfig") wanted[p.cluster] = (wanted[p.cluster] || 0) + 1;
  for (const [cluster, n] of Object.entries(wanted)) {
    expect((emu.state.issuanceCounts[cluster] || 0) - (before[cluster] || 0)).toBe(n);
  }
  const ucsCalls = calls.filter((c) => c.operation === "CreateClusterKubeconfig");
  // One successful call per resource (a throttled answer, retried, issues nothing).
  const ok = (op: string) => calls.filter((c) => c.operation === op && !c.errorCode);
  expect(ucsCalls.filter((c) => !c.errorCode)).toHaveLength(25);
  expect(ok("CreateKubernetesClusterCert")).toHaveLength(25);
  expect(ok("DescribeClusterKubeconfig")).toHaveLength(30);

  // Same outputs as the resources created on their own, and distinct credentials where the vendor mints.
  for (let i = 0; i < work.length; i++) {
    const ref = reference[work[i].kind];
    const got = stable(results[i].properties);
    if (work[i].kind === "UcsClusterKubeconfig" && work[i].cluster !== emu.seed.ucs.clusters[0].id) {
      expect(Object.keys(got).sort()).toEqual(Object.keys(ref).sort());
    } else {
      expect(got).toEqual(ref);
    }
    expect(results[i].properties.contextName).toBe(work[i].inputs.contextName);
  }
  const minted = results.filter((_, i) => work[i].kind !== "TkeClusterKubeconfig").map((r) => r.properties.kubeconfig);
  expect(new Set(minted).size).toBe(minted.length);
  const { kubeconfig: _k, ...visible } = results[0].properties;
  expectNoSecrets(collectText(visible), secrets());
});

it("100 creates at once: no one-second window of arrivals per operation exceeds the vendor limit + burst", () => {
  // The client's token buckets (rate r, burst b = 1 by default) admit at most r*w + b requests in any window
  // of length w. A request reaches the emulator after its admission, never before, so an arrival window
  // [t, t + 1 s] holds at most the admissions of [t - d, t + 1 s] for network delay d; the strict check
  // allows no slack for that beyond the burst: at most r + b arrivals in every closed one-second window.
  // Every attempt counts (a throttled answer's retry takes a token too). Arrival is CallRecord.receivedAt,
  // stamped before the emulator reads the body or authenticates.
  const burst = 1;
  const vendorRate = (service: string, operation: string) =>
    service === "tke" ? (operation === "DescribeClusterSecurity" ? 100 : 20) : 10;
  const byOp = new Map<string, number[]>();
  for (const c of burstCalls) {
    const key = `${c.service}:${c.operation}`;
    byOp.set(key, [...(byOp.get(key) || []), c.receivedAt.getTime()]);
  }
  expect([...byOp.keys()]).toEqual(
    expect.arrayContaining([
      "cce:CreateKubernetesClusterCert",
      "tke:DescribeClusterEndpointStatus",
      "tke:DescribeClusterKubeconfig",
      "ucs:CreateClusterKubeconfig",
      "ucs:DownloadFederationKubeconfig",
    ]),
  );
  // Each operation's busiest window: its size, the bound, and the arrivals in it (ms after the first).
  const over: { key: string; inWindow: number; allowed: number; arrivalsMs: number[] }[] = [];
  for (const [key, times] of byOp) {
    const [service, operation] = key.split(":");
    const allowed = vendorRate(service, operation) + burst;
    const sorted = [...times].sort((x, y) => x - y);
    let worst = { i: 0, j: 0 };
    for (let i = 0, j = 0; i < sorted.length; i++) {
      while (j < sorted.length && sorted[j] - sorted[i] <= 1000) j++;
      if (j - i > worst.j - worst.i) worst = { i, j };
    }
    const inWindow = worst.j - worst.i;
    if (inWindow > allowed) {
      const arrivalsMs = sorted.slice(worst.i, worst.j).map((t) => t - sorted[worst.i]);
      over.push({ key, inWindow, allowed, arrivalsMs });
    }
  }
  expect(over).toEqual([]);
});

it("concurrent FleetFederationConnection creates for one fleet and VPC make one VPC endpoint", async () => {
  const inputs = {
    clusterGroupId: emu.seed.ucs.fleets.federated.id,
    projectId: emu.credentials.huawei.projectId,
    vpcId: emu.seed.ucs.vpcId,
    subnetId: emu.seed.ucs.subnetId,
    validityDays: 30,
  };
  // Five distinct resources, each with the identity its SDK class would set.
  const owner = (i: number) => `fixture/test/FleetFederationConnection/conn-${i}`;
  const liveEndpoints = () => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
  const from = emu.state.calls.length;
  const liveBefore = liveEndpoints().length;
  const results = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      create("FleetFederationConnection", `conn-${i}`, { ...inputs, __owner: owner(i) }),
    ),
  );
  const calls = emu.state.calls.slice(from);
  expect(calls.filter((c) => c.operation === "CreateFederationConnection")).toHaveLength(1);
  const live = liveEndpoints();
  expect(live).toHaveLength(liveBefore + 1);
  const endpoint = live[live.length - 1];
  expect(new Set(results.map((r) => r.properties.vpcEndpointId))).toEqual(new Set([endpoint.id]));
  // The one that made the endpoint owns it (and is marked as its owner); the others use it, marked as users.
  const owners = results.map((r, i) => (r.properties.vpcEndpointCreated === true ? i : -1)).filter((i) => i >= 0);
  expect(owners).toHaveLength(1);
  expect(results.filter((r) => r.properties.vpcEndpointCreated === false)).toHaveLength(4);
  expect(endpoint.tags.find((t) => t.key === OWNER_TAG)?.value).toBe(markOf(owner(owners[0])));
  const users = [0, 1, 2, 3, 4].filter((i) => i !== owners[0]).map((i) => markOf(owner(i)));
  expect(usersOf({ id: endpoint.id, tags: endpoint.tags }).sort()).toEqual(users.sort());
  // Destroying them one by one (the owner first) keeps the endpoint while any of them still uses it.
  const order = [owners[0], ...[0, 1, 2, 3, 4].filter((i) => i !== owners[0])];
  for (const [n, i] of order.entries()) {
    await server.delete(urnOf("FleetFederationConnection", `conn-${i}`), results[i].id, results[i].properties);
    expect(
      liveEndpoints()
        .map((e) => e.id)
        .includes(endpoint.id),
    ).toBe(n < order.length - 1);
  }
  expect(liveEndpoints()).toHaveLength(liveBefore);
});
