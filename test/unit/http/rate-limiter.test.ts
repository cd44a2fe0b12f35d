import { DEFAULT_HEADROOM, RateLimiter, parseRateLimits } from "../../../provider/http";
import { HUAWEI_RATE_LIMIT } from "../../../provider/huaweicloud/rate-limits";
import { TKE_RATE_LIMITS, tkeRateLimit } from "../../../provider/tencentcloud/rate-limits";
import { FakeClock } from "./fake-clock";

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Starts `n` concurrent acquires at the current time; records each admission's time and caller index. */
function startCallers(limiter: RateLimiter, clock: FakeClock, key: string, n: number) {
  const admitted: Array<{ i: number; at: number }> = [];
  const all = Array.from({ length: n }, (_, i) => limiter.acquire(key).then(() => admitted.push({ i, at: clock.t })));
  return { admitted, all: Promise.all(all) };
}

describe("RateLimiter", () => {
  it("holds the configured rate across concurrent callers, FIFO", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "" });
    limiter.setRateLimit("tencentcloud:DescribeClusterKubeconfig", { ratePerSecond: 5, burst: 2 });
    const { admitted, all } = startCallers(limiter, clock, "tencentcloud:DescribeClusterKubeconfig", 30);
    await clock.advance(10_000, 10);
    await all;
    expect(admitted).toHaveLength(30);
    // Arrival order is admission order.
    expect(admitted.map((a) => a.i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // In any one-second window at most burst + rate admissions; overall, the rate is actually reached.
    for (const a of admitted) {
      const inWindow = admitted.filter((b) => b.at >= a.at && b.at < a.at + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(2 + 5);
    }
    for (let t = 0; t <= 10_000; t += 250) {
      expect(admitted.filter((a) => a.at <= t).length).toBeLessThanOrEqual(2 + Math.floor((t * 5) / 1000));
    }
    const last = admitted[admitted.length - 1].at;
    expect(last).toBeGreaterThanOrEqual(((30 - 2) / 5) * 1000);
    expect(last).toBeLessThanOrEqual(((30 - 2) / 5) * 1000 + 10);
  });

  it("keeps separate buckets per key", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "huaweicloud:*=1" });
    const a = startCallers(limiter, clock, "huaweicloud:ShowCluster", 2);
    const b = startCallers(limiter, clock, "huaweicloud:CreateClusterKubeconfig", 1);
    await flush();
    expect(a.admitted.map((x) => x.at)).toEqual([0]);
    expect(b.admitted.map((x) => x.at)).toEqual([0]);
    await clock.advance(1000, 10);
    expect(a.admitted.map((x) => x.at)).toEqual([0, 1000]);
  });

  it("refills after idling, up to burst only", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "x:y=2:3" });
    await clock.advance(60_000, 1000);
    const { admitted } = startCallers(limiter, clock, "x:y", 5);
    await flush();
    await clock.advance(1000, 10);
    expect(admitted.map((a) => a.at)).toEqual([0, 0, 0, 500, 1000].map((d) => 60_000 + d));
  });

  it("an aborted waiter rejects with the signal's reason and does not hold up the others", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:op=1" });
    await limiter.acquire("k:op");
    const ctl = new AbortController();
    const waiting = limiter.acquire("k:op", ctl.signal);
    const order: string[] = [];
    const next = limiter.acquire("k:op").then(() => order.push(`next@${clock.t}`));
    ctl.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    await clock.advance(2000, 10);
    await next;
    // The next caller takes the aborted one's place in the queue.
    expect(order).toEqual(["next@1000"]);
    const later = limiter.acquire("k:op").then(() => order.push(`later@${clock.t}`));
    await flush();
    await clock.advance(1000, 10);
    await later;
    expect(order[1]).toBe("later@2000");
  });

  it("after a stall (timers firing late), releases waiters one interval apart from the real release: no bunch", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:op=5" });
    const { admitted, all } = startCallers(limiter, clock, "k:op", 5);
    await flush();
    expect(admitted.map((a) => a.at)).toEqual([0]);
    // The event loop is blocked for 3 s: every timer due meanwhile fires at once, at 3000.
    await clock.advance(3000, 3000);
    expect(admitted.map((a) => a.at)).toEqual([0, 3000]);
    await clock.advance(1000, 10);
    await all;
    expect(admitted.map((a) => a.at)).toEqual([0, 3000, 3200, 3400, 3600]);
  });

  it("a throttled answer pauses its key for Retry-After and halves its rate, which climbs back to the limit", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:op=10" });
    await limiter.acquire("k:op");
    limiter.throttled("k:op", 2000);
    expect(limiter.currentRate("k:op")).toBe(5);
    const { admitted, all } = startCallers(limiter, clock, "k:op", 60);
    await clock.advance(2000 - 10, 10);
    expect(admitted).toEqual([]); // paused: Retry-After
    await clock.advance(10_000, 10);
    await all;
    const at = admitted.map((a) => a.at);
    expect(at[0]).toBe(2000);
    // Slower than the limit at first (at most 5/s plus the climb), then back at 10/s.
    expect(at.filter((t) => t < 3000).length).toBeLessThanOrEqual(6);
    expect(limiter.currentRate("k:op")).toBe(10);
    const tail = at.slice(-5);
    for (let i = 1; i < tail.length; i++) expect(tail[i] - tail[i - 1]).toBe(100);
    // Another key is not touched.
    expect(limiter.currentRate("k:other")).toBe(limiter.limitFor("k:other").ratePerSecond);
  });

  it("without Retry-After a throttled key still waits a full interval at its lowered rate", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:op=10:5" });
    limiter.throttled("k:op");
    const { admitted } = startCallers(limiter, clock, "k:op", 3);
    await flush();
    expect(admitted).toEqual([]); // the saved burst is dropped
    await clock.advance(200, 10);
    expect(admitted.map((a) => a.at)).toEqual([200]);
  });

  it("throttled answers within 250 ms of a decrease are one overload: the rate halves once for them", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:op=10" });
    limiter.throttled("k:op");
    limiter.throttled("k:op");
    await clock.advance(200, 10);
    limiter.throttled("k:op");
    // 5/s, climbing by a tenth of the limit per second for 200 ms.
    expect(limiter.currentRate("k:op")).toBeCloseTo(5.2, 9);
    await clock.advance(50, 10);
    limiter.throttled("k:op");
    expect(limiter.currentRate("k:op")).toBeCloseTo(2.625, 9);
  });

  it("below 0.4 of the limit the rate climbs back slowly (many processes share the limit there)", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:op=20" });
    limiter.throttled("k:op");
    await clock.advance(1000, 10);
    // From 10/s the climb is a tenth of the limit per second.
    expect(limiter.currentRate("k:op")).toBeCloseTo(12, 9);
    limiter.throttled("k:op");
    expect(limiter.currentRate("k:op")).toBeCloseTo(6, 9);
    await clock.advance(1000, 10);
    // From 6/s: a fiftieth of the limit per second.
    expect(limiter.currentRate("k:op")).toBeCloseTo(6.4, 9);
  });

  it("5 s after the last decrease the rate climbs by a tenth of the limit per second again, wherever it is", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:op=100" });
    limiter.throttled("k:op");
    await clock.advance(250, 10);
    limiter.throttled("k:op");
    expect(limiter.currentRate("k:op")).toBeCloseTo(26.25, 9);
    await clock.advance(5000, 100);
    expect(limiter.currentRate("k:op")).toBeCloseTo(26.25 + 2 * 5, 9);
    await clock.advance(1000, 100);
    expect(limiter.currentRate("k:op")).toBeCloseTo(26.25 + 2 * 5 + 10, 9);
  });

  it("tokens accrue at the climbing rate", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:op=20" });
    limiter.throttled("k:op");
    await clock.advance(1000, 10);
    limiter.throttled("k:op");
    await clock.advance(2000, 10);
    // 6/s climbing by 0.4/s for 2 s: 12.8 tokens, capped at the burst of 1; then 6.8/s.
    const { admitted } = startCallers(limiter, clock, "k:op", 2);
    await flush();
    await clock.advance(200, 1);
    expect(admitted.map((a) => a.at)).toEqual([3000, 3000 + Math.ceil(1000 / 6.8 - 1e-6)]);
  });

  it("a lane at a published limit holds its second release one more interval (the first request opens the connection)", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ now: clock.now, sleep: clock.sleep, env: "k:set=10" });
    const published = { ratePerSecond: 10 / DEFAULT_HEADROOM };
    const admitted: number[] = [];
    const all = [0, 1, 2].map(() => limiter.acquire("k:op", undefined, published).then(() => admitted.push(clock.t)));
    await flush();
    await clock.advance(1000, 1);
    await Promise.all(all);
    expect(admitted).toEqual([0, 200, 300]);
    // A limit the user set is used exactly as given.
    const { admitted: exact } = startCallers(limiter, clock, "k:set", 3);
    await flush();
    await clock.advance(1000, 1);
    expect(exact.map((a) => a.at - 1000)).toEqual([0, 100, 200]);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const limiter = new RateLimiter({ env: "" });
    const ctl = new AbortController();
    ctl.abort(new Error("gone"));
    await expect(limiter.acquire("a:b", ctl.signal)).rejects.toThrow("gone");
  });
});

