/**
 * The one HTTP transport every vendor client uses: timeouts, retry with full-jitter backoff and
 * `Retry-After`, a process-wide rate limiter, proxy and extra-CA support, typed errors, and an
 * allow-list debug log. Requiring this module creates nothing live: the undici dispatcher is built
 * on the first request (it is loaded lazily from the Pulumi dynamic provider).
 */
import { request as undiciRequest, type Dispatcher } from "undici";
import { InvalidInputError } from "../errors";
import { AbortReason, linkAbort } from "./abort";
import { debugEnabledFromEnv, formatDebugLine, type DebugAttempt } from "./debug-log";
import { createDispatcher } from "./dispatcher";
import { errorFromStatus } from "./error-from-status";
import {
  AbortedError,
  InvalidHeaderError,
  ResponseTooLargeError,
  ServerError,
  ThrottledError,
  TimeoutError,
  TransportError,
  VendorApiError,
} from "./errors";
import { getRateLimiter } from "./rate-limiter";
import { backoffDelay, parseRetryAfter } from "./retry-after";
import { invalidHeaderReason } from "./header-check";
import { isErrorLike, mapNetworkError, sanitizeError, type Destination } from "./network-error";
import { proxyHostFor, resolveProxyUrls, type ProxyUrls } from "./proxy-route";
import { formatBytes, readBodyCapped } from "./read-body";
import { sleep as realSleep } from "./sleep";
import {
  DEFAULT_REQUEST_ID_HEADERS,
  type RateLimitGate,
  type RawResponse,
  type RequestSpec,
  type RetryOptions,
  type SignableRequest,
  type TransportOptions,
} from "./types";

/** Defaults of `TransportOptions` (see types.ts). */
export const TRANSPORT_DEFAULTS = Object.freeze({
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxResponseBytes: 8 * 1024 * 1024,
  retry: Object.freeze({ maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 }) as Readonly<RetryOptions>,
});

type Outcome = { response: RawResponse; error?: VendorApiError } | { response?: undefined; error: VendorApiError };

/** An undici-based HTTP client with retries, timeouts, rate limiting and typed, secret-free errors. */
export class HttpTransport {
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly retry: RetryOptions;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private dispatcher: Dispatcher | undefined;
  /** The proxies the current dispatcher was built with (read from the environment at that time). */
  private proxyUrls: ProxyUrls | undefined;

  constructor(private readonly opts: TransportOptions = {}) {
    this.connectTimeoutMs = opts.connectTimeoutMs || TRANSPORT_DEFAULTS.connectTimeoutMs;
    this.requestTimeoutMs = opts.requestTimeoutMs || TRANSPORT_DEFAULTS.requestTimeoutMs;
    this.maxResponseBytes = opts.maxResponseBytes || TRANSPORT_DEFAULTS.maxResponseBytes;
    this.retry = { ...TRANSPORT_DEFAULTS.retry, ...(opts.retry || {}) };
    if (!(this.retry.maxAttempts >= 1)) throw new Error("retry.maxAttempts must be >= 1");
    this.now = opts.now || Date.now;
    this.sleep = opts.sleep || realSleep;
    this.random = opts.random || Math.random;
  }

  /**
   * Sends `spec`, retrying retryable failures (see `RequestSpec.mutating` for the stricter rule on
   * calls that create something). Resolves with the first successful response, body fully read;
   * rejects with a `VendorApiError` subclass whose `attempts` says how many attempts were made.
   */
  async request(spec: RequestSpec): Promise<RawResponse> {
    // Parsed once per call; nothing below changes it (the signer gets it read-only).
    const url = typeof spec.url === "string" ? new URL(spec.url) : spec.url;
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new InvalidInputError(`${spec.vendor} ${spec.operation}: unsupported URL scheme ${url.protocol}`);
    }
    const base = { vendor: spec.vendor, operation: spec.operation };
    const limiter: RateLimitGate = this.opts.rateLimiter || getRateLimiter();
    const limitKey = spec.rateLimitKey || `${spec.vendor}:${spec.operation}`;
    // The whole call stops on the caller's signal or at the deadline; with neither, nothing can stop it but an
    // attempt's own timeout, and no controller is made.
    const overall = spec.signal || spec.timeoutMs !== undefined ? new AbortController() : undefined;
    const signal = overall?.signal;
    const unlinkCaller = overall ? linkAbort(spec.signal, overall, (r) => new AbortReason("caller", r)) : undefined;
    const deadline = spec.timeoutMs !== undefined ? this.now() + spec.timeoutMs : undefined;
    const deadlineTimer =
      overall && spec.timeoutMs !== undefined
        ? setTimeout(() => overall.abort(new AbortReason("deadline")), spec.timeoutMs)
        : undefined;
    const aborted = (): boolean => signal !== undefined && signal.aborted;
    const stopped = (attempts: number): VendorApiError => abortError(signal?.reason, base, attempts, spec.timeoutMs);
    const body = toBytes(spec.body);

