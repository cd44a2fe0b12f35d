/**
 * A CCE endpoint the cluster cannot serve fails before anything is minted: `external` and `externalTLSVerify`
 * need the cluster's public address (an EIP), which CCE ShowCluster lists in `status.endpoints` as
 * `{ url, type: "External" }` next to `{ url, type: "Internal" }` (huaweicloud-sdk-go-v3 services/cce/v3/model
 * ClusterStatus / ClusterEndpoints). Asking a private cluster for one makes no `clustercert` call.
 */
import { huaweiApis } from "../../../provider/resources/huawei-apis";
import { contextWith } from "../../../provider/resources/context";
import { callsOf, failureOf, p, useEmulator, type EmulatorHandle, type Props } from "../../support/reliability-harness";

jest.setTimeout(60_000);

let emu: EmulatorHandle;
const cce = () => p("CceClusterKubeconfig");
const privateId = () => emu.seed.cce.privateCluster.id;
const publicId = () => emu.seed.cce.publicCluster.id;
const issued = (id: string) => emu.state.issuanceCounts[id] ?? 0;

useEmulator({ configure: "once", unthrottled: false, resetAfterEach: false }, (e) => (emu = e));

async function createFailure(inputs: Props): Promise<Error & Record<string, any>> {
  const checked = await cce().check({}, inputs);
  expect(checked.failures).toEqual([]);
  return failureOf(emu, () => cce().create(checked.inputs));
}

describe("emulator ShowCluster", () => {
  it("lists the endpoints as CCE documents them: Internal always, External only with a public address", async () => {
    const apis = huaweiApis({}, contextWith());
    const projectId = await apis.projectId();
    const priv = (await apis.cce.showCluster(projectId, privateId())) as any;
    const pub = (await apis.cce.showCluster(projectId, publicId())) as any;
    expect(priv.status.endpoints).toEqual([{ url: expect.stringMatching(/^https:\/\//), type: "Internal" }]);
    expect(pub.status.endpoints.map((e: { type: string }) => e.type)).toEqual(["Internal", "External"]);
    for (const e of pub.status.endpoints) expect(e.url).toMatch(/^https:\/\//);
  });
});

describe.each(["external", "externalTLSVerify"])('endpoint "%s"', (endpoint) => {
  it("on a private cluster fails before clustercert, naming the cluster, the endpoint and what there is", async () => {
    const before = issued(privateId());
    const from = emu.state.calls.length;
    const err = await createFailure({ clusterId: privateId(), validityDays: 30, endpoint });
    expect(err.message).toContain(privateId());
    expect(err.message).toContain(`"${endpoint}"`);
    expect(err.message).toMatch(/internal/);
    expect(err.message).toMatch(/no public address|no External endpoint/);
    expect(issued(privateId())).toBe(before);
    expect(callsOf(emu, "CreateKubernetesClusterCert", from)).toEqual([]);
    expect(callsOf(emu, "ShowCluster", from).length).toBe(1);
  });

  it("on a public cluster issues once", async () => {
    const before = issued(publicId());
    const checked = await cce().check({}, { clusterId: publicId(), validityDays: 30, endpoint });
    const created = await cce().create(checked.inputs);
    expect(created.outs.endpoint).toBe(endpoint);
    expect(issued(publicId())).toBe(before + 1);
  });
});

it("the internal endpoint of a private cluster needs no ShowCluster and issues once", async () => {
  const before = issued(privateId());
  const from = emu.state.calls.length;
  const checked = await cce().check({}, { clusterId: privateId(), validityDays: 30, endpoint: "internal" });
  await cce().create(checked.inputs);
  expect(issued(privateId())).toBe(before + 1);
  expect(callsOf(emu, "ShowCluster", from)).toEqual([]);
});
