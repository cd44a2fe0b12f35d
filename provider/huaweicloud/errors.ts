/**
 * Maps a Huawei Cloud response to the shared error hierarchy (docs/vendor-apis.md §2 "CCE error body",
 * §3 "UCS error codes" / "Error body", §4 `APIGW.0303`). One function, stripe-node style. The caller may add
 * what the vendor's answer leaves out: the object asked for and where the credentials came from
 * (withErrorContext in provider/http/errors.ts).
 */
import { errorFromStatus } from "../http/error-from-status";
import { AuthError, InvalidRequestError, NotFoundError, ServerError, ThrottledError } from "../http/errors";
import type { VendorApiError, VendorApiErrorFields } from "../http/errors";
import type { RawResponse } from "../http/types";

/**
 * Vendor codes whose class the HTTP status alone would not give (docs/vendor-apis.md §1–§4): not-found codes of
 * UCS, CCE and VPCEP; throttling by the gateway (`APIGW.0308`) and UCS; bad signature or unknown key
 * (`APIGW.0301`), clock skew over 15 minutes (`APIGW.0303`) and the 401/403 codes of UCS and CCE. Whether a
 * not-found code means an object is gone is gone.ts's question, not this table's.
 */
const CODE_CLASSES: Readonly<Record<string, "notFound" | "throttled" | "auth">> = {
  "UCS.01030001": "notFound",
  "UCS.01100005": "notFound",
  "UCS.00000013": "notFound",
  "CCE.01404001": "notFound",
  "EndPoint.0005": "notFound",
  "APIGW.0308": "throttled",
  "UCS.01000002": "throttled",
  "APIGW.0301": "auth",
  "APIGW.0303": "auth",
  "UCS.00000004": "auth",
  "UCS.00000018": "auth",
  "CCE.01401001": "auth",
  "CCE.01403001": "auth",
};
/** 404 from the API gateway: it does not know this API at this host. */
const GATEWAY_UNKNOWN_API = "APIGW.0101";
const UNKNOWN_API_HINT =
  "the API gateway does not know this API at this host: check the region and any endpoint override";

/** The API gateway's request-id response header. Error bodies may carry it too (`request_id`). */
export const HUAWEI_REQUEST_ID_HEADER = "x-request-id";
/** IAM's trace id, the request id of last resort in IAM error answers. */
const IAM_TRACE_ID_HEADER = "x-iam-trace-id";

/** The request id of a response, from its headers. */
export function huaweiRequestId(raw: Pick<RawResponse, "headers">): string | undefined {
  return raw.headers[HUAWEI_REQUEST_ID_HEADER] || undefined;
}

/** What could be read from an error body: never the raw body itself. */
export interface HuaweiErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

export interface InterpretOptions {
  /** The 2xx body must be JSON (default true); a non-JSON 2xx becomes a {@link ServerError}. */
  expectJson?: boolean;
}

/**
 * Returns the `interpret` callback for the transport: `undefined` for a 2xx, otherwise a typed error.
 * Any 2xx counts as success (UCS documents 201, CCE 200; a tolerant client does not fail on the other).
 * @param operation vendor operation name, e.g. `CreateClusterKubeconfig`.
 * @param service service name used in messages, e.g. `ucs`.
 */
export function interpretHuaweiResponse(
  operation: string,
  service: string,
  opts: InterpretOptions = {},
): (raw: RawResponse) => VendorApiError | undefined {
  const expectJson = opts.expectJson !== false;
  return (raw) => {
    if (raw.status >= 200 && raw.status < 300) {
      if (!expectJson || raw.status === 204 || isJson(raw.body)) return undefined;
      return malformedBody(operation, service, raw);
    }
    return huaweiErrorFromResponse(operation, raw);
  };
}

/** Builds the typed error for a non-2xx response. */
function huaweiErrorFromResponse(operation: string, raw: RawResponse): VendorApiError {
  const parsed = parseHuaweiErrorBody(raw.body);
  const fields: VendorApiErrorFields = {
    vendor: "huaweicloud",
    operation,
    status: raw.status,
    vendorCode: parsed.code,
    vendorMessage: parsed.message,
    requestId: huaweiRequestId(raw) || parsed.requestId || raw.headers[IAM_TRACE_ID_HEADER] || undefined,
  };
  // Free-text bodies are not echoed: they may be proxy pages or carry anything.
  const summary = parsed.code || parsed.message || raw.body.length === 0 ? undefined : "non-JSON error body";
  const code = parsed.code;
  // The gateway answers 404 APIGW.0101 for an API it does not know: the host, region or path is wrong. That
  // says nothing about any object, so it is not a NotFoundError.
  if (code === GATEWAY_UNKNOWN_API) return new InvalidRequestError(fields, UNKNOWN_API_HINT);
  const byCode = code !== undefined ? CODE_CLASSES[code] : undefined;
  if (byCode === "notFound") return new NotFoundError(fields, summary);
  if (byCode === "throttled") return new ThrottledError(fields, summary);
  if (byCode === "auth") return new AuthError(fields, summary);
  if (raw.status < 400) return new ServerError(fields, "unexpected HTTP status");
  // Any 5xx of the gateway is worth another attempt (within the transport's rules for mutating calls).
  return errorFromStatus({ ...fields, status: raw.status, retryable: raw.status >= 500 ? true : undefined }, summary);
}