    let throttledAnswers = 0;
    try {
      for (let attempt = 1; ; attempt++) {
        if (aborted()) throw stopped(attempt - 1);
        try {
          await limiter.acquire(limitKey, signal, spec.rateLimit);
        } catch (err) {
          if (aborted()) throw stopped(attempt - 1);
          throw err;
        }
        const started = this.now();
        const outcome = await this.attempt(spec, url, body, signal);
        const log: DebugAttempt = {
          ...base,
          method: spec.method,
          host: url.host,
          path: url.pathname,
          attempt,
          status: outcome.response ? outcome.response.status : undefined,
          requestId: outcome.response ? requestIdOf(spec, outcome.response) : undefined,
          durationMs: this.now() - started,
        };
        if (!outcome.error && outcome.response) {
          this.debug(log);
          return outcome.response;
        }
        const err = outcome.error as VendorApiError;
        if (err instanceof ThrottledError) throttledAnswers++;
        if (err instanceof ThrottledError && limiter.throttled) {
          // Every request under this key slows down, not only this one's retry (the limit is the account's).
          const retryAfter = outcome.response
            ? parseRetryAfter(outcome.response.headers["retry-after"], this.now())
            : undefined;
          limiter.throttled(limitKey, retryAfter, spec.rateLimit);
        }
        log.error = [err.code, err.vendorCode].filter(Boolean).join(" ");
        if (err.requestId) log.requestId = err.requestId;
        if (err instanceof AbortedError || aborted()) {
          this.debug(log);
          throw aborted() ? stopped(attempt) : err.withAttempts(attempt);
        }
        const delay = this.retryDelay(spec, err, outcome.response, attempt, throttledAnswers, deadline);
        if (delay === undefined) {
          this.debug(log);
          throw err.withAttempts(attempt);
        }
        log.delayMs = delay;
        this.debug(log);
        try {
          await this.sleep(delay, signal);
        } catch (sleepErr) {
          if (aborted()) throw stopped(attempt);
          throw sleepErr;
        }
      }
    } finally {
      unlinkCaller?.();
      if (deadlineTimer) clearTimeout(deadlineTimer);
    }
  }

  /** Closes the connection pool (idle sockets are closed; a later request opens a new pool). */
  async close(): Promise<void> {
    const d = this.dispatcher;
    this.dispatcher = undefined;
    if (d) await d.close();
  }

  /**
   * The delay before the next attempt, or `undefined` when `err` is final. Throttled answers (the vendor did nothing)
   * have a budget of their own: each adds an attempt, up to `maxAttempts` more, so a limit shared with other
   * processes slows a call down rather than failing it.
   */
  private retryDelay(
    spec: RequestSpec,
    err: VendorApiError,
    res: RawResponse | undefined,
    attempt: number,
    throttledAnswers: number,
    deadline: number | undefined,
  ): number | undefined {
    const budget = this.retry.maxAttempts + Math.min(throttledAnswers, this.retry.maxAttempts);
    if (attempt >= budget || !mayRetry(err, spec.mutating === true)) return undefined;
    const retryAfter = res ? parseRetryAfter(res.headers["retry-after"], this.now()) : undefined;
    // A server asking for more patience than maxDelayMs fails now instead of parking `pulumi up`.
    if (retryAfter !== undefined && retryAfter > this.retry.maxDelayMs) return undefined;
    const delay = retryAfter !== undefined ? retryAfter : backoffDelay(attempt - 1, this.retry, this.random);
    // Sleeping past the overall deadline cannot help: report the real failure instead of a timeout.
    if (deadline !== undefined && this.now() + delay >= deadline) return undefined;
    return delay;
  }

  /** One attempt: sign, send, read the whole body, classify. Never throws a network error. */
  private async attempt(spec: RequestSpec, url: URL, body: Buffer, overall: AbortSignal | undefined): Promise<Outcome> {
    const base = { vendor: spec.vendor, operation: spec.operation };
    const ctl = new AbortController();
    const unlink = linkAbort(overall, ctl, (r) => r);
    const timer = setTimeout(() => ctl.abort(new AbortReason("attempt-timeout")), this.requestTimeoutMs);
    try {
      const headers = lowerCaseKeys(spec.headers);
      if (!headers.host) headers.host = url.host;
      if (spec.sign) {
        const signable: SignableRequest = { method: spec.method, url, headers: { ...headers }, body };
        Object.assign(headers, lowerCaseKeys(spec.sign(signable) || undefined));
      }
      const badHeader = invalidHeaderReason(headers);
      if (badHeader) return { error: new InvalidHeaderError(base, badHeader) };
      let response: RawResponse;
      try {
        const res = await undiciRequest(url, {
          method: spec.method,
          headers,
          body: body.length > 0 ? body : undefined,
          dispatcher: this.getDispatcher(),
          signal: ctl.signal,
          headersTimeout: this.requestTimeoutMs,
          bodyTimeout: this.requestTimeoutMs,
        });
        // Always consume the body (undici keeps the socket busy until it is read or dumped), but never
        // more than the cap: past it the body is destroyed unread, which closes the connection.
        const resHeaders = joinHeaders(res.headers);
        const read = await readBodyCapped(res.body, this.maxResponseBytes, resHeaders["content-length"]);
        if (read.tooLarge) {
          const size = read.announced !== undefined ? `of ${read.announced} bytes (Content-Length) ` : "";
          const fields = {
            ...base,
            status: res.statusCode,
            requestId: requestIdOf(spec, { headers: resHeaders }),
            retryable: false,
          };
          return {
            error: new ResponseTooLargeError(
              fields,
              `response body ${size}exceeds the ${formatBytes(this.maxResponseBytes)} limit; stopped reading`,
            ),
          };
        }
        response = { status: res.statusCode, headers: resHeaders, body: read.bytes };
      } catch (err) {
        if (ctl.signal.aborted)
          return { error: abortError(ctl.signal.reason, base, undefined, spec.timeoutMs, this.requestTimeoutMs) };
        return { error: mapNetworkError(err, base, this.destination(url)) };
      }
      return { response, error: interpret(spec, response) };
    } finally {
      clearTimeout(timer);
      unlink();
    }
  }

  private getDispatcher(): Dispatcher {
    if (!this.dispatcher) {
      this.proxyUrls = resolveProxyUrls(this.opts.proxy);
      this.dispatcher = createDispatcher({
        extraCaPem: this.opts.extraCaPem,
        proxy: this.proxyUrls,
        connectTimeoutMs: this.connectTimeoutMs,
        requestTimeoutMs: this.requestTimeoutMs,
      });
    }
    return this.dispatcher;
  }

  /** Host and proxy of `url` for error messages (never its path or query). */
  private destination(url: URL): Destination {
    const proxy = this.proxyUrls ? proxyHostFor(url, this.proxyUrls) : undefined;
    return { host: url.host, proxy, caBundleHint: this.opts.caBundleHint };
  }

  private debug(a: DebugAttempt): void {
    const on = this.opts.debug !== undefined ? this.opts.debug : debugEnabledFromEnv();
    if (!on) return;
    const line = formatDebugLine(a);
    if (this.opts.log) this.opts.log(line);
    else process.stderr.write(line + "\n");
  }
}

