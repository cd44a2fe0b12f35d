import { TimeoutError, TransportError, type VendorApiErrorFields } from "./errors";
import { redact } from "./redact";

type Base = Pick<VendorApiErrorFields, "vendor" | "operation">;

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

/** Maps an undici/Node network failure to `TransportError` / `TimeoutError` with a sanitized cause. */
export function mapNetworkError(err: unknown, base: Base): TransportError {
  const code = errorCode(err) || "UNKNOWN";
  const cause = sanitizeError(err);
  if (TIMEOUTS.has(code)) {
    const phase = CONNECT_TIMEOUTS.has(code) ? "connect" : code === "UND_ERR_HEADERS_TIMEOUT" ? "headers" : "body";
    return new TimeoutError(
      { ...base, retryable: true, notSent: CONNECT_TIMEOUTS.has(code), cause },
      `${phase} timeout (${code})`,
    );
  }
  if (isTlsVerificationCode(code)) {
    return new TransportError(
      { ...base, retryable: false, notSent: true, cause },
      `TLS verification of the server failed (${code})`,
    );
  }
  const what =
    code === "ECONNREFUSED"
      ? "connection refused"
      : code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE"
        ? "connection reset"
        : code === "ENOTFOUND" || code === "EAI_AGAIN"
          ? "host name not resolved"
          : "network error";
  return new TransportError(
    { ...base, retryable: RETRYABLE.has(code), notSent: NOT_SENT.has(code), cause },
    `${what} (${code})`,
  );
}
