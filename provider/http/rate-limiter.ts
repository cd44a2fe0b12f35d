/**
 * Process-wide token buckets, one per key `${vendor}:${operation}` (README "What it does and why" #9: a fleet of
 * clusters in one `pulumi up` must not trip the vendors' per-API limits). Vendor-neutral: the vendors' published
 * limits arrive with each request.
 *
 * Pacing by release: waiting callers queue per key, first come first served, and one pump per key lets the next
 * one go when a token is there, judged on the clock at the moment of release. A blocked event loop therefore
 * delays the queue but never bunches it: tokens refill up to `burst` only, so after a stall the waiters leave
 * one interval apart from the real release, not all at once.
 *
 * Adapting to throttling: `throttled(key, retryAfterMs)` (the transport calls it on each throttled answer) pauses
 * the key until Retry-After, drops its saved burst and halves its rate (once for all the throttled answers that
 * come within 250 ms: they answer one overload). The rate then climbs back to the limit (see {@link climb}).
 * The limit is per account, not per process, so another process's traffic shows up here only as throttled
 * answers: processes sharing a limit each halve on their own throttled answers, and each, at a small share of
 * the limit, climbs back slowly, so that together they climb gently whatever their number.
 */
import { SettingsError } from "../errors";
import type { RateLimitGate } from "./types";
import { sleep as realSleep } from "./sleep";

/** A rate: `ratePerSecond` tokens refill per second, at most `burst` (default 1) are saved up. */
export interface RateLimit {
  ratePerSecond: number;
  burst?: number;
}

/** Environment variable with overrides, e.g. `tencentcloud:DescribeClusterKubeconfig=5,huaweicloud:*=20:5`. */
export const RATE_LIMITS_ENV = "PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS";

/**
 * The limit of a key nobody published one for (an unknown vendor, a test). The vendors' published limits come
 * with each request (`RequestSpec.rateLimit`, from provider/huaweicloud/rate-limits.ts and
 * provider/tencentcloud/rate-limits.ts).
 */
export const FALLBACK_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ ratePerSecond: 10 });

/**
 * Published limits run at this fraction of their value. Requests leave evenly spaced but arrive with jitter
 * (connections opening, event-loop stalls), and the vendor counts arrivals in a one-second window: at 0.95 of
 * the limit, one more request than the limit leaves 1/0.95 s after the first, so arrivals may shift by about
 * 50 ms against each other before a window holds more than the limit. Limits set by the user (environment,
 * `setRateLimit`, the `defaults` option) are used exactly as given.
 */
export const DEFAULT_HEADROOM = 0.95;

function withHeadroom(l: Readonly<RateLimit>): RateLimit {
  return { ...l, ratePerSecond: l.ratePerSecond * DEFAULT_HEADROOM };
}

/**
 * Parses `key=rate[:burst]` entries separated by commas or whitespace. Keys are `vendor:operation`,
 * `vendor:*` or `*`. Throws on a malformed entry (naming it) rather than silently not limiting.
 */
export function parseRateLimits(text: string): Record<string, RateLimit> {
  const out: Record<string, RateLimit> = {};
  for (const entry of text.split(/[,\s]+/)) {
    if (!entry) continue;
    const eq = entry.lastIndexOf("=");
    const key = eq > 0 ? entry.slice(0, eq) : "";
    const m = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(eq > 0 ? entry.slice(eq + 1) : "");
    if (!key || !m) {
      throw invalidLimit(
        `${RATE_LIMITS_ENV}: cannot parse "${entry}"; expected key=rate[:burst], e.g. huaweicloud:*=20`,
      );
    }
    const limit: RateLimit = { ratePerSecond: Number(m[1]) };
    if (m[2] !== undefined) limit.burst = Number(m[2]);
    validate(key, limit);
    out[key] = limit;
  }
  return out;
}

function validate(key: string, limit: RateLimit): void {
  if (!(limit.ratePerSecond > 0) || !Number.isFinite(limit.ratePerSecond)) {
    throw invalidLimit(`rate limit ${key}: ratePerSecond must be a finite number > 0`);
  }
  if (limit.burst !== undefined && !(Number.isInteger(limit.burst) && limit.burst >= 1)) {
    throw invalidLimit(`rate limit ${key}: burst must be an integer >= 1`);
  }
}

function invalidLimit(message: string): SettingsError {
  return new SettingsError("INVALID_SETTING", message, [RATE_LIMITS_ENV], "rateLimits");
}

export interface RateLimiterOptions {
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
  /** Abortable sleep (default: a real timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Overrides in `PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS` syntax (default: read from the environment). */
  env?: string;
  /** Limits below the environment's and above the published ones, used as given. */
  defaults?: Readonly<Record<string, RateLimit>>;
}

