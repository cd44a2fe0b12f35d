/**
 * Maps a Tencent Cloud API 3.0 response to the shared error hierarchy (docs/vendor-apis.md §5
 * "Response and errors"): HTTP != 200 is an error (tencentcloud-sdk-nodejs `parseResponse`), and a
 * 200 may still carry `Response.Error {Code, Message}`.
 */
import { errorFromStatus } from "../http/error-from-status";
import { AuthError, InvalidRequestError, NotFoundError, ServerError, ThrottledError } from "../http/errors";
import type { VendorApiError, VendorApiErrorFields } from "../http/errors";
import type { RawResponse } from "../http/types";

/** The `Response` object of a successful call. */
export type TencentResponse = Record<string, unknown> & { RequestId?: string };

/**
 * Picks the error class for a Tencent error code (common codes: intl.cloud.tencent.com/document/api/457/31863).
 * Not-found is checked before the other families because TKE also reports missing clusters as
 * `InternalError.ClusterNotFound` and `InvalidParameter.ClusterNotFound`. `FailedOperation*` is a server-side refusal to act that a
 * quick retry does not fix: a non-retryable ServerError.
 */
function tencentErrorFor(code: string, fields: VendorApiErrorFields): VendorApiError {
  const family = code.split(".")[0];
  // Auth first: `AuthFailure.SecretIdNotFound` is an authentication failure, not a missing cluster.
  if (family === "AuthFailure" || family === "UnauthorizedOperation" || family === "OperationDenied") {
    return new AuthError(fields);
  }
  if (family === "RequestLimitExceeded") return new ThrottledError(fields);
  if (/NotFound$/.test(family) || /NotFound$/.test(code)) return new NotFoundError(fields);
  if (family === "InternalError" || family === "ServiceUnavailable")
    return new ServerError({ ...fields, retryable: true });
  if (family === "ResourceUnavailable" || family === "FailedOperation") return new ServerError(fields);
  if (
    family === "InvalidParameter" ||
    family === "InvalidParameterValue" ||
    family === "MissingParameter" ||
    family === "UnknownParameter" ||
    family === "InvalidAction" ||
    family === "UnsupportedOperation" ||
    family === "UnsupportedRegion" ||
    family === "LimitExceeded" ||
    family === "ResourceInsufficient" ||
    family === "ResourceInUse"
  ) {
    return new InvalidRequestError(fields);
  }
  return new ServerError(fields, "unrecognized error code");
}

/** Returns the transport's `interpret` callback for one action. */
export function interpretTencentResponse(operation: string): (raw: RawResponse) => VendorApiError | undefined {
  return (raw) => {
    const parsed = parseTencentBody(raw);
    if (raw.status !== 200) return fromHttpStatus(operation, raw, parsed);
    if (!parsed.ok) return malformed(operation, raw);
    const error = parsed.response.Error;
    if (error === undefined) return undefined;
    const e = isObject(error) ? error : {};
    const code = typeof e.Code === "string" ? e.Code : "";
    return tencentErrorFor(code, {
      vendor: "tencentcloud",
      operation,
      status: raw.status,
      vendorCode: code || undefined,
      vendorMessage: typeof e.Message === "string" ? e.Message : undefined,
      requestId: requestIdOf(parsed.response),
    });
  };
}

type ParsedBody = { ok: true; response: TencentResponse } | { ok: false };

/** Each response's parse: the transport's check and the client's unwrapping read one parse. */
const parsedBodies = new WeakMap<RawResponse, ParsedBody>();

/** Parses the body into its `Response` object; `ok: false` when it is not JSON or has no `Response`. */
export function parseTencentBody(raw: RawResponse): ParsedBody {
  let parsed = parsedBodies.get(raw);
  if (!parsed) parsedBodies.set(raw, (parsed = parseBody(raw)));
  return parsed;
}

function parseBody(raw: RawResponse): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(raw.body.toString("utf8"));
  } catch {
    return { ok: false };
  }
  if (!isObject(json) || !isObject(json.Response)) return { ok: false };
  return { ok: true, response: json.Response as TencentResponse };
}

function fromHttpStatus(
  operation: string,
  raw: RawResponse,
  parsed: { ok: true; response: TencentResponse } | { ok: false },
): VendorApiError {
  const response = parsed.ok ? parsed.response : undefined;
  const error = response && isObject(response.Error) ? response.Error : undefined;
  const code = error && typeof error.Code === "string" ? error.Code : undefined;
  const fields: VendorApiErrorFields = {
    vendor: "tencentcloud",
    operation,
    status: raw.status,
    vendorCode: code,
    vendorMessage: error && typeof error.Message === "string" ? error.Message : undefined,
    requestId: response ? requestIdOf(response) : undefined,
  };
  if (code) return tencentErrorFor(code, fields);
  // No vendor body (a gateway or proxy answered): classify by status, never echo the body.
  if (raw.status < 400) return new ServerError(fields, "unexpected HTTP status");
  return errorFromStatus(
    { ...fields, status: raw.status, retryable: raw.status >= 500 ? true : undefined },
    "no API response body",
  );
}

function malformed(operation: string, raw: RawResponse): VendorApiError {
  return new ServerError(
    { vendor: "tencentcloud", operation, status: raw.status },
    `response is not a JSON {"Response": ...} object (${raw.body.length} bytes)`,
  );
}

function requestIdOf(response: TencentResponse): string | undefined {
  return typeof response.RequestId === "string" && response.RequestId !== "" ? response.RequestId : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