/**
 * Whether another attempt is allowed. Mutating calls (they create something server-side) are retried
 * only when the server provably did not act: throttled, or a connection that never opened
 * (`notSent`, e.g. ECONNREFUSED). Never after a 5xx, a reset after sending, or any timeout.
 */
function mayRetry(err: VendorApiError, mutating: boolean): boolean {
  const throttled = err instanceof ThrottledError;
  if (!err.retryable && !throttled) return false;
  if (!mutating) return true;
  return throttled || (err instanceof TransportError && err.notSent && !(err instanceof TimeoutError));
}

/** The vendor client's interpretation, else the status mapping for >= 400. */
function interpret(spec: RequestSpec, res: RawResponse): VendorApiError | undefined {
  const base = {
    vendor: spec.vendor,
    operation: spec.operation,
    status: res.status,
    requestId: requestIdOf(spec, res),
  };
  let err: VendorApiError | undefined;
  if (spec.interpret) {
    try {
      err = spec.interpret(res);
    } catch (e) {
      if (e instanceof VendorApiError) return e;
      // The parser's own message may quote the body (JSON.parse does): keep only its class name.
      const name = isErrorLike(e) ? e.name : "error";
      return new ServerError({ ...base, retryable: false }, `unparseable response (${name})`);
    }
  }
  if (!err && res.status >= 400) err = errorFromStatus(base);
  return err;
}

