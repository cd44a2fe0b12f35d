/**
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256 (docs/vendor-apis.md §5;
 * cloud.tencent.com/document/api/213/30654). One pure function per step; the timestamp is passed in.
 *
 * ```
 * CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HexSHA256(payload)
 * StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n {Date}/{service}/tc3_request \n HexSHA256(CanonicalRequest)
 * SecretDate = HMAC("TC3"+SecretKey, Date); SecretService = HMAC(SecretDate, service); SecretSigning = HMAC(SecretService, "tc3_request")
 * Signature = Hex(HMAC(SecretSigning, StringToSign))
 * ```
 */
import { createHmac, hash } from "crypto";
import type { SignableRequest } from "../http/types";
import {
  DEFAULT_SIGNED_HEADERS,
  HEADER_ACTION,
  HEADER_AUTHORIZATION,
  HEADER_CONTENT_TYPE,
  HEADER_HOST,
  HEADER_LANGUAGE,
  HEADER_REGION,
  HEADER_TIMESTAMP,
  HEADER_TOKEN,
  HEADER_VERSION,
  TC3_ALGORITHM,
  TC3_KEY_PREFIX,
  TC3_REQUEST,
} from "./tc3-constants";

/** SecretId/SecretKey; `token` is present for temporary credentials (sent as `X-TC-Token`, not signed). */
export interface Tc3Credentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

/** Everything {@link signTc3Request} needs besides the request itself. */
export interface Tc3SignOptions {
  credentials: Tc3Credentials;
  /** The API's service name (`tke`); never derived from an endpoint override host. */
  service: string;
  /** API action, e.g. `DescribeClusterKubeconfig`. */
  action: string;
  /** API version, e.g. `2018-05-25`. */
  version: string;
  /** `X-TC-Region`; omitted for APIs that do not need it. */
  region?: string;
  /** Unix seconds of the signing time (`X-TC-Timestamp`); the server rejects more than 5 minutes of skew. */
  timestamp: number;
  language?: "zh-CN" | "en-US";
  /**
   * Also sign `x-tc-action` (value lower-cased), as the current doc example does. Default false: sign only
   * `content-type;host`, which is what tencentcloud-sdk-nodejs does.
   */
  signActionHeader?: boolean;
}

/** The three intermediate keys of the TC3 key derivation. */
export interface Tc3SigningKeys {
  secretDate: Buffer;
  secretService: Buffer;
  secretSigning: Buffer;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sha256Hex(data: string | Uint8Array): string {
  return hash("sha256", data, "hex");
}

/** `YYYY-MM-DD`, the UTC date of a Unix timestamp in seconds (1551113065 → `2019-02-25`). */
export function utcDate(timestamp: number): string {
  const day = Math.floor(timestamp / 86400);
  if (day !== lastDate.day) lastDate = { day, text: new Date(day * 86400 * 1000).toISOString().slice(0, 10) };
  return lastDate.text;
}

/** The last date {@link utcDate} formatted: requests of one day share it. */
let lastDate = { day: NaN, text: "" };

/** Canonical query string: empty for POST (doc: "对于 POST 请求,固定为空字符串"), else the query as sent. */
export function canonicalQueryString(req: SignableRequest): string {
  return req.method === "POST" ? "" : req.url.search.replace(/^\?/, "");
}

/** The `Host` value that is signed: `req.headers.host` when set, else the URL hostname (no port, as the SDK). */
export function signingHost(req: SignableRequest): string {
  const explicit = req.headers[HEADER_HOST];
  return explicit !== undefined && explicit !== "" ? explicit : req.url.hostname;
}

/** The request's headers (lower-cased names) plus `host` and `x-tc-action`, i.e. what may be signed. */
export function headersToSign(req: SignableRequest, action: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(req.headers)) out[name.toLowerCase()] = req.headers[name];
  out[HEADER_HOST] = signingHost(req);
  out[HEADER_ACTION] = action;
  return out;
}

/** Canonical headers: `lowercase(key):lowercase(trim(value))\n` for each signed header. */
export function canonicalHeaders(headers: Record<string, string>, signedHeaders: readonly string[]): string {
  return signedHeaders
    .map((name) => {
      const value = headers[name];
      if (value === undefined) throw new Error(`TC3 signing: header ${name} is signed but not set`);
      return `${name}:${value.trim().toLowerCase()}\n`;
    })
    .join("");
}

/** Lower-cased, sorted, de-duplicated signed header names. */
function normalizeSignedHeaders(names: readonly string[]): string[] {
  return Array.from(new Set(names.map((n) => n.toLowerCase()))).sort();
}

/**
 * The canonical request. `headers` is the header set from {@link headersToSign}; `signedHeaders` defaults to
 * `content-type;host`. The canonical URI is the URL path (normally `/`); the payload hash covers the exact bytes.
 */
export function canonicalRequest(
  req: SignableRequest,
  headers: Record<string, string>,
  signedHeaders: readonly string[] = DEFAULT_SIGNED_HEADERS,
): string {
  return canonicalRequestOf(req, headers, normalizeSignedHeaders(signedHeaders));
}

