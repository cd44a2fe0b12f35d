/** Public API of the HTTP transport layer (see docs/CONTRACTS.md "provider/http"). */
export {
  VendorApiError,
  NotFoundError,
  ThrottledError,
  AuthError,
  InvalidRequestError,
  ServerError,
  ResponseTooLargeError,
  TransportError,
  InvalidHeaderError,
  TimeoutError,
  AbortedError,
} from "./errors";
export type { Vendor, VendorApiErrorFields } from "./errors";
export type {
  HttpMethod,
  SignableRequest,
  RawResponse,
  RequestSpec,
  RetryOptions,
  TransportOptions,
  RateLimitGate,
} from "./types";
export { DEFAULT_REQUEST_ID_HEADERS } from "./types";
export { HttpTransport, getSharedTransport, closeSharedTransports, TRANSPORT_DEFAULTS } from "./transport";
export { errorFromStatus, RETRYABLE_STATUSES } from "./error-from-status";
export {
  RateLimiter,
  getRateLimiter,
  setRateLimit,
  resetRateLimiter,
  parseRateLimits,
  FALLBACK_RATE_LIMIT,
  DEFAULT_HEADROOM,
  RATE_LIMITS_ENV,
} from "./rate-limiter";
export type { RateLimit, RateLimiterOptions } from "./rate-limiter";
export { parseRetryAfter, backoffDelay } from "./retry-after";
export { DEBUG_ENV, formatDebugLine } from "./debug-log";
export { redact } from "./redact";
export { sanitizeError, DEFAULT_CA_BUNDLE_HINT } from "./network-error";
export { registerSecretValues, clearSecretValues } from "./secret-values";