function abortError(
  reason: unknown,
  base: { vendor: RequestSpec["vendor"]; operation: string },
  attempts: number | undefined,
  timeoutMs: number | undefined,
  requestTimeoutMs?: number,
): VendorApiError {
  const r = reason instanceof AbortReason ? reason : new AbortReason("caller", reason);
  if (r.kind === "caller") {
    const cause = isErrorLike(r.original) ? sanitizeError(r.original) : undefined;
    return new AbortedError({ ...base, attempts, retryable: false, cause }, "aborted by the caller");
  }
  if (r.kind === "deadline") {
    return new TimeoutError({ ...base, attempts }, `overall timeout of ${timeoutMs} ms exceeded`);
  }
  return new TimeoutError(
    { ...base, attempts },
    `no complete response within the ${requestTimeoutMs} ms per-attempt timeout`,
  );
}

/** The first request-id header the vendor names (`spec.requestIdHeaders`) that the response carries. */
function requestIdOf(spec: RequestSpec, res: Pick<RawResponse, "headers">): string | undefined {
  for (const name of spec.requestIdHeaders || DEFAULT_REQUEST_ID_HEADERS)
    if (res.headers[name]) return res.headers[name];
  return undefined;
}

function toBytes(body: RequestSpec["body"]): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return typeof body === "string"
    ? Buffer.from(body, "utf8")
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function lowerCaseKeys(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (h) for (const k of Object.keys(h)) out[k.toLowerCase()] = h[k];
  return out;
}

function joinHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(h)) {
    const v = h[k];
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

const shared = new Map<string, HttpTransport>();

/**
 * The process-wide transport for a setting: one instance, hence one connection pool, per distinct
 * (extraCaPem, proxy, timeouts, retry) combination. The proxy part of the key is the effective one
 * (explicit `proxy`, else the proxy environment variables at call time). Injected functions
 * (`now`, `sleep`, `random`, `log`, `rateLimiter`) are not shareable: construct `HttpTransport` for those.
 */
export function getSharedTransport(opts: TransportOptions = {}): HttpTransport {
  if (opts.now || opts.sleep || opts.random || opts.log || opts.rateLimiter) {
    throw new Error("getSharedTransport: injected functions are not shareable; use new HttpTransport(opts)");
  }
  const key = JSON.stringify([
    opts.extraCaPem || "",
    opts.proxy ? ["explicit", opts.proxy.httpsProxy, opts.proxy.httpProxy, opts.proxy.noProxy] : ["env", ...proxyEnv()],
    opts.connectTimeoutMs,
    opts.requestTimeoutMs,
    opts.maxResponseBytes,
    opts.caBundleHint,
    opts.retry || {},
    opts.debug,
  ]);
  let t = shared.get(key);
  if (!t) {
    t = new HttpTransport(opts);
    shared.set(key, t);
  }
  return t;
}

/** Closes every shared transport's pool (tests, or a provider shutting down). */
export async function closeSharedTransports(): Promise<void> {
  const all = Array.from(shared.values());
  shared.clear();
  await Promise.all(all.map((t) => t.close()));
}

function proxyEnv(): Array<string | undefined> {
  const e = process.env;
  return [e.https_proxy || e.HTTPS_PROXY, e.http_proxy || e.HTTP_PROXY];
}