/**
 * Reads code, message and request id from any of the known shapes: `error_code/error_msg` (UCS,
 * APIGW), `errorCode/errorMessage` (CCE), `code/message`, or one of these nested in an object
 * (go-sdk `core/sdkerr/errors.go` recurses the same way). Returns `{}` for non-JSON bodies.
 */
export function parseHuaweiErrorBody(body: Buffer): HuaweiErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return {};
  }
  return findError(json, 0);
}

function findError(value: unknown, depth: number): HuaweiErrorBody {
  if (!isObject(value) || depth > 3) return {};
  const out: HuaweiErrorBody = {};
  const requestId = str(value.request_id) || str(value.requestId);
  if (requestId) out.requestId = requestId;
  const pairs: Array<[string, string]> = [
    ["error_code", "error_msg"],
    ["errorCode", "errorMessage"],
    ["code", "message"],
  ];
  for (const [c, m] of pairs) {
    const code = str(value[c]);
    const message = str(value[m]);
    if (code || message) return { ...out, code, message };
  }
  for (const key of Object.keys(value)) {
    const inner = findError(value[key], depth + 1);
    if (inner.code || inner.message) return { ...inner, requestId: out.requestId || inner.requestId };
  }
  return out;
}

/** Longest id echoed in a message; the API paths carry ids already escaped. */
const MAX_SUBJECT_ID = 128;

/**
 * The object an API path is about, from its escaped path (a base URL's path prefix is allowed in front):
 * `/v1/clusters/{id}` (UCS cluster), `/v1/clustergroups/{id}` (fleet), `…/v3/projects/{p}/clusters/{id}` (CCE
 * cluster), `/v1/{p}/vpc-endpoints/{id}` (VPC endpoint).
 */
export function huaweiSubject(service: string, path: string): string | undefined {
  const id = (s: string) => s.slice(0, MAX_SUBJECT_ID);
  let m: RegExpExecArray | null;
  if (service === "ucs") {
    if ((m = /(?:^|\/)v1\/clustergroups\/([^/?#]+)/.exec(path))) return `fleet (cluster group) ${id(m[1])}`;
    if ((m = /(?:^|\/)v1\/clusters\/([^/?#]+)/.exec(path))) return `UCS cluster ${id(m[1])}`;
  }
  if (service === "cce" && (m = /(?:^|\/)v3\/projects\/([^/?#]+)\/clusters\/([^/?#]+)/.exec(path))) {
    return `CCE cluster ${id(m[2])} in project ${id(m[1])}`;
  }
  if (service === "vpcep" && (m = /(?:^|\/)v1\/[^/?#]+\/vpc-endpoints\/([^/?#]+)/.exec(path))) {
    return `VPC endpoint ${id(m[1])}`;
  }
  return undefined;
}

function malformedBody(operation: string, service: string, raw: RawResponse): VendorApiError {
  return new ServerError(
    {
      vendor: "huaweicloud",
      operation,
      status: raw.status,
      requestId: huaweiRequestId(raw),
    },
    `${service} returned a body that is not valid JSON (${raw.body.length} bytes)`,
  );
}

function isJson(body: Buffer): boolean {
  return jsonBody(body).ok;
}

type JsonBody = { ok: true; value: unknown } | { ok: false };

/** Each body's parse: the transport's check, the client's check and its reading share one. */
const parsedBodies = new WeakMap<Buffer, JsonBody>();

/** The JSON value of a response body; an empty body is `{}` (an empty 2xx). */
export function jsonBody(body: Buffer): JsonBody {
  let parsed = parsedBodies.get(body);
  if (!parsed) parsedBodies.set(body, (parsed = parseJson(body.toString("utf8"))));
  return parsed;
}

function parseJson(text: string): JsonBody {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}
