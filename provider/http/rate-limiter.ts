/**
 * Process-wide token buckets, one per key `${vendor}:${operation}` (README "What it does and why" #9: a fleet of
 * clusters in one `pulumi up` must not trip the vendors' per-API limits). Vendor-neutral: the vendors' published
 * limits arrive with each request. Waiting callers are admitted in
 * arrival order: each `acquire` reserves the next token at call time (a reservation bucket, like
 * Go's `rate.Limiter.Reserve`), so later callers can never overtake earlier ones.
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
 * Published limits run at this fraction of their value. Requests leave evenly spaced but arrive bunched (TLS
 * handshakes, event-loop stalls): measured against the emulator, a limiter at exactly 20/s put 22–23 arrivals
 * into one second (test/protocol/concurrency.test.ts), and the vendor counts arrivals. Limits set by the user
 * (environment, `setRateLimit`, the `defaults` option) are used exactly as given.
 */
export const DEFAULT_HEADROOM = 0.9;

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

interface Bucket {
  rate: number;
  burst: number;
  tokens: number;
  updatedAt: number;
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

/** Token buckets keyed `${vendor}:${operation}`; waits (never fails) and honours an abort signal. */
export class RateLimiter implements RateLimitGate {
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Highest precedence first: `setRateLimit` calls, the environment, the `defaults` option. */
  private readonly layers: Array<Record<string, RateLimit>>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(opts: RateLimiterOptions = {}) {
    this.now = opts.now || Date.now;
    this.sleep = opts.sleep || realSleep;
    const env = opts.env !== undefined ? opts.env : process.env[RATE_LIMITS_ENV] || "";
    this.layers = [{}, parseRateLimits(env), opts.defaults ? { ...opts.defaults } : {}];
  }

  /** Overrides the limit for `key` (`vendor:operation`, `vendor:*` or `*`); applies to the next acquire. */
  setRateLimit(key: string, limit: RateLimit): void {
    validate(key, limit);
    this.layers[0][key] = { ...limit };
    // Rebuild affected buckets; waiters already holding a reservation keep it.
    for (const k of Array.from(this.buckets.keys())) {
      if (key === "*" || k === key || (key.endsWith(":*") && k.startsWith(key.slice(0, -1)))) this.buckets.delete(k);
    }
  }

  /**
   * The effective limit for a key: per layer, an exact key beats `vendor:*`, which beats `*`; below the layers
   * the vendor's `published` limit for the key, else {@link FALLBACK_RATE_LIMIT}, each at {@link DEFAULT_HEADROOM}.
   */
  limitFor(key: string, published?: RateLimit): { ratePerSecond: number; burst: number } {
    const vendorWildcard = `${key.split(":")[0]}:*`;
    for (const layer of this.layers) {
      const hit = layer[key] || layer[vendorWildcard] || layer["*"];
      if (hit) return { ratePerSecond: hit.ratePerSecond, burst: hit.burst || 1 };
    }
    const l = withHeadroom(published || FALLBACK_RATE_LIMIT);
    return { ratePerSecond: l.ratePerSecond, burst: l.burst || 1 };
  }

  /** Resolves when a request under `key` may start; rejects with `signal.reason` when aborted. */
  async acquire(key: string, signal?: AbortSignal, published?: RateLimit): Promise<void> {
    if (signal && signal.aborted) throw signal.reason;
    const b = this.bucket(key, published);
    const t = this.now();
    b.tokens = Math.min(b.burst, b.tokens + ((t - b.updatedAt) * b.rate) / 1000);
    b.updatedAt = t;
    b.tokens -= 1;
    if (b.tokens >= 0) return;
    const waitMs = (-b.tokens * 1000) / b.rate;
    try {
      await this.sleep(waitMs, signal);
    } catch (err) {
      b.tokens += 1; // give the reservation back; later reservations keep their (earlier-computed) slots
      throw err;
    }
  }

  private bucket(key: string, published: RateLimit | undefined): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      const l = this.limitFor(key, published);
      b = { rate: l.ratePerSecond, burst: l.burst, tokens: l.burst, updatedAt: this.now() };
      this.buckets.set(key, b);
    }
    return b;
  }
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
