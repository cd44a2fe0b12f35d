/**
 * One error hierarchy for every vendor call (undici / stripe-node style): a base class with a
 * stable `code` per subclass. Messages are built from non-secret fields only and pass through
 * `redact()` as a second line of defence.
 */
import { CloudKubeconfigError } from "../errors";
import { redact } from "./redact";

export type Vendor = "huaweicloud" | "tencentcloud";

export interface VendorApiErrorFields {
  vendor: Vendor;
  /** Vendor operation name, e.g. `CreateClusterKubeconfig`, `DescribeClusterKubeconfig`. */
  operation: string;
  /** HTTP status, when a response arrived (Tencent errors usually arrive with 200). */
  status?: number;
  /** Vendor error code, e.g. `UCS.01100005`, `CCE.01404001`, `APIGW.0303`, `AuthFailure.SignatureFailure`. */
  vendorCode?: string;
  /** Vendor error message (redacted). */
  vendorMessage?: string;
  /** `X-Request-Id` (Huawei) or `Response.RequestId` (Tencent). */
  requestId?: string;
  /** Whether the failure is retryable (throttling, 5xx, connection errors, timeouts). */
  retryable?: boolean;
  /** Attempts made before giving up. */
  attempts?: number;
  cause?: unknown;
}

/** A vendor call failed: the vendor's answer, or no usable answer at all. */
export class VendorApiError extends CloudKubeconfigError {
  override readonly code: string = "VENDOR_API_ERROR";
  readonly vendor: Vendor;
  readonly operation: string;
  readonly status?: number;
  readonly vendorCode?: string;
  readonly vendorMessage?: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly attempts?: number;
  /** The underlying error (network failures: a sanitized copy, see `sanitizeError`). */
  override readonly cause?: unknown;
  /** The free-text summary the message was built with (secret-free by construction). */
  readonly summary?: string;

  constructor(f: VendorApiErrorFields, summary?: string) {
    super(redact(VendorApiError.describe(f, summary)), { cause: f.cause });
    this.summary = summary;
    this.vendor = f.vendor;
    this.operation = f.operation;
    this.status = f.status;
    this.vendorCode = f.vendorCode;
    this.vendorMessage = f.vendorMessage === undefined ? undefined : redact(f.vendorMessage);
    this.requestId = f.requestId;
    this.retryable = f.retryable ?? false;
    this.attempts = f.attempts;
  }

  /** `huaweicloud CreateClusterKubeconfig failed: HTTP 404, UCS.01030001: Cluster Not Found. (request id abc)` */
  static describe(f: VendorApiErrorFields, summary?: string): string {
    const parts: string[] = [];
    if (f.status !== undefined) parts.push(`HTTP ${f.status}`);
    if (f.vendorCode || f.vendorMessage) parts.push([f.vendorCode, f.vendorMessage].filter(Boolean).join(": "));
    if (summary) parts.push(summary);
    let msg = `${f.vendor} ${f.operation} failed: ${parts.join(", ") || "unknown error"}`;
    if (f.requestId) msg += ` (request id ${f.requestId})`;
    if (f.attempts !== undefined && f.attempts > 1) msg += ` after ${f.attempts} attempts`;
    return msg;
  }

  /**
   * Records how many attempts were made and rebuilds the message to say so. Used by the transport on
   * the final error; returns `this` so errors returned by `interpret` keep their class and fields.
   */
  withAttempts(attempts: number): this {
    const before = this.message;
    (this as { attempts?: number }).attempts = attempts;
    this.message = redact(VendorApiError.describe({ ...this, attempts }, this.summary));
    if (typeof this.stack === "string") this.stack = this.stack.replace(before, this.message);
    return this;
  }

