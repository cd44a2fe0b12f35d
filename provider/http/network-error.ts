import { STATUS_CODES } from "http";
import { TimeoutError, TransportError, type VendorApiErrorFields } from "./errors";
import { redact } from "./redact";

type Base = Pick<VendorApiErrorFields, "vendor" | "operation">;

/** Where a failed request was going, for messages: host and proxy only, never the path or query. */
export interface Destination {
  /** `host[:port]` of the target (`URL.host`). */
  host: string;
  /** `host:port` of the proxy the request went through, without userinfo; absent when direct. */
  proxy?: string;
  /** What a certificate-trust failure suggests; default {@link DEFAULT_CA_BUNDLE_HINT}. */
  caBundleHint?: string;
}

/** Vendor-neutral advice for an untrusted certificate; callers name their own setting instead. */
export const DEFAULT_CA_BUNDLE_HINT =
  "if the server or a TLS-inspecting proxy uses a private CA, add that CA to the extra CA bundle";

/** Codes that prove the request never left this process (no connection was established). */
const NOT_SENT = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);
/** Connection-level failures worth another attempt. */
const RETRYABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
const TIMEOUTS = new Set(["UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const CONNECT_TIMEOUTS = new Set(["UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"]);

/** Certificate chain codes an extra trusted CA can fix (OpenSSL verify errors as Node reports them). */
const UNTRUSTED = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
]);
const WRONG_NAME = new Set(["ERR_TLS_CERT_ALTNAME_INVALID", "HOSTNAME_MISMATCH"]);
const OUT_OF_DATE = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);

/** Node/OpenSSL certificate verification codes: a retry cannot fix them, and nothing was sent. */
function isTlsVerificationCode(code: string): boolean {
  return (
    /^(CERT_|UNABLE_TO_|ERR_TLS_|ERR_SSL_)/.test(code) ||
    code === "SELF_SIGNED_CERT_IN_CHAIN" ||
    code === "DEPTH_ZERO_SELF_SIGNED_CERT" ||
    code === "HOSTNAME_MISMATCH"
  );
}

/** The most specific error code in an error, its `cause` chain or an AggregateError's errors. */
export function errorCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== "object" || depth > 4) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  // undici wraps the socket error: prefer the inner, more specific one (ECONNRESET over UND_ERR_SOCKET).
  const inner = errorCode(e.cause, depth + 1);
  if (inner && (typeof e.code !== "string" || e.code === "UND_ERR_SOCKET")) return inner;
  if (typeof e.code === "string") return e.code;
  if (Array.isArray(e.errors) && e.errors.length > 0) return errorCode(e.errors[0], depth + 1);
  return inner;
}

/**
 * A secret-free copy of an error to use as `cause`: message passed through `redact`, only the
 * diagnostic fields copied (`code`, `errno`, `syscall`, `address`, `port`), never TLS peer
 * certificates, request options or headers that some errors carry. Nested causes are copied the same way.
 */
export function sanitizeError(err: unknown, depth = 0): Error {
  if (!isErrorLike(err)) return new Error(redact(typeof err === "string" ? err : "non-error rejection"));
  const src = err as unknown as Record<string, unknown>;
  const inner = depth < 3 && src.cause !== undefined ? sanitizeError(src.cause, depth + 1) : undefined;
  const copy = new Error(redact(err.message)) as Error & Record<string, unknown>;
  if (inner) Object.defineProperty(copy, "cause", { value: inner, writable: true, configurable: true });
  copy.name = typeof err.name === "string" ? err.name : "Error";
  for (const k of ["code", "errno", "syscall", "address", "port"]) {
    const v = src[k];
    if (typeof v === "string" || typeof v === "number") copy[k] = v;
  }
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** Duck-typed: errors from another realm (Node internals under Jest's VM) fail `instanceof Error`. */
export function isErrorLike(v: unknown): v is Error {
  return typeof v === "object" && v !== null && typeof (v as Error).message === "string";
}

/**
 * Maps an undici/Node network failure to `TransportError` / `TimeoutError` with a sanitized cause. The
 * message names the host (and the proxy, when one was used), never the URL's path or query.
 */
export function mapNetworkError(err: unknown, base: Base, dest?: Destination): TransportError {
  const code = errorCode(err) || "UNKNOWN";
  const cause = sanitizeError(err);
  const host = dest ? dest.host : "the server";
  const via = dest && dest.proxy ? ` (through the proxy ${dest.proxy})` : "";
  if (TIMEOUTS.has(code)) {
    const phase = CONNECT_TIMEOUTS.has(code) ? "connect" : code === "UND_ERR_HEADERS_TIMEOUT" ? "headers" : "body";
    return new TimeoutError({ ...base, notSent: CONNECT_TIMEOUTS.has(code), cause }, `${phase} timeout (${code})`);
  }
  const refusedWith = proxyRefusal(err);
  if (refusedWith !== undefined) {
    const proxy = dest && dest.proxy ? `the proxy ${dest.proxy}` : "the proxy";
    const reason = STATUS_CODES[refusedWith] ? ` ${STATUS_CODES[refusedWith]}` : "";
    return new TransportError(
      // Nothing reached the server; a gateway failure of the proxy may pass, a refusal will not.
      { ...base, retryable: refusedWith >= 502 && refusedWith <= 504, notSent: true, cause },
      `${proxy} refused the tunnel to ${host} with ${refusedWith}${reason}`,
    );
  }
  if (isTlsVerificationCode(code)) {
    const advice = UNTRUSTED.has(code)
      ? `: ${(dest && dest.caBundleHint) || DEFAULT_CA_BUNDLE_HINT}`
      : WRONG_NAME.has(code)
        ? ": the certificate does not name this host"
        : OUT_OF_DATE.has(code)
          ? ": the certificate is expired or not yet valid (check the clock)"
          : "";
    return new TransportError(
      { ...base, retryable: false, notSent: true, cause },
      `TLS verification of ${host}${via} failed (${code})${advice}`,
    );
  }
  let what: string;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    // Through a proxy, only the proxy's name is resolved here (the proxy resolves the target's).
    const name = dest && dest.proxy ? `of the proxy ${dest.proxy}` : dest ? stripPort(dest.host) : "";
    what = `host name ${name ? name + " " : ""}not resolved`;
  } else if (code === "ECONNREFUSED") {
    what = `connection to ${dest && dest.proxy ? `the proxy ${dest.proxy}` : host} refused`;
  } else if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") {
    what = `connection to ${host}${via} reset`;
  } else {
    what = `network error talking to ${host}${via}`;
  }
  return new TransportError(
    { ...base, retryable: RETRYABLE.has(code), notSent: NOT_SENT.has(code), cause },
    `${what} (${code})`,
  );
}

/**
 * The status a proxy answered a CONNECT with, from undici's errors: `Proxy response (407) !== 200 when HTTP
 * Tunneling` (an aborted request) or `Proxy Authentication Required (407)`.
 */
function proxyRefusal(err: unknown, depth = 0): number | undefined {
  if (!isErrorLike(err) || depth > 4) return undefined;
  const m =
    /^Proxy response \((\d{3})\) !== 200\b/.exec(err.message) ||
    /^Proxy Authentication Required \((407)\)$/.exec(err.message);
  if (m) return Number(m[1]);
  return proxyRefusal((err as { cause?: unknown }).cause, depth + 1);
}

function stripPort(host: string): string {
  return host.replace(/:\d+$/, "");
}
