import { Batcher } from "../../../provider/http/batcher";

/** A batcher whose window closes when the test says; records every run. */
function rig(
  maxBatch = 3,
  answer: (ids: string[]) => Promise<Map<string, string>> = async (ids) =>
    new Map(ids.map((id) => [id, `answer ${id}`])),
) {
  const runs: string[][] = [];
  let close: (() => void) | undefined;
  const b = new Batcher<string>({
    windowMs: 20,
    maxBatch,
    run: (ids) => {
      runs.push(ids);
      return answer(ids);
    },
    schedule: (fn) => (close = fn),
  });
  return { b, runs, close: () => close?.() };
}

const settle = () => new Promise((r) => setImmediate(r));

it("coalesces the lookups of one window into one run, each caller getting its own id's answer", async () => {
  const { b, runs, close } = rig(10);
  const all = Promise.all(["a", "b", "a", "c"].map((id) => b.get(id)));
  await settle();
  expect(runs).toEqual([]); // the window is still open
  close();
  expect(await all).toEqual(["answer a", "answer b", "answer a", "answer c"]);
  expect(runs).toEqual([["a", "b", "c"]]); // a repeated id is asked for once
});

it("sends a full batch at once, and the rest in the next window", async () => {
  const { b, runs, close } = rig(2);
  const first = Promise.all([b.get("a"), b.get("b")]);
  expect(await first).toEqual(["answer a", "answer b"]);
  expect(runs).toEqual([["a", "b"]]);
  const next = b.get("c");
  close();
  expect(await next).toBe("answer c");
  expect(runs).toEqual([["a", "b"], ["c"]]);
});

it("a failed run fails every caller of that batch, and the next window starts afresh", async () => {
  let fail = true;
  const { b, runs, close } = rig(10, async (ids) => {
    if (fail) throw new Error("vendor down");
    return new Map(ids.map((id) => [id, "ok"]));
  });
  const failed = [b.get("a"), b.get("b")].map((p) => p.catch((e: Error) => e.message));
  close();
  expect(await Promise.all(failed)).toEqual(["vendor down", "vendor down"]);
  fail = false;
  const ok = b.get("a");
  close();
  expect(await ok).toBe("ok");
  expect(runs).toEqual([["a", "b"], ["a"]]);
});

it("an id the run gave no answer for fails that caller only", async () => {
  const { b, close } = rig(10, async () => new Map([["a", "yes"]]));
  const a = b.get("a");
  const z = b.get("z").catch((e: Error) => e.message);
  close();
  expect(await a).toBe("yes");
  expect(await z).toMatch(/no answer for z/);
});
