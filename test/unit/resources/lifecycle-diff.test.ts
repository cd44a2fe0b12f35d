/**
 * The `diff` decision, one row per case: which input changes replace the resource, which update it in place,
 * which are ignored, how state written by older versions (no copy of the inputs, no renewal time, no check
 * stamp) is read, and when renewal is due, all at the injected clock. The second table is what the provider
 * answers the engine: replacements, `deleteBeforeReplace`, and a move of the recorded region or project.
 */
import { provider, type ResourceKind } from "../../../provider";
import { CHECKED_AT_KEY, UNKNOWN, diffInputs, type Inputs, type Outputs } from "../../../provider/resources/lifecycle";
import {
  C,
  CONFIG,
  F,
  K,
  NOW,
  T,
  U,
  hex32,
  otherHex32,
  otherUuid,
  stateOf,
  testContext,
  uuid,
} from "./lifecycle-support";

const UCS: Inputs = { clusterId: uuid };
const CCE: Inputs = { clusterId: uuid, region: "cn-north-4", projectId: hex32, validityDays: 30 };
const FLEET: Inputs = { clusterGroupId: uuid, projectId: hex32, vpcId: otherUuid, subnetId: otherUuid };
const FEDERATION: Inputs = { clusterGroupId: uuid };
const TKE: Inputs = { clusterId: "cls-abcd1234", region: "ap-guangzhou" };

const HW_KEYS = { accessKey: "FAKELIFECYCLEACCESSKEY", secretKey: "one-secret-key" };
const iso = (d: Date) => d.toISOString();
const BEFORE_NOW = "2026-04-01T00:00:00.000Z";
const AFTER_NOW = "2026-06-01T00:00:00.000Z";

const NO_COPY = { clusterId: uuid, kubeconfig: "apiVersion: v1\n", renewAt: "" };
const renewing = (at: string) => stateOf(UCS, { renewAt: at });
const checkedAt = (at: string, inputs: Inputs = UCS) => ({ ...inputs, [CHECKED_AT_KEY]: at });
const due = (at: string) => `renewal due since ${at}`;

/** name, kind, old outputs, new inputs, what replaces, why it updates in place. */
type DiffRow = [string, ResourceKind, Outputs, Inputs, string[], string[]];