/** {@link canonicalRequest} with the signed header names already normalized. */
function canonicalRequestOf(req: SignableRequest, headers: Record<string, string>, names: readonly string[]): string {
  return [
    req.method,
    req.url.pathname || "/",
    canonicalQueryString(req),
    canonicalHeaders(headers, names),
    names.join(";"),
    sha256Hex(req.body),
  ].join("\n");
}

/** Hex SHA-256 of the canonical request (its UTF-8 bytes). */
export function hashedCanonicalRequest(canonicalRequestText: string): string {
  return sha256Hex(canonicalRequestText);
}

/** `{Date}/{service}/tc3_request`. */
export function credentialScope(timestamp: number, service: string): string {
  return `${utcDate(timestamp)}/${service}/${TC3_REQUEST}`;
}

/** `TC3-HMAC-SHA256 \n Timestamp \n CredentialScope \n HashedCanonicalRequest`. */
export function stringToSign(timestamp: number, service: string, hashedCanonicalRequestHex: string): string {
  return stringToSignOf(timestamp, credentialScope(timestamp, service), hashedCanonicalRequestHex);
}

function stringToSignOf(timestamp: number, scope: string, hashedCanonicalRequestHex: string): string {
  return `${TC3_ALGORITHM}\n${timestamp}\n${scope}\n${hashedCanonicalRequestHex}`;
}

/** Derives SecretDate, SecretService and SecretSigning from the secret key, the UTC date and the service. */
export function deriveSigningKey(secretKey: string, date: string, service: string): Tc3SigningKeys {
  const secretDate = hmac(TC3_KEY_PREFIX + secretKey, date);
  const secretService = hmac(secretDate, service);
  const secretSigning = hmac(secretService, TC3_REQUEST);
  return { secretDate, secretService, secretSigning };
}

/**
 * SecretSigning of each secret key for its latest UTC date and service. Held in memory beside the credentials it
 * comes from, for as long as the process runs; a new date or service replaces the entry.
 */
const signingKeys = new Map<string, { scope: string; key: Buffer }>();

/** {@link deriveSigningKey}'s SecretSigning, derived once per secret key, UTC date and service. */
export function cachedSigningKey(secretKey: string, date: string, service: string): Buffer {
  const scope = `${date}/${service}`;
  const hit = signingKeys.get(secretKey);
  if (hit && hit.scope === scope) return hit.key;
  const key = deriveSigningKey(secretKey, date, service).secretSigning;
  signingKeys.set(secretKey, { scope, key });
  return key;
}

/** Hex HMAC-SHA256 of the string to sign with SecretSigning. */
export function signature(secretSigning: Buffer, stringToSignText: string): string {
  return createHmac("sha256", secretSigning).update(stringToSignText, "utf8").digest("hex");
}

/** The signed header names of {@link signTc3Request}, normalized once. */
const SIGNED_BY_DEFAULT = normalizeSignedHeaders(DEFAULT_SIGNED_HEADERS);
const SIGNED_WITH_ACTION = normalizeSignedHeaders(DEFAULT_SIGNED_HEADERS.concat([HEADER_ACTION]));

/**
 * Signs `req` for Tencent Cloud API 3.0. Returns the headers to add: `authorization`, `x-tc-action`,
 * `x-tc-version`, `x-tc-timestamp`, and `x-tc-region`, `x-tc-token`, `x-tc-language` when given.
 * The request must carry `content-type` (it is always signed).
 */
export function signTc3Request(req: SignableRequest, opts: Tc3SignOptions): Record<string, string> {
  const { credentials, service, action, version, region, timestamp, language } = opts;
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new Error("TC3 signing: timestamp must be Unix seconds");
  const headers = headersToSign(req, action);
  if (headers[HEADER_CONTENT_TYPE] === undefined) throw new Error("TC3 signing: the request has no content-type");
  const names = opts.signActionHeader ? SIGNED_WITH_ACTION : SIGNED_BY_DEFAULT;
  const cr = canonicalRequestOf(req, headers, names);
  const scope = credentialScope(timestamp, service);
  const secretSigning = cachedSigningKey(credentials.secretKey, utcDate(timestamp), service);
  const sig = signature(secretSigning, stringToSignOf(timestamp, scope, hashedCanonicalRequest(cr)));
  const out: Record<string, string> = {
    [HEADER_AUTHORIZATION]:
      `${TC3_ALGORITHM} Credential=${credentials.secretId}/${scope}, ` +
      `SignedHeaders=${names.join(";")}, Signature=${sig}`,
    [HEADER_ACTION]: action,
    [HEADER_VERSION]: version,
    [HEADER_TIMESTAMP]: String(timestamp),
  };
  if (region !== undefined && region !== "") out[HEADER_REGION] = region;
  if (credentials.token !== undefined && credentials.token !== "") out[HEADER_TOKEN] = credentials.token;
  if (language !== undefined) out[HEADER_LANGUAGE] = language;
  return out;
}
