/**
 * `read` (what `pulumi refresh` keeps), one row per vendor answer: the state is kept as it is (read never mints
 * and never stamps a check time), a resource is "gone" only on its own not-found answer, and every other answer
 * (a gateway 404, a 404 without the object's code, a refusal) is an error. The vendor answers come from a
 * transport double in the injected context, and requests are signed with the injected clock.
 */
import { provider, type ResourceKind } from "../../../provider";
import { CHECKED_AT_KEY, type Outputs } from "../../../provider/resources/lifecycle";
import { markOf, OWNER_TAG } from "../../../provider/resources/vpc-endpoint-ownership";
import type { Canned } from "../clients/fake-transport";
import { C, F, K, NOW, T, U, hex32, otherUuid, stateOf, testContext, uuid } from "./lifecycle-support";

const UCS = stateOf({ clusterId: uuid });
const CCE = stateOf({ clusterId: uuid, region: "cn-north-4", projectId: hex32 });
const FEDERATION = stateOf({ clusterGroupId: uuid });
const TKE = stateOf({ clusterId: "cls-abcd1234", region: "ap-guangzhou" });
const IDENTITY = "proj/stack/FleetFederationConnection/conn";
const CONNECTION = stateOf(
  { clusterGroupId: uuid, projectId: hex32, vpcId: otherUuid, subnetId: otherUuid },
  { vpcEndpointId: otherUuid, vpcEndpointCreated: true, __owner: IDENTITY },
);

const huawei = (status: number, code?: string): Canned => ({
  status,
  body: code ? { error_code: code, error_msg: "answer" } : "",
});
const ok = (body: object = {}): Canned => ({ status: 200, body });
const tke = (clusterIds: string[]): Canned =>
  ok({
    Response: {
      Clusters: clusterIds.map((ClusterId) => ({ ClusterId })),
      TotalCount: clusterIds.length,
      RequestId: "r",
    },
  });
const endpoint = (ownerMark?: string): Canned =>
  ok({ id: otherUuid, tags: ownerMark ? [{ key: OWNER_TAG, value: ownerMark }] : [] });

type Outcome = "kept" | "gone" | { error: RegExp } | { props: Outputs };

const owned = (mark: string) => [endpoint(markOf(mark))];
const KEPT: Outcome = "kept";
const GONE: Outcome = "gone";
const error = (pattern: RegExp): Outcome => ({ error: pattern });
const connection = (changes: Outputs): Outcome => ({ props: { ...CONNECTION, ...changes } });
const tkeRefusal = ok({
  Response: { Error: { Code: "AuthFailure.UnauthorizedOperation", Message: "no" }, RequestId: "r" },
});

/** name, kind, state, the vendor's answers in order, what read returns. */
type Row = [string, ResourceKind, Outputs, Canned[], Outcome];

const rows: Row[] = [
  ["UCS cluster answers: kept", U, UCS, [ok()], KEPT],
  ["UCS cluster not found (UCS.01030001): gone", U, UCS, [huawei(404, "UCS.01030001")], GONE],
  [
    "UCS gateway 404 (APIGW.0101, wrong region or endpoint): error",
    U,
    UCS,
    [huawei(404, "APIGW.0101")],
    error(/APIGW\.0101/),
  ],
  ["UCS 404 without a code: error", U, UCS, [huawei(404)], error(/404/)],
  ["UCS refusal (403): error", U, UCS, [huawei(403, "UCS.00000403")], error(/403/)],
  ["CCE cluster answers: kept", C, CCE, [ok()], KEPT],
  ["CCE cluster not found (CCE.01404001): gone", C, CCE, [{ status: 404, body: { errorCode: "CCE.01404001" } }], GONE],
  ["fleet not found (UCS.01100005): gone", K, FEDERATION, [huawei(404, "UCS.01100005")], GONE],
  [
    "a fleet call answered with the cluster's not-found code: error",
    K,
    FEDERATION,
    [huawei(404, "UCS.01030001")],
    error(/UCS\.01030001/),
  ],
  ["TKE lists the cluster: kept", T, TKE, [tke(["cls-abcd1234"])], KEPT],
  ["TKE lists no such cluster: gone", T, TKE, [tke([])], GONE],
  ["TKE refuses the call: error", T, TKE, [tkeRefusal], error(/AuthFailure\.UnauthorizedOperation/)],
  [
    "connection endpoint carries this resource's owner mark: kept, owned",
    F,
    CONNECTION,
    owned(IDENTITY),
    connection({ vpcEndpointCreated: true }),
  ],
  [
    "connection endpoint owned by another resource: kept, not owned",
    F,
    CONNECTION,
    owned(`${IDENTITY}-other`),
    connection({ vpcEndpointCreated: false }),
  ],
  [
    "connection endpoint without marks: the state decides",
    F,
    CONNECTION,
    [endpoint()],
    connection({ vpcEndpointCreated: true }),
  ],
  [
    "connection endpoint deleted outside Pulumi, fleet still there: kept, to connect again",
    F,
    CONNECTION,
    [huawei(404, "EndPoint.0005"), ok()],
    connection({ kubeconfig: "", vpcEndpointId: "", vpcEndpointCreated: false }),
  ],
  [
    "connection endpoint and fleet both not found: gone",
    F,
    CONNECTION,
    [huawei(404, "EndPoint.0005"), huawei(404, "UCS.01100005")],
    GONE,
  ],
  ["connection endpoint 404 without its code: error", F, CONNECTION, [huawei(404)], error(/404/)],
];