const diffRows: DiffRow[] = [
  ["same inputs: no change", U, stateOf(UCS), UCS, [], []],
  ["UCS clusterId replaces", U, stateOf(UCS), { clusterId: otherUuid }, ["clusterId"], []],
  ["UCS endpoint replaces", U, stateOf(UCS), { ...UCS, endpoint: "external" }, ["endpoint"], []],
  ["UCS contextName updates in place", U, stateOf(UCS), { ...UCS, contextName: "prod" }, [], ["contextName changed"]],
  [
    "credentials never diff",
    U,
    stateOf(UCS, { credentials: HW_KEYS }),
    { ...UCS, credentials: { ...HW_KEYS, secretKey: "another-secret-key" } },
    [],
    [],
  ],
  [
    "the check stamp and the derived clusterIdentifier are no inputs",
    U,
    stateOf(UCS, { clusterIdentifier: "huaweicloud/ucs/x/default" }),
    { ...checkedAt(BEFORE_NOW), clusterIdentifier: "huaweicloud/ucs/y/default", __provider: "p" },
    [],
    [],
  ],
  ["an identity input unknown during preview replaces", U, stateOf(UCS), { clusterId: UNKNOWN }, ["clusterId"], []],
  [
    "a setting unknown during preview updates",
    U,
    stateOf(UCS),
    { ...UCS, namespace: UNKNOWN },
    [],
    ["namespace changed"],
  ],
  [
    "CCE region, projectId and clusterId replace together",
    C,
    stateOf(CCE),
    { ...CCE, region: "cn-south-1", projectId: otherHex32, clusterId: otherUuid },
    ["clusterId", "region", "projectId"],
    [],
  ],
  ["CCE validityDays updates in place", C, stateOf(CCE), { ...CCE, validityDays: 60 }, [], ["validityDays changed"]],
  [
    "CCE endpoint updates in place (one certificate serves every endpoint)",
    C,
    stateOf(CCE),
    { ...CCE, endpoint: "internal" },
    [],
    ["endpoint changed"],
  ],
  [
    "a removed setting updates in place",
    C,
    stateOf({ ...CCE, revokeOnDelete: true }),
    CCE,
    [],
    ["revokeOnDelete changed"],
  ],
  ["connection vpcId replaces", F, stateOf(FLEET), { ...FLEET, vpcId: uuid }, ["vpcId"], []],
  [
    "connection adoptVpcEndpoint and vpcEndpointId replace",
    F,
    stateOf(FLEET),
    { ...FLEET, vpcEndpointId: uuid, adoptVpcEndpoint: true },
    ["vpcEndpointId", "adoptVpcEndpoint"],
    [],
  ],
  [
    "connection deleteVpcEndpoint updates in place",
    F,
    stateOf(FLEET),
    { ...FLEET, deleteVpcEndpoint: false },
    [],
    ["deleteVpcEndpoint changed"],
  ],
  [
    "the resolved vpcEndpointId output is not the input",
    F,
    stateOf(FLEET, { vpcEndpointId: otherUuid }),
    FLEET,
    [],
    [],
  ],
  [
    "federation kubeconfig validityDays updates in place",
    K,
    stateOf(FEDERATION),
    { ...FEDERATION, validityDays: 7 },
    [],
    ["validityDays changed"],
  ],
  ["TKE region replaces", T, stateOf(TKE), { ...TKE, region: "ap-shanghai" }, ["region"], []],
  [
    "TKE renewBeforeDays updates in place",
    T,
    stateOf(TKE),
    { ...TKE, renewBeforeDays: 30 },
    [],
    ["renewBeforeDays changed"],
  ],
  ["old state without the copy of the inputs: the echoed inputs, same id, no change", U, NO_COPY, UCS, [], []],
  [
    "old state without the copy of the inputs: a new id still replaces",
    U,
    NO_COPY,
    { clusterId: otherUuid },
    ["clusterId"],
    [],
  ],
  [
    "old state without renewAt: no renewal",
    U,
    { ...NO_COPY, renewAt: undefined, __inputs: UCS },
    checkedAt(AFTER_NOW),
    [],
    [],
  ],
  [
    "state without a kubeconfig (a create that did not finish) updates",
    F,
    stateOf(FLEET, { kubeconfig: "" }),
    FLEET,
    [],
    ["no kubeconfig in state"],
  ],
  ["inputs checked before renewAt: no renewal", U, renewing(iso(NOW)), checkedAt("2026-04-30T23:59:59.999Z"), [], []],
  ["inputs checked exactly at renewAt: renewal due", U, renewing(iso(NOW)), checkedAt(iso(NOW)), [], [due(iso(NOW))]],
  [
    "inputs checked after renewAt: renewal due, with the other changes",
    U,
    renewing(BEFORE_NOW),
    checkedAt(iso(NOW), { ...UCS, contextName: "prod" }),
    [],
    ["contextName changed", due(BEFORE_NOW)],
  ],
  ["unstamped inputs fall back to the clock: past renewAt", U, renewing(BEFORE_NOW), UCS, [], [due(BEFORE_NOW)]],
  ["unstamped inputs fall back to the clock: before renewAt", U, renewing(AFTER_NOW), UCS, [], []],
];

describe.each(diffRows)("diff: %s", (_name, kind, olds, news, replaces, reasons) => {
  it("replaces and updates as the table says", () => {
    const d = diffInputs(kind, olds, news, { now: () => NOW });
    expect(d.replaces).toEqual(replaces);
    expect(d.reasons).toEqual(reasons);
    expect(d.changes).toBe(replaces.length + reasons.length > 0);
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
