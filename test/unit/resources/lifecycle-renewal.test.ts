/**
 * The renewal decision in `diff`, replayed the way the engine (pulumi 3.259, pkg/resource/deploy) calls the
 * provider:
 * - `up` / `preview`: Check(stored inputs, program inputs) now, then Diff(stored outputs, checked inputs);
 * - `refresh`: Read, then Diff(refreshed outputs, the inputs stored at the last `up`), with no Check
 *   (RefreshStep.Apply → diffResource).
 * Renewal is an `up` decision: refresh past `renewAt` reports no change, `up`/`preview` past it plan an
 * in-place update.
 */
import { provider } from "../../../provider";
import {
  CHECKED_AT_KEY,
  diffInputs,
  userInputs,
  type Inputs,
  type Outputs,
} from "../../../provider/resources/lifecycle";

const uuid = "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02";
const otherUuid = "9f8e7d6c-4a5b-11ef-9c6d-0255ac100b02";
const hex32 = "0123456789abcdef0123456789abcdef";
const KIND = "CceClusterKubeconfig" as const;
const PROGRAM: Inputs = { clusterId: uuid, region: "cn-north-4", projectId: hex32, validityDays: 30 };

const RENEW_AT = "2026-06-01T00:00:00.000Z";
const BEFORE = "2026-05-01T00:00:00.000Z";
const AFTER = "2026-06-15T00:00:00.000Z";

/** The provider at `iso`, with its settings in its own context (nothing from the process or the machine). */
const at = (iso: string) =>
  provider(KIND, {
    now: () => new Date(iso),
    config: {
      "huaweicloud:accessKey": "FAKERENEWALACCESSKEY",
      "huaweicloud:secretKey": "fake-renewal-secret-key",
      "huaweicloud:region": "cn-north-4",
    },
    env: {},
  });

/** What `up` at `when` leaves in state: the checked inputs, and outputs whose credential renews at `renewAt`. */
async function stateAfterUp(when: string, renewAt = RENEW_AT): Promise<{ inputs: Inputs; outputs: Outputs }> {
  const checked = await at(when).check({}, PROGRAM);
  expect(checked.failures).toEqual([]);
  const outputs: Outputs = {
    ...userInputs(checked.inputs),
    kubeconfig: "apiVersion: v1\nkind: Config\n",
    renewAt,
    __inputs: userInputs(PROGRAM),
  };
  return { inputs: checked.inputs, outputs };
}

type Op = "up" | "preview" | "refresh";

/** The Diff the engine makes for `op` at `now`, with the inputs it would pass. */
async function engineDiff(op: Op, state: { inputs: Inputs; outputs: Outputs }, now: string, program = PROGRAM) {
  const p = at(now);
  const news = op === "refresh" ? state.inputs : (await p.check(state.inputs, program)).inputs;
  return {
    answer: await p.diff("id", state.outputs, news),
    decision: diffInputs(KIND, state.outputs, news, { now: () => new Date(now) }),
  };
}

interface Row {
  name: string;
  lastUp: string;
  op: Op;
  now: string;
  renewAt?: string;
  program?: Inputs;
  /** Stored inputs as a provider without the check stamp wrote them. */
  unstamped?: boolean;
  changes: boolean;
  replaces?: string[];
  renewal: boolean;
}

const rows: Row[] = [
  {
    name: "refresh past renewAt reports no change",
    lastUp: BEFORE,
    op: "refresh",
    now: AFTER,
    changes: false,
    renewal: false,
  },
  {
    name: "refresh long after expiry still reports no change",
    lastUp: BEFORE,
    op: "refresh",
    now: "2030-01-01T00:00:00.000Z",
    changes: false,
    renewal: false,
  },
  {
    name: "refresh before renewAt reports no change",
    lastUp: BEFORE,
    op: "refresh",
    now: BEFORE,
    changes: false,
    renewal: false,
  },
  {
    name: "preview past renewAt plans an update",
    lastUp: BEFORE,
    op: "preview",
    now: AFTER,
    changes: true,
    renewal: true,
  },
  { name: "up past renewAt renews in place", lastUp: BEFORE, op: "up", now: AFTER, changes: true, renewal: true },
  { name: "up exactly at renewAt renews", lastUp: BEFORE, op: "up", now: RENEW_AT, changes: true, renewal: true },
  {
    name: "up before renewAt changes nothing",
    lastUp: BEFORE,
    op: "up",
    now: "2026-05-31T23:59:59.999Z",
    changes: false,
    renewal: false,
  },
  {
    name: "renewal off (no renewAt): up never renews",
    lastUp: BEFORE,
    op: "up",
    now: AFTER,
    renewAt: "",
    changes: false,
    renewal: false,
  },
  {
    name: "up past renewAt with a new clusterId replaces",
    lastUp: BEFORE,
    op: "up",
    now: AFTER,
    program: { ...PROGRAM, clusterId: otherUuid },
    changes: true,
    replaces: ["clusterId"],
    renewal: true,
  },
  {
    // E.g. a certificate that lives shorter than its renewal lead: that up renewed and renewAt is still behind it.
    name: "stored inputs checked at or after renewAt: refresh reports the renewal as due",
    lastUp: AFTER,
    op: "refresh",
    now: AFTER,
    changes: true,
    renewal: true,
  },
  {
    // Inputs without the stamp (state written before it existed): never skip a renewal; the next up stamps them.
    name: "unstamped stored inputs: refresh past renewAt falls back to the clock",
    lastUp: BEFORE,
    op: "refresh",
    now: AFTER,
    unstamped: true,
    changes: true,
    renewal: true,
  },
];

describe.each(rows)("$name", (row) => {
  it("diff answers as the engine needs", async () => {
    const state = await stateAfterUp(row.lastUp, row.renewAt ?? RENEW_AT);
    if (row.unstamped) delete state.inputs[CHECKED_AT_KEY];
    const { answer, decision } = await engineDiff(row.op, state, row.now, row.program);
    expect(answer.changes).toBe(row.changes);
    expect(answer.replaces).toEqual(row.replaces ?? []);
    expect(decision.reasons.some((r) => r.startsWith("renewal due"))).toBe(row.renewal);
  });
});

describe("the check stamp", () => {
  it("check records when it ran, as a hidden input", async () => {
    const checked = await at(AFTER).check({}, PROGRAM);
    expect(checked.inputs[CHECKED_AT_KEY]).toBe(AFTER);
    expect(CHECKED_AT_KEY.startsWith("__")).toBe(true);
  });

  it("a user-supplied stamp is replaced by check's own", async () => {
    const checked = await at(BEFORE).check({}, { ...PROGRAM, [CHECKED_AT_KEY]: AFTER });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs[CHECKED_AT_KEY]).toBe(BEFORE);
  });

  it("the stamp alone is not a change, and it is no user input", async () => {
    const state = await stateAfterUp(BEFORE);
    const later = (await at("2026-05-20T00:00:00.000Z").check(state.inputs, PROGRAM)).inputs;
    expect(later[CHECKED_AT_KEY]).not.toBe(state.inputs[CHECKED_AT_KEY]);
    expect(await at("2026-05-20T00:00:00.000Z").diff("id", state.outputs, later)).toEqual({
      changes: false,
      replaces: [],
    });
    expect(userInputs(later)[CHECKED_AT_KEY]).toBeUndefined();
  });
});
