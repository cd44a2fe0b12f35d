import type { Vendor, VendorApiError } from "./errors";
import type { RateLimit } from "./rate-limiter";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

/** What a signer sees and may add headers to. Called once per attempt (fresh timestamp each time). */
export interface SignableRequest {
  method: HttpMethod;
  /** Absolute URL as it will be sent: the transport's own, so read-only. */
  url: Readonly<URL>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Exact bytes that will be sent (empty when none). */
  body: Uint8Array;
}

/** The raw answer of one attempt, body fully read. */
export interface RawResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface RequestSpec {
  vendor: Vendor;
  /** Vendor operation name, used in errors and as the default rate-limit key. */
  operation: string;
  method: HttpMethod;
  url: string | URL;
  /** Extra headers (any case; normalized to lower case). */
  headers?: Record<string, string>;
  /** Exact body bytes or a string (UTF-8). */
  body?: Uint8Array | string;
  /**
   * True for calls that create something on the server (UCS `POST .../cert` creates a VPC endpoint).
   * Such calls are retried only when the failure proves the server did not act: connection refused
   * before sending, or throttling (429 / a throttling vendor code). Never after a 5xx or a timeout.
   */
  mutating?: boolean;
  /** Adds authentication headers; called before every attempt. */
  sign?: (req: SignableRequest) => Record<string, string> | void;
  /**
   * Maps a response to a vendor error, or `undefined` when it is a success. Vendor clients supply it
   * (Tencent errors arrive as HTTP 200 with `Response.Error`). When omitted, status >= 400 is an error.
   */
  interpret?: (res: RawResponse) => VendorApiError | undefined;
  /** Rate-limit bucket key; defaults to `${vendor}:${operation}`. */
  rateLimitKey?: string;
  /**
   * The vendor's published limit for this call (the limiter's default for the key, below any user setting);
   * without it the limiter's vendor-neutral fallback applies.
   */
  rateLimit?: RateLimit;
  /**
   * Response headers that carry the vendor's request id, lower-case, first present wins. Default
   * {@link DEFAULT_REQUEST_ID_HEADERS}.
   */
  requestIdHeaders?: readonly string[];
  /** Overall deadline for this request across attempts, ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RetryOptions {
  /**
   * Total attempts including the first (default 4). Throttled answers add one attempt each, up to `maxAttempts`
   * more: the vendor did nothing, and the limiter has slowed down.
   */
  maxAttempts: number;
  /** First backoff cap in ms (default 200); doubles per attempt with full jitter. */
  baseDelayMs: number;
  /** Backoff cap in ms (default 10_000). `Retry-After` above this fails the request instead of sleeping. */
  maxDelayMs: number;
}

export interface TransportOptions {
  /** Connect timeout, ms (default 10_000). */
  connectTimeoutMs?: number;
  /** Per-attempt timeout for headers and body, ms (default 30_000). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /**
   * Largest response body read, bytes (default 8 MiB, far above any kubeconfig or vendor answer). A larger
   * body is not buffered: reading stops at the cap, the connection is closed and the request fails with a
   * final `ResponseTooLargeError`.
   */
  maxResponseBytes?: number;
  /** Extra PEM CA bundle trusted in addition to the system roots (private endpoints, the emulator). */
  extraCaPem?: string;
  /**
   * What a certificate-trust failure tells the user to do, e.g. which setting holds extra CAs. Default:
   * a vendor-neutral sentence about the extra CA bundle.
   */
  caBundleHint?: string;
  /** Proxy settings; default: read `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (any case) from the environment. */
  proxy?: { httpsProxy?: string; httpProxy?: string; noProxy?: string };
  /** Injected clock and sleep for tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random in [0,1) for jitter; injectable for tests. */
  random?: () => number;
  /** Rate limiter consulted before every attempt; default: the process-wide one (`getRateLimiter()`). */
  rateLimiter?: RateLimitGate;
  /**
   * Debug log: one allow-listed line per attempt. Default: on when `PULUMI_CLOUD_KUBECONFIG_DEBUG=1`,
   * written to stderr. `debug: false` turns it off regardless of the environment.
   */
  debug?: boolean;
  /** Sink for debug lines (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Waits until a request under `key` may be sent; rejects only when `signal` aborts. `published` is the vendor's
 * limit for the key (`RequestSpec.rateLimit`).
 */
export interface RateLimitGate {
  acquire(key: string, signal?: AbortSignal, published?: RateLimit): Promise<void>;
  /** The vendor throttled a request under `key` (asking to wait `retryAfterMs`, when it said). */
  throttled?(key: string, retryAfterMs?: number, published?: RateLimit): void;
}

/** The request-id header most HTTP APIs use; vendors name theirs in `RequestSpec.requestIdHeaders`. */
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = ["x-request-id"];