describe("limits and precedence", () => {
  it("defaults follow the published vendor limits, run at DEFAULT_HEADROOM of them", () => {
    const l = new RateLimiter({ env: "" });
    expect(DEFAULT_HEADROOM).toBe(0.95);
    expect(TKE_RATE_LIMITS.DescribeClusterKubeconfig.ratePerSecond).toBe(20);
    expect(HUAWEI_RATE_LIMIT.ratePerSecond).toBe(10);
    const tke = (action: string) => l.limitFor(`tencentcloud:${action}`, tkeRateLimit(action));
    expect(tke("DescribeClusterKubeconfig")).toEqual({ ratePerSecond: 19, burst: 1 });
    expect(tke("DescribeClusterSecurity")).toEqual({ ratePerSecond: 95, burst: 1 });
    expect(l.limitFor("huaweicloud:CreateClusterKubeconfig", HUAWEI_RATE_LIMIT)).toEqual({
      ratePerSecond: 9.5,
      burst: 1,
    });
  });

  it("the environment overrides defaults (a vendor wildcard beats a default exact key); setRateLimit beats both", () => {
    const l = new RateLimiter({ env: "tencentcloud:*=5, huaweicloud:ShowCluster=3:6" });
    expect(l.limitFor("tencentcloud:DescribeClusterKubeconfig")).toEqual({ ratePerSecond: 5, burst: 1 });
    expect(l.limitFor("huaweicloud:ShowCluster")).toEqual({ ratePerSecond: 3, burst: 6 });
    expect(l.limitFor("huaweicloud:Other")).toEqual({ ratePerSecond: 9.5, burst: 1 });
    l.setRateLimit("huaweicloud:*", { ratePerSecond: 50, burst: 4 });
    expect(l.limitFor("huaweicloud:ShowCluster")).toEqual({ ratePerSecond: 50, burst: 4 });
    l.setRateLimit("huaweicloud:ShowCluster", { ratePerSecond: 7 });
    expect(l.limitFor("huaweicloud:ShowCluster")).toEqual({ ratePerSecond: 7, burst: 1 });
  });

  it("reads PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS when no env string is injected", () => {
    const saved = process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS;
    process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS = "tencentcloud:DescribeClusterKubeconfig=5";
    try {
      expect(new RateLimiter().limitFor("tencentcloud:DescribeClusterKubeconfig").ratePerSecond).toBe(5);
    } finally {
      if (saved === undefined) delete process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS;
      else process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS = saved;
    }
  });

  it("parses entries and refuses malformed ones by name", () => {
    expect(parseRateLimits("tencentcloud:DescribeClusterKubeconfig=5,huaweicloud:*=20:5")).toEqual({
      "tencentcloud:DescribeClusterKubeconfig": { ratePerSecond: 5 },
      "huaweicloud:*": { ratePerSecond: 20, burst: 5 },
    });
    expect(parseRateLimits(" ")).toEqual({});
    expect(() => parseRateLimits("huaweicloud:*=fast")).toThrow(/huaweicloud:\*=fast/);
    expect(() => parseRateLimits("=5")).toThrow(/cannot parse/);
    expect(() => parseRateLimits("a:b=0")).toThrow(/> 0/);
    expect(() => new RateLimiter({ env: "" }).setRateLimit("a:b", { ratePerSecond: 1, burst: 0 })).toThrow(/burst/);
  });
});
