/**
 * The `diff` decision, one row per case: which input changes replace the resource, which update it in place,
 * which are ignored, how state written by older versions (no copy of the inputs, no renewal time, no check
 * stamp) is read, and when renewal is due, all at the injected clock. The second table is what the provider
 * answers the engine: replacements, `deleteBeforeReplace`, and a move of the recorded region or project.
 */
import { provider, type ResourceKind } from "../../../provider";
import { CHECKED_AT_KEY, UNKNOWN, diffInputs, type Inputs, type Outputs } from "../../../provider/resources/lifecycle";
import { CONFIG, NOW, hex32, otherHex32, otherUuid, stateOf, testContext, uuid } from "./lifecycle-support";

const UCS: Inputs = { clusterId: uuid };
const CCE: Inputs = { clusterId: uuid, region: "cn-north-4", projectId: hex32, validityDays: 30 };
const FLEET: Inputs = { clusterGroupId: uuid, projectId: hex32, vpcId: otherUuid, subnetId: otherUuid };
const FEDERATION: Inputs = { clusterGroupId: uuid };
const TKE: Inputs = { clusterId: "cls-abcd1234", region: "ap-guangzhou" };

const HW_KEYS = { accessKey: "FAKELIFECYCLEACCESSKEY", secretKey: "one-secret-key" };
const iso = (d: Date) => d.toISOString();
const BEFORE_NOW = "2026-04-01T00:00:00.000Z";
const AFTER_NOW = "2026-06-01T00:00:00.000Z";

interface DiffRow {
  name: string;
  kind: ResourceKind;
  olds: Outputs;
  news: Inputs;
  replaces?: string[];
  /** Reasons for an in-place update (none: no update). */
  reasons?: string[];
}