/** One key's queue and bucket. */
interface Lane {
  /** Tokens the lane's first release takes beyond its own (see where lanes are made). */
  startDebt: number;
  /** When the rate was last halved. */
  decreasedAt: number;
  /** The configured rate (requests per second): the ceiling the rate climbs back to. */
  limit: number;
  /** The rate in force: the limit, or less after throttled answers. */
  rate: number;
  burst: number;
  tokens: number;
  updatedAt: number;
  /** No release before this time (Retry-After of a throttled answer). */
  pausedUntil: number;
  queue: Array<{ go: () => void }>;
  pumping: boolean;
}

/** A throttled key runs at this fraction of its rate until it climbs back. */
const THROTTLE_DECREASE = 0.5;
/** The rate climbs back by this fraction of the limit per second... */
const CLIMB_PER_SECOND = 0.1;
/** ...and by this fraction per second while below {@link SLOW_CLIMB_BELOW} of the limit, for {@link SLOW_CLIMB_MS}. */
const SLOW_CLIMB_PER_SECOND = 0.02;
const SLOW_CLIMB_BELOW = 0.4;
/** How long after a decrease the climb below {@link SLOW_CLIMB_BELOW} stays slow. */
const SLOW_CLIMB_MS = 5000;
/** Throttled answers this soon after a decrease answer the same overload: the rate halves once for them. */
const DECREASE_EPOCH_MS = 250;
/** The rate never drops below this fraction of the limit. */
const MIN_RATE_FRACTION = 0.05;

/** Token buckets keyed `${vendor}:${operation}`; waits (never fails) and honours an abort signal. */
export class RateLimiter implements RateLimitGate {
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Highest precedence first: `setRateLimit` calls, the environment, the `defaults` option. */
  private readonly layers: Array<Record<string, RateLimit>>;
  private readonly lanes = new Map<string, Lane>();

  constructor(opts: RateLimiterOptions = {}) {
    this.now = opts.now || Date.now;
    this.sleep = opts.sleep || realSleep;
    const env = opts.env !== undefined ? opts.env : process.env[RATE_LIMITS_ENV] || "";
    this.layers = [{}, parseRateLimits(env), opts.defaults ? { ...opts.defaults } : {}];
  }

  /** Overrides the limit for `key` (`vendor:operation`, `vendor:*` or `*`); applies from the next release. */
  setRateLimit(key: string, limit: RateLimit): void {
    validate(key, limit);
    this.layers[0][key] = { ...limit };
    for (const [k, lane] of this.lanes) {
      if (key === "*" || k === key || (key.endsWith(":*") && k.startsWith(key.slice(0, -1)))) {
        const l = this.limitFor(k);
        lane.limit = lane.rate = l.ratePerSecond;
        lane.burst = l.burst;
        lane.tokens = Math.min(lane.tokens, lane.burst);
      }
    }
  }

  /**
   * The effective limit for a key: per layer, an exact key beats `vendor:*`, which beats `*`; below the layers
   * the vendor's `published` limit for the key, else {@link FALLBACK_RATE_LIMIT}, each at {@link DEFAULT_HEADROOM}.
   */
  limitFor(key: string, published?: RateLimit): { ratePerSecond: number; burst: number } {
    const { ratePerSecond, burst } = this.resolve(key, published);
    return { ratePerSecond, burst };
  }

  /** {@link limitFor}, and whether the limit is a built-in one (published or fallback) rather than the user's. */
  private resolve(key: string, published?: RateLimit): { ratePerSecond: number; burst: number; builtIn: boolean } {
    const vendorWildcard = `${key.split(":")[0]}:*`;
    for (const layer of this.layers) {
      const hit = layer[key] || layer[vendorWildcard] || layer["*"];
      if (hit) return { ratePerSecond: hit.ratePerSecond, burst: hit.burst || 1, builtIn: false };
    }
    const l = withHeadroom(published || FALLBACK_RATE_LIMIT);
    return { ratePerSecond: l.ratePerSecond, burst: l.burst || 1, builtIn: true };
  }

  /** The rate in force for `key` now (its limit unless throttled answers lowered it). */
  currentRate(key: string, published?: RateLimit): number {
    const lane = this.lane(key, published);
    this.refill(lane, this.now());
    return lane.rate;
  }

  /** Resolves when a request under `key` may start; rejects with `signal.reason` when aborted. */
  async acquire(key: string, signal?: AbortSignal, published?: RateLimit): Promise<void> {
    if (signal && signal.aborted) throw signal.reason;
    const lane = this.lane(key, published);
    const t = this.now();
    this.refill(lane, t);
    if (lane.queue.length === 0 && t >= lane.pausedUntil && lane.tokens >= 1) {
      take(lane);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = { go: resolve };
      lane.queue.push(waiter);
      if (signal) {
        const onAbort = () => {
          const i = lane.queue.indexOf(waiter);
          if (i >= 0) lane.queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.go = () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
      }
      void this.pump(lane);
    });
  }

