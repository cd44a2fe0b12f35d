import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  ServerError,
  ThrottledError,
  type VendorApiError,
  type VendorApiErrorFields,
} from "./errors";

/** Statuses worth another attempt: throttling and the transient gateway/server failures (RFC 9110 §15.6). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * The one HTTP status → error-class mapping (stripe-node style), vendor-neutral. The vendors' own mappings
 * (provider/huaweicloud/errors.ts, provider/tencentcloud/errors.ts) classify their codes first and fall back
 * to this for the status, so an unknown vendor code still lands in the right class. `f.retryable`, when given,
 * overrides the status-based default.
 */
export function errorFromStatus(f: VendorApiErrorFields & { status: number }, summary?: string): VendorApiError {
  const fields: VendorApiErrorFields = {
    ...f,
    retryable: f.retryable !== undefined ? f.retryable : RETRYABLE_STATUSES.has(f.status),
  };
  const s = f.status;
  if (s === 404) return new NotFoundError(fields, summary);
  if (s === 429) return new ThrottledError(fields, summary);
  if (s === 401 || s === 403) return new AuthError(fields, summary);
  if (s >= 400 && s < 500) return new InvalidRequestError(fields, summary);
  return new ServerError(fields, summary);
}