const diffRows: DiffRow[] = [
  { name: "same inputs: no change", kind: "UcsClusterKubeconfig", olds: stateOf(UCS), news: UCS },
  {
    name: "UCS clusterId replaces",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS),
    news: { clusterId: otherUuid },
    replaces: ["clusterId"],
  },
  {
    name: "UCS endpoint replaces",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS),
    news: { ...UCS, endpoint: "external" },
    replaces: ["endpoint"],
  },
  {
    name: "UCS contextName updates in place",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS),
    news: { ...UCS, contextName: "prod" },
    reasons: ["contextName changed"],
  },
  {
    name: "credentials never diff",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS, { credentials: HW_KEYS }),
    news: { ...UCS, credentials: { ...HW_KEYS, secretKey: "another-secret-key" } },
  },
  {
    name: "the check stamp and the derived clusterIdentifier are no inputs",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS, { clusterIdentifier: "huaweicloud/ucs/x/default" }),
    news: { ...UCS, [CHECKED_AT_KEY]: BEFORE_NOW, clusterIdentifier: "huaweicloud/ucs/y/default", __provider: "p" },
  },
  {
    name: "an identity input unknown during preview replaces",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS),
    news: { clusterId: UNKNOWN },
    replaces: ["clusterId"],
  },
  {
    name: "a setting unknown during preview updates",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS),
    news: { ...UCS, namespace: UNKNOWN },
    reasons: ["namespace changed"],
  },
  {
    name: "CCE region, projectId and clusterId replace together",
    kind: "CceClusterKubeconfig",
    olds: stateOf(CCE),
    news: { ...CCE, region: "cn-south-1", projectId: otherHex32, clusterId: otherUuid },
    replaces: ["clusterId", "region", "projectId"],
  },
  {
    name: "CCE validityDays updates in place",
    kind: "CceClusterKubeconfig",
    olds: stateOf(CCE),
    news: { ...CCE, validityDays: 60 },
    reasons: ["validityDays changed"],
  },
  {
    name: "CCE endpoint updates in place (the certificate serves every endpoint)",
    kind: "CceClusterKubeconfig",
    olds: stateOf(CCE),
    news: { ...CCE, endpoint: "internal" },
    reasons: ["endpoint changed"],
  },
  {
    name: "a removed setting updates in place",
    kind: "CceClusterKubeconfig",
    olds: stateOf({ ...CCE, revokeOnDelete: true }),
    news: CCE,
    reasons: ["revokeOnDelete changed"],
  },
  {
    name: "connection vpcId replaces",
    kind: "FleetFederationConnection",
    olds: stateOf(FLEET),
    news: { ...FLEET, vpcId: uuid },
    replaces: ["vpcId"],
  },
  {
    name: "connection adoptVpcEndpoint and vpcEndpointId replace",
    kind: "FleetFederationConnection",
    olds: stateOf(FLEET),
    news: { ...FLEET, vpcEndpointId: uuid, adoptVpcEndpoint: true },
    replaces: ["vpcEndpointId", "adoptVpcEndpoint"],
  },
  {
    name: "connection deleteVpcEndpoint updates in place",
    kind: "FleetFederationConnection",
    olds: stateOf(FLEET),
    news: { ...FLEET, deleteVpcEndpoint: false },
    reasons: ["deleteVpcEndpoint changed"],
  },
  {
    name: "the resolved vpcEndpointId output is not the input",
    kind: "FleetFederationConnection",
    olds: stateOf(FLEET, { vpcEndpointId: otherUuid }),
    news: FLEET,
  },
  {
    name: "federation kubeconfig validityDays updates in place",
    kind: "FleetFederationKubeconfig",
    olds: stateOf(FEDERATION),
    news: { ...FEDERATION, validityDays: 7 },
    reasons: ["validityDays changed"],
  },
  {
    name: "TKE region replaces",
    kind: "TkeClusterKubeconfig",
    olds: stateOf(TKE),
    news: { ...TKE, region: "ap-shanghai" },
    replaces: ["region"],
  },
  {
    name: "TKE renewBeforeDays updates in place",
    kind: "TkeClusterKubeconfig",
    olds: stateOf(TKE),
    news: { ...TKE, renewBeforeDays: 30 },
    reasons: ["renewBeforeDays changed"],
  },
  {
    name: "old state without the copy of the inputs: the echoed inputs, same id, no change",
    kind: "UcsClusterKubeconfig",
    olds: { clusterId: uuid, kubeconfig: "apiVersion: v1\n", renewAt: "" },
    news: UCS,
  },
  {
    name: "old state without the copy of the inputs: a new id still replaces",
    kind: "UcsClusterKubeconfig",
    olds: { clusterId: uuid, kubeconfig: "apiVersion: v1\n", renewAt: "" },
    news: { clusterId: otherUuid },
    replaces: ["clusterId"],
  },
  {
    name: "old state without renewAt: no renewal",
    kind: "UcsClusterKubeconfig",
    olds: { clusterId: uuid, kubeconfig: "apiVersion: v1\n", __inputs: UCS },
    news: { ...UCS, [CHECKED_AT_KEY]: AFTER_NOW },
  },
  {
    name: "state without a kubeconfig (a create that did not finish) updates",
    kind: "FleetFederationConnection",
    olds: stateOf(FLEET, { kubeconfig: "" }),
    news: FLEET,
    reasons: ["no kubeconfig in state"],
  },
  {
    name: "inputs checked before renewAt: no renewal",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS, { renewAt: iso(NOW) }),
    news: { ...UCS, [CHECKED_AT_KEY]: "2026-04-30T23:59:59.999Z" },
  },
  {
    name: "inputs checked exactly at renewAt: renewal due",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS, { renewAt: iso(NOW) }),
    news: { ...UCS, [CHECKED_AT_KEY]: iso(NOW) },
    reasons: [`renewal due since ${iso(NOW)}`],
  },
  {
    name: "inputs checked after renewAt: renewal due, with the other changes",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS, { renewAt: BEFORE_NOW }),
    news: { ...UCS, contextName: "prod", [CHECKED_AT_KEY]: iso(NOW) },
    reasons: ["contextName changed", `renewal due since ${BEFORE_NOW}`],
  },
  {
    name: "unstamped inputs fall back to the clock: past renewAt",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS, { renewAt: BEFORE_NOW }),
    news: UCS,
    reasons: [`renewal due since ${BEFORE_NOW}`],
  },
  {
    name: "unstamped inputs fall back to the clock: before renewAt",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS, { renewAt: AFTER_NOW }),
    news: UCS,
  },
];

