/**
 * The answers TKE reads get when many come in a row (a refresh): the first batch asks about its ids, later ones
 * use one listing of the account; gone is decided only by an answer about the id itself.
 */
import { ClusterLookups } from "../../../provider/resources/tencent-apis";

interface Page {
  TotalCount: number;
  Clusters: { ClusterId: string }[];
}

/** A TKE API over a fixed account, recording each DescribeClusters call as `ids:…` or `list:<offset>`. */
function fakeTke(account: string[], opts: { failListing?: boolean } = {}) {
  const calls: string[] = [];
  const page = (list: string[], offset: number, limit: number): Page => ({
    TotalCount: list.length,
    Clusters: list.slice(offset, offset + limit).map((ClusterId) => ({ ClusterId })),
  });
  const tke = {
    async describeClusters(ids: string[]): Promise<Page> {
      calls.push(`ids:${ids.join(",")}`);
      return page(
        account.filter((id) => ids.includes(id)),
        0,
        ids.length,
      );
    },
    async listClusters(offset: number): Promise<Page> {
      calls.push(`list:${offset}`);
      if (opts.failListing) throw new Error("InternalError");
      return page(account, offset, 100);
    },
  };
  return { tke: tke as never, calls };
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Lookups over `account` that have seen two small batches in a row (cls-0, then cls-1 10 ms later). */
async function afterTwoBatches(account: string[], opts: { failListing?: boolean } = {}) {
  const { tke, calls } = fakeTke(account, opts);
  const clock = { now: 0 };
  const lookups = new ClusterLookups({ tke }, () => clock.now);
  await lookups.answer(["cls-0"]);
  clock.now += 10;
  const second = await lookups.answer(["cls-1"]);
  return { lookups, calls, clock, second };
}

it("a lone batch asks about its ids; the next batch soon after lists the account once for every later batch", async () => {
  const account = ids("cls-", 250);
  const { tke, calls } = fakeTke(account);
  let now = 0;
  const lookups = new ClusterLookups({ tke }, () => now);
  for (let b = 0; b < 25; b++, now += 100) {
    const answers = await lookups.answer(account.slice(b * 8, b * 8 + 8));
    expect([...answers.values()].every(Boolean)).toBe(true);
  }
  expect(calls).toEqual([`ids:${account.slice(0, 8).join(",")}`, "list:0", "list:100", "list:200"]);
});

it("a cluster missing from the listing is asked about by id before it is called gone", async () => {
  const account = ids("cls-", 20);
  const { tke, calls } = fakeTke(account);
  let now = 0;
  const lookups = new ClusterLookups({ tke }, () => now);
  await lookups.answer(["cls-0"]);
  now += 10;
  const answers = await lookups.answer(["cls-1", "cls-gone"]);
  expect(Object.fromEntries(answers)).toEqual({ "cls-1": true, "cls-gone": false });
  expect(calls).toEqual(["ids:cls-0", "list:0", "ids:cls-gone"]);
});

it("an account larger than the listing bound, or a failed listing, is asked about by ids", async () => {
  for (const [account, opts] of [[ids("cls-", 501), {}] as const, [ids("cls-", 5), { failListing: true }] as const]) {
    const { calls, second } = await afterTwoBatches([...account], opts);
    expect(Object.fromEntries(second)).toEqual({ "cls-1": true });
    expect(calls).toEqual(["ids:cls-0", "list:0", "ids:cls-1"]);
  }
});

it("a listing answers for 30 s; a single read later asks about its id again", async () => {
  const { lookups, calls, clock } = await afterTwoBatches(ids("cls-", 5));
  clock.now += 20_000;
  await lookups.answer(["cls-2"]);
  clock.now += 60_000;
  await lookups.answer(["cls-3"]);
  expect(calls).toEqual(["ids:cls-0", "list:0", "ids:cls-3"]);
});

it("full batches in a row ask by ids (a listing would not save calls)", async () => {
  const account = ids("cls-", 150);
  const { tke, calls } = fakeTke(account);
  const lookups = new ClusterLookups({ tke }, () => 0);
  await lookups.answer(account.slice(0, 100));
  await lookups.answer(account.slice(100));
  expect(calls.map((c) => c.split(":")[0])).toEqual(["ids", "ids"]);
});

it("a listing older than a cluster it lacks is not used again", async () => {
  const account = ids("cls-", 3);
  const { lookups, calls, clock } = await afterTwoBatches(account);
  account.push("cls-new");
  clock.now += 10;
  expect(Object.fromEntries(await lookups.answer(["cls-new"]))).toEqual({ "cls-new": true });
  clock.now += 10;
  await lookups.answer(["cls-2", "cls-new"]);
  expect(calls).toEqual(["ids:cls-0", "list:0", "ids:cls-new", "list:0"]);
});

it("once a listing is in, a listed cluster is present at once; others still go by id", async () => {
  const fresh = new ClusterLookups({ tke: fakeTke(ids("cls-", 5)).tke }, () => 0);
  expect(fresh.listedNow("cls-0")).toBe(false);
  const { lookups, calls, clock } = await afterTwoBatches(ids("cls-", 5));
  expect(lookups.listedNow("cls-2")).toBe(true);
  expect(lookups.listedNow("cls-gone")).toBe(false);
  clock.now += 30_000;
  expect(lookups.listedNow("cls-2")).toBe(false);
  expect(calls).toEqual(["ids:cls-0", "list:0"]);
});
