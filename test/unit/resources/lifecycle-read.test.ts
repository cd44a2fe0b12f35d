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
import { NOW, hex32, otherUuid, stateOf, testContext, uuid } from "./lifecycle-support";

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
  ok({ Response: { Clusters: clusterIds.map((ClusterId) => ({ ClusterId })), TotalCount: 1, RequestId: "r" } });
const endpoint = (ownerMark?: string): Canned =>
  ok({ id: otherUuid, tags: ownerMark ? [{ key: OWNER_TAG, value: ownerMark }] : [] });

type Outcome = "kept" | "gone" | { error: RegExp } | { props: Outputs };

interface Row {
  name: string;
  kind: ResourceKind;
  props: Outputs;
  answers: Canned[];
  outcome: Outcome;
}

const rows: Row[] = [
  { name: "UCS cluster answers: kept", kind: "UcsClusterKubeconfig", props: UCS, answers: [ok()], outcome: "kept" },
  {
    name: "UCS cluster not found (UCS.01030001): gone",
    kind: "UcsClusterKubeconfig",
    props: UCS,
    answers: [huawei(404, "UCS.01030001")],
    outcome: "gone",
  },
  {
    name: "UCS gateway 404 (APIGW.0101, wrong region or endpoint): error",
    kind: "UcsClusterKubeconfig",
    props: UCS,
    answers: [huawei(404, "APIGW.0101")],
    outcome: { error: /APIGW\.0101/ },
  },
  {
    name: "UCS 404 without a code: error",
    kind: "UcsClusterKubeconfig",
    props: UCS,
    answers: [huawei(404)],
    outcome: { error: /404/ },
  },
  {
    name: "UCS refusal (403): error",
    kind: "UcsClusterKubeconfig",
    props: UCS,
    answers: [huawei(403, "UCS.00000403")],
    outcome: { error: /403/ },
  },
  { name: "CCE cluster answers: kept", kind: "CceClusterKubeconfig", props: CCE, answers: [ok()], outcome: "kept" },
  {
    name: "CCE cluster not found (CCE.01404001): gone",
    kind: "CceClusterKubeconfig",
    props: CCE,
    answers: [{ status: 404, body: { errorCode: "CCE.01404001", errorMessage: "not found" } }],
    outcome: "gone",
  },
  {
    name: "fleet not found (UCS.01100005): gone",
    kind: "FleetFederationKubeconfig",
    props: FEDERATION,
    answers: [huawei(404, "UCS.01100005")],
    outcome: "gone",
  },
  {
    name: "a fleet call answered with the cluster's not-found code: error",
    kind: "FleetFederationKubeconfig",
    props: FEDERATION,
    answers: [huawei(404, "UCS.01030001")],
    outcome: { error: /UCS\.01030001/ },
  },
  {
    name: "TKE lists the cluster: kept",
    kind: "TkeClusterKubeconfig",
    props: TKE,
    answers: [tke(["cls-abcd1234"])],
    outcome: "kept",
  },
  {
    name: "TKE lists no such cluster: gone",
    kind: "TkeClusterKubeconfig",
    props: TKE,
    answers: [tke([])],
    outcome: "gone",
  },
  {
    name: "TKE refuses the call: error",
    kind: "TkeClusterKubeconfig",
    props: TKE,
    answers: [
      ok({ Response: { Error: { Code: "AuthFailure.UnauthorizedOperation", Message: "no" }, RequestId: "r" } }),
    ],
    outcome: { error: /AuthFailure\.UnauthorizedOperation/ },
  },
  {
    name: "connection endpoint carries this resource's owner mark: kept, owned",
    kind: "FleetFederationConnection",
    props: CONNECTION,
    answers: [endpoint(markOf(IDENTITY))],
    outcome: { props: { ...CONNECTION, vpcEndpointCreated: true } },
  },
  {
    name: "connection endpoint owned by another resource: kept, not owned",
    kind: "FleetFederationConnection",
    props: CONNECTION,
    answers: [endpoint(markOf("proj/stack/FleetFederationConnection/other"))],
    outcome: { props: { ...CONNECTION, vpcEndpointCreated: false } },
  },
  {
    name: "connection endpoint without marks: the state decides",
    kind: "FleetFederationConnection",
    props: CONNECTION,
    answers: [endpoint()],
    outcome: { props: { ...CONNECTION, vpcEndpointCreated: true } },
  },
  {
    name: "connection endpoint deleted outside Pulumi, fleet still there: kept, to connect again",
    kind: "FleetFederationConnection",
    props: CONNECTION,
    answers: [huawei(404, "EndPoint.0005"), ok()],
    outcome: { props: { ...CONNECTION, kubeconfig: "", vpcEndpointId: "", vpcEndpointCreated: false } },
  },
  {
    name: "connection endpoint and fleet both not found: gone",
    kind: "FleetFederationConnection",
    props: CONNECTION,
    answers: [huawei(404, "EndPoint.0005"), huawei(404, "UCS.01100005")],
    outcome: "gone",
  },
  {
    name: "connection endpoint 404 without its code: error",
    kind: "FleetFederationConnection",
    props: CONNECTION,
    answers: [huawei(404)],
    outcome: { error: /404/ },
  },
];

describe.each(rows)("read: $name", (row) => {
  it("answers as the table says", async () => {
    const ctx = testContext({ answers: row.answers });
    const read = provider(row.kind, ctx).read("the-id", row.props);
    if (typeof row.outcome === "object" && "error" in row.outcome) {
      await expect(read).rejects.toThrow(row.outcome.error);
    } else {
      const expected =
        row.outcome === "gone"
          ? { id: "", props: {} }
          : { id: "the-id", props: row.outcome === "kept" ? row.props : row.outcome.props };
      const answer = await read;
      expect(answer).toEqual(expected);
      expect(CHECKED_AT_KEY in answer.props).toBe(false);
    }
    expect(ctx.transport.sent).toHaveLength(row.answers.length);
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