  /**
   * A request under `key` was throttled: no release before `retryAfterMs` from now (when the answer said), the
   * saved burst is dropped and, unless it was halved within the last 250 ms, the rate halves (not below a
   * twentieth of the limit).
   */
  throttled(key: string, retryAfterMs?: number, published?: RateLimit): void {
    const lane = this.lane(key, published);
    const t = this.now();
    this.refill(lane, t);
    if (t - lane.decreasedAt >= DECREASE_EPOCH_MS) {
      lane.rate = Math.max(lane.limit * MIN_RATE_FRACTION, lane.rate * THROTTLE_DECREASE);
      lane.decreasedAt = t;
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      // One request may go when the pause ends, the next an interval (at the lowered rate) later.
      lane.pausedUntil = Math.max(lane.pausedUntil, t + retryAfterMs);
      lane.tokens = 1;
    } else {
      lane.tokens = Math.min(lane.tokens, 0);
    }
  }

  /** Refills tokens (up to burst) and climbs the rate back towards the limit for the time since the last call. */
  private refill(lane: Lane, t: number): void {
    const from = Math.max(lane.updatedAt, Math.min(t, lane.pausedUntil));
    const elapsed = Math.max(0, t - from);
    if (elapsed > 0) {
      const c = climb(lane.rate, lane.limit, elapsed / 1000, (lane.decreasedAt + SLOW_CLIMB_MS - from) / 1000);
      lane.tokens = Math.min(lane.burst, lane.tokens + c.tokens);
      lane.rate = c.rate;
    }
    lane.updatedAt = Math.max(lane.updatedAt, t);
  }

  /** Releases the lane's waiters one by one as tokens come; one pump per lane at a time. */
  private async pump(lane: Lane): Promise<void> {
    if (lane.pumping) return;
    lane.pumping = true;
    try {
      while (lane.queue.length > 0) {
        const t = this.now();
        this.refill(lane, t);
        if (t >= lane.pausedUntil && lane.tokens >= 1) {
          take(lane);
          lane.queue.shift()!.go();
          continue;
        }
        const untilToken = ((1 - lane.tokens) * 1000) / lane.rate;
        await this.sleep(Math.max(lane.pausedUntil - t, untilToken, 0));
      }
    } finally {
      lane.pumping = false;
    }
  }

  private lane(key: string, published: RateLimit | undefined): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      const l = this.resolve(key, published);
      lane = {
        // The first request of a lane opens a connection (TLS handshake, code loaded on first use) and arrives
        // late, so the next ones would arrive bunched against it: at a built-in limit the second release waits
        // one more interval.
        startDebt: l.builtIn ? 1 : 0,
        decreasedAt: -Infinity,
        limit: l.ratePerSecond,
        rate: l.ratePerSecond,
        burst: l.burst,
        tokens: l.burst,
        updatedAt: this.now(),
        pausedUntil: 0,
        queue: [],
        pumping: false,
      };
      this.lanes.set(key, lane);
    }
    return lane;
  }
}

/** Releases one waiter's token (and, on a lane's first release, its start debt). */
function take(lane: Lane): void {
  lane.tokens -= 1 + lane.startDebt;
  lane.startDebt = 0;
}

/**
 * The rate after `seconds` of climbing from `rate` back to `limit`, and the tokens that accrue meanwhile. Below
 * {@link SLOW_CLIMB_BELOW} of the limit, and for the first `slowSeconds`, the rate climbs slowly: there a process
 * shares the limit with several others that climb at the same time, and equal steps bring them to equal shares.
 * Otherwise (one process alone, or others gone quiet) it climbs by {@link CLIMB_PER_SECOND} of the limit per second.
 */
function climb(rate: number, limit: number, seconds: number, slowSeconds: number): { rate: number; tokens: number } {
  let r = rate;
  let left = seconds;
  let tokens = 0;
  const ramp = (until: number, step: number, within: number): void => {
    if (r >= until || within <= 0) return;
    const t = Math.min(within, (until - r) / step);
    tokens += (r + (step * t) / 2) * t;
    r = Math.min(until, r + step * t);
    left -= t;
  };
  ramp(limit * SLOW_CLIMB_BELOW, limit * SLOW_CLIMB_PER_SECOND, Math.min(left, slowSeconds));
  ramp(limit, limit * CLIMB_PER_SECOND, left);
  return { rate: r, tokens: tokens + r * left };
}

let shared: RateLimiter | undefined;

/** The process-wide limiter, created on first use (reads `PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS` then). */
export function getRateLimiter(): RateLimiter {
  if (!shared) shared = new RateLimiter();
  return shared;
}

/** Overrides a limit on the process-wide limiter, e.g. `setRateLimit("huaweicloud:*", { ratePerSecond: 5 })`. */
export function setRateLimit(key: string, limit: RateLimit): void {
  getRateLimiter().setRateLimit(key, limit);
}

/** Drops the process-wide limiter (tests; a changed environment variable is read again on next use). */
export function resetRateLimiter(): void {
  shared = undefined;
}