  /** Plain, secret-free view for logs and tests. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      vendor: this.vendor,
      operation: this.operation,
      status: this.status,
      vendorCode: this.vendorCode,
      vendorMessage: this.vendorMessage,
      requestId: this.requestId,
      retryable: this.retryable,
      attempts: this.attempts,
    };
  }
}

/**
 * The resource (cluster, fleet, endpoint) does not exist: HTTP 404 or a vendor not-found code. Never retried.
 * Whether it means the object is gone is for the vendor's own table (provider/huaweicloud/gone.ts).
 */
export class NotFoundError extends VendorApiError {
  override readonly code = "NOT_FOUND";
}
/**
 * Throttled: HTTP 429, `APIGW.0308`, `UCS.01000002`, Tencent `RequestLimitExceeded*`. Retried after
 * `Retry-After` or a backoff, also for calls that create something: the server did not act.
 */
export class ThrottledError extends VendorApiError {
  override readonly code = "THROTTLED";
  /** Retryable unless `f.retryable` says otherwise. */
  constructor(f: VendorApiErrorFields, summary?: string) {
    super({ ...f, retryable: f.retryable !== undefined ? f.retryable : true }, summary);
  }
}
/** Authentication or authorization failed: 401/403, signature errors, clock skew, unknown keys. */
export class AuthError extends VendorApiError {
  override readonly code = "AUTH_FAILED";
}
/** The request was refused as invalid: 400, `InvalidParameter*`, `CCE.01400001`. */
export class InvalidRequestError extends VendorApiError {
  override readonly code = "INVALID_REQUEST";
}
/** A 5xx or an unparseable answer from the server. */
export class ServerError extends VendorApiError {
  override readonly code: string = "SERVER_ERROR";
}
/** The response body passed the transport's size cap (`maxResponseBytes`); reading stopped there. Final. */
export class ResponseTooLargeError extends ServerError {
  override readonly code = "RESPONSE_TOO_LARGE";
}
/** No usable HTTP response: connection refused/reset, TLS failure, DNS failure, or a timeout. */
export class TransportError extends VendorApiError {
  override readonly code: string = "TRANSPORT_ERROR";
  /** True when the request provably never reached the server (e.g. connection refused). */
  readonly notSent: boolean;
  constructor(f: VendorApiErrorFields & { notSent?: boolean }, summary?: string) {
    super(f, summary);
    this.notSent = f.notSent ?? false;
  }
}
/** A header value cannot be sent (a line break, a character outside Latin-1). Nothing was sent; final. */
export class InvalidHeaderError extends TransportError {
  override readonly code = "INVALID_HEADER";
  constructor(f: VendorApiErrorFields, summary?: string) {
    super({ ...f, retryable: false, notSent: true }, summary);
  }
}
/**
 * A timeout (connect, headers or body) fired. The server may or may not have acted, so a call that creates
 * something is not retried; other calls are.
 */
export class TimeoutError extends TransportError {
  override readonly code = "TIMEOUT";
  /** Retryable unless `f.retryable` says otherwise. */
  constructor(f: VendorApiErrorFields & { notSent?: boolean }, summary?: string) {
    super({ ...f, retryable: f.retryable !== undefined ? f.retryable : true }, summary);
  }
}
/** The caller aborted the request (`spec.signal`). Final: never retried. `cause` is the abort reason. */
export class AbortedError extends TransportError {
  override readonly code = "ABORTED";
}

/** What a message adds to the vendor's answer. Names and ids only, never a credential. */
export interface ErrorContext {
  /** The object the request was about, e.g. `UCS cluster 6f1c…`; named when it is not found. */
  subject?: string;
  /**
   * Where the credentials came from, e.g. `stack config (huaweicloud:accessKey, huaweicloud:secretKey)`; named
   * when authentication or authorization fails.
   */
  credentialsSource?: string;
}

/**
 * The same error with the context added to its message: the subject on a {@link NotFoundError}, the credentials'
 * source on an {@link AuthError}. Other errors are returned as they are.
 */
export function withErrorContext(err: VendorApiError, ctx: ErrorContext): VendorApiError {
  if (err instanceof NotFoundError && ctx.subject) {
    return new NotFoundError(fieldsOf(err), joined(err.summary, `asked for ${ctx.subject}`));
  }
  if (err instanceof AuthError && ctx.credentialsSource) {
    return new AuthError(fieldsOf(err), joined(err.summary, `credentials from ${ctx.credentialsSource}`));
  }
  return err;
}

function fieldsOf(err: VendorApiError): VendorApiErrorFields {
  return {
    vendor: err.vendor,
    operation: err.operation,
    status: err.status,
    vendorCode: err.vendorCode,
    vendorMessage: err.vendorMessage,
    requestId: err.requestId,
    retryable: err.retryable,
    attempts: err.attempts,
    cause: err.cause,
  };
}

function joined(summary: string | undefined, extra: string): string {
  return summary ? `${summary}, ${extra}` : extra;
}
