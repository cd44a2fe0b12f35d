/**
 * `refresh` of many TKE resources: their reads share `DescribeClusters` calls (up to 100 ids each) instead of one
 * call per resource, and each still gets the truth about its own cluster: a cluster absent from a complete answer
 * is gone, the others stay; a failed call fails the reads that shared it and drops none.
 */
import { createCertificateAuthority } from "../../../emulator/pki";
import { TRANSPORT_DEFAULTS } from "../../../provider/http";
import type { TencentClient } from "../../../provider/tencentcloud/client";
import * as rig from "../../support/reliability-harness";

jest.setTimeout(120_000);

let emu: rig.EmulatorHandle;
rig.useEmulator({ configure: "once" }, (e) => (emu = e));

const tke = () => rig.p("TkeClusterKubeconfig");

let made = 0;

/** Adds `n` TKE clusters to the emulator (their API servers are never called here) and returns their ids. */
async function moreClusters(n: number): Promise<string[]> {
  const notBefore = new Date(Date.now() - 86_400_000);
  const notAfter = new Date(Date.now() + 86_400_000);
  const clientCa = await createCertificateAuthority({ commonName: "batched-reads-ca", notBefore, notAfter });
  return Array.from({ length: n }, () => {
    const id = `cls-b${String(made++).padStart(7, "0")}`;
    emu.attachExternalCluster({ vendor: "tke", id, server: "https://127.0.0.1:1", serverCaPem: emu.caPem, clientCa });
    return id;
  });
}

/** The outputs of one real create, with another cluster id: what a refresh reads. */
async function outputsLike(): Promise<rig.Props> {
  const checked = await tke().check({}, rig.inputsFor(emu).tke);
  return (await tke().create(checked.inputs)).outs;
}

const describeCalls = (since: number) => emu.state.calls.slice(since).filter((c) => c.operation === "DescribeClusters");

it("150 concurrent reads make 2 DescribeClusters calls; only the deleted cluster is gone", async () => {
  const ids = await moreClusters(149);
  const outs = await outputsLike();
  const deleted = "cls-gone0001";
  const since = emu.state.calls.length;
  const reads = await Promise.all(
    [...ids, deleted].map((clusterId) => tke().read(`tke-${clusterId}`, { ...outs, clusterId })),
  );
  expect(describeCalls(since)).toHaveLength(2);
  const gone = reads.filter((r) => r.id === "").length;
  expect(gone).toBe(1);
  expect(reads[reads.length - 1].id).toBe("");
  expect(reads.slice(0, -1).every((r, i) => r.id === `tke-${ids[i]}`)).toBe(true);
});

it("200 reads sent 8 at a time, as the engine does on two cores, list the account once instead of 25 calls", async () => {
  const ids = await moreClusters(199);
  const outs = await outputsLike();
  const deleted = "cls-gone0002";
  const all = [...ids, deleted];
  const since = emu.state.calls.length;
  const results = new Map<string, string>();
  let next = 0;
  // The engine's step executor: at most `parallel` (4 × cores) reads outstanding, the next sent as one returns.
  const worker = async () => {
    while (next < all.length) {
      const clusterId = all[next++];
      results.set(clusterId, (await tke().read(`tke-${clusterId}`, { ...outs, clusterId })).id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const tkeClusters = emu.state.clusters.filter((c) => c.vendor === "tke").length;
  const calls = describeCalls(since);
  // The first batch by ids, one listing of every cluster of the account, and the deleted one asked about by id.
  expect(calls.length).toBeLessThanOrEqual(1 + Math.ceil(tkeClusters / 100) + 1);
  expect(calls.length).toBeLessThan(all.length / 8);
  expect(results.get(deleted)).toBe("");
  expect(ids.every((id) => results.get(id) === `tke-${id}`)).toBe(true);
});

it("a failed DescribeClusters fails every read that shared it, and none is dropped", async () => {
  const ids = await moreClusters(5);
  const outs = await outputsLike();
  emu.faults.add({ operation: "DescribeClusters", status: 200, vendorCode: "InternalError", times: 20 });
  const since = emu.state.calls.length;
  const reads = await Promise.allSettled(
    ids.map((clusterId) => tke().read(`tke-${clusterId}`, { ...outs, clusterId })),
  );
  expect(reads.map((r) => r.status)).toEqual(ids.map(() => "rejected"));
  // One shared call, retried by the transport, not one (with retries) per read.
  expect(describeCalls(since).length).toBeLessThanOrEqual(TRANSPORT_DEFAULTS.retry.maxAttempts);
  emu.faults.clear();
});

it("the emulator pages DescribeClusters like TKE: 20 clusters unless Limit says otherwise, TotalCount of all", async () => {
  const ids = await moreClusters(30);
  const { tencentApis } = await import("../../../provider/resources/tencent-apis");
  const { contextWith } = await import("../../../provider/resources/context");
  const api = tencentApis(rig.inputsFor(emu).tke, contextWith());
  // Through the client directly, without Limit: the vendor's default page.
  const client = (api.tke as unknown as { client: TencentClient }).client;
  const page = await client.call<{ TotalCount: number; Clusters: unknown[] }>("DescribeClusters", { ClusterIds: ids });
  expect({ total: page.TotalCount, returned: page.Clusters.length }).toEqual({ total: 30, returned: 20 });
  const all = await api.tke.describeClusters(ids);
  expect({ total: all.TotalCount, returned: all.Clusters.length }).toEqual({ total: 30, returned: 30 });
});