describe.each(diffRows)("diff: $name", (row) => {
  it("replaces and updates as the table says", () => {
    const d = diffInputs(row.kind, row.olds, row.news, { now: () => NOW });
    expect(d.replaces).toEqual(row.replaces ?? []);
    expect(d.reasons).toEqual(row.reasons ?? []);
    expect(d.changes).toBe((row.replaces ?? []).length + (row.reasons ?? []).length > 0);
  });
});

interface AnswerRow {
  name: string;
  kind: ResourceKind;
  olds: Outputs;
  news: Inputs;
  answer: { changes: boolean; replaces: string[]; deleteBeforeReplace?: boolean };
}

const recorded = (where: Record<string, string>) => ({ __effective: where });

const answerRows: AnswerRow[] = [
  {
    name: "connection replacement deletes the old one first",
    kind: "FleetFederationConnection",
    olds: stateOf(FLEET),
    news: { ...FLEET, subnetId: uuid },
    answer: { changes: true, replaces: ["subnetId"], deleteBeforeReplace: true },
  },
  {
    name: "connection update is no replacement",
    kind: "FleetFederationConnection",
    olds: stateOf(FLEET),
    news: { ...FLEET, deleteVpcEndpoint: false },
    answer: { changes: true, replaces: [] },
  },
  {
    name: "other kinds create the new one before deleting the old one",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS),
    news: { clusterId: otherUuid },
    answer: { changes: true, replaces: ["clusterId"] },
  },
  {
    name: "stack config now names another region than the recorded one: replace",
    kind: "UcsClusterKubeconfig",
    olds: stateOf(UCS, recorded({ region: "cn-south-1", projectId: hex32, domainId: otherHex32 })),
    news: UCS,
    answer: { changes: true, replaces: ["region"] },
  },
  {
    name: "recorded where the settings still point: no change",
    kind: "CceClusterKubeconfig",
    olds: stateOf(CCE, recorded({ region: "cn-north-4", projectId: hex32, domainId: otherHex32 })),
    news: CCE,
    answer: { changes: false, replaces: [] },
  },
  {
    name: "a moved input is named once",
    kind: "CceClusterKubeconfig",
    olds: stateOf(CCE, recorded({ region: "cn-north-4", projectId: hex32 })),
    news: { ...CCE, region: "cn-south-1" },
    answer: { changes: true, replaces: ["region"] },
  },
  {
    name: "state without recorded settings: nothing moved",
    kind: "TkeClusterKubeconfig",
    olds: stateOf(TKE),
    news: TKE,
    answer: { changes: false, replaces: [] },
  },
];

describe.each(answerRows)("diff answer: $name", (row) => {
  it("is what the engine gets", async () => {
    const answer = await provider(row.kind, testContext()).diff("id", row.olds, row.news);
    expect(answer).toEqual(row.answer);
  });
});

it("the settings come from the injected context, not the process", async () => {
  const elsewhere = testContext({ config: { ...CONFIG, "huaweicloud:region": "cn-south-1" } });
  const olds = stateOf(UCS, recorded({ region: "cn-north-4" }));
  expect((await provider("UcsClusterKubeconfig", elsewhere).diff("id", olds, UCS)).replaces).toEqual(["region"]);
  expect((await provider("UcsClusterKubeconfig", testContext()).diff("id", olds, UCS)).replaces).toEqual([]);
});