describe.each(rows)("read: %s", (_name, kind, props, answers, outcome) => {
  it("answers as the table says", async () => {
    const ctx = testContext({ answers });
    const read = provider(kind, ctx).read("the-id", props);
    if (typeof outcome === "object" && "error" in outcome) {
      await expect(read).rejects.toThrow(outcome.error);
    } else {
      const expected =
        outcome === "gone"
          ? { id: "", props: {} }
          : { id: "the-id", props: outcome === "kept" ? props : outcome.props };
      const answer = await read;
      expect(answer).toEqual(expected);
      expect(CHECKED_AT_KEY in answer.props).toBe(false);
    }
    expect(ctx.transport.sent).toHaveLength(answers.length);
  });
});

describe("read in context", () => {
  it("signs with the injected clock (Huawei X-Sdk-Date, TKE X-TC-Timestamp)", async () => {
    const hw = testContext({ answers: [ok()] });
    await provider("UcsClusterKubeconfig", hw).read("id", UCS);
    expect(hw.transport.sent[0].headers["x-sdk-date"]).toBe("20260501T000000Z");
    const tc = testContext({ answers: [tke(["cls-abcd1234"])] });
    await provider("TkeClusterKubeconfig", tc).read("id", TKE);
    expect(tc.transport.sent[0].headers["x-tc-timestamp"]).toBe(String(NOW.getTime() / 1000));
  });

  it("acts where the resource was recorded, and keeps the recorded settings out of the outputs", async () => {
    const props = stateOf({ clusterId: uuid }, { __effective: { region: "cn-south-1", projectId: hex32 } });
    const ctx = testContext({ answers: [ok()] });
    const answer = await provider("CceClusterKubeconfig", ctx).read("id", props);
    expect(ctx.transport.sent[0].url.host).toBe("cce.cn-south-1.myhuaweicloud.com");
    expect(ctx.transport.sent[0].url.pathname).toBe(`/api/v3/projects/${hex32}/clusters/${uuid}`);
    expect(answer).toEqual({ id: "id", props });
    const connection = { ...CONNECTION, __effective: { region: "cn-south-1" } };
    const fleet = testContext({ answers: [endpoint(markOf(IDENTITY))] });
    const read = await provider("FleetFederationConnection", fleet).read("id", connection);
    expect(fleet.transport.sent[0].url.host).toBe("vpcep.cn-south-1.myhuaweicloud.com");
    expect(read.props).toEqual(connection);
    expect("region" in read.props).toBe(false);
  });

  it("delete of a connection whose endpoint is gone (EndPoint.0005) is done; another 404 is an error", async () => {
    const gone = testContext({ answers: [huawei(404, "EndPoint.0005")] });
    await expect(provider("FleetFederationConnection", gone).delete("id", CONNECTION)).resolves.toBeUndefined();
    const unexplained = testContext({ answers: [huawei(404)] });
    await expect(provider("FleetFederationConnection", unexplained).delete("id", CONNECTION)).rejects.toThrow(/404/);
  });
});
