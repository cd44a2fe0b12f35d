/**
 * Huawei API Gateway AK/SK request signing, SDK-HMAC-SHA256 (docs/vendor-apis.md §4;
 * support.huaweicloud.com devg-apisign api-sign-algorithm-002/003; go-sdk `core/auth/signer/signer.go`).
 *
 * One pure function per step, smithy signature-v4 style; the clock is passed in.
 *
 * ```
 * CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HexSHA256(body)
 * StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n HexSHA256(CanonicalRequest)
 * Signature        = HexHMAC-SHA256(SK, StringToSign)
 * ```
 */
import { createHmac, hash as digest } from "crypto";
import type { SignableRequest } from "../http/types";
import {
  EMPTY_BODY_SHA256,
  HEADER_AUTHORIZATION,
  HEADER_AUTH_TOKEN,
  HEADER_CONTENT_SHA256,
  HEADER_HOST,
  HEADER_SDK_DATE,
  HEADER_SECURITY_TOKEN,
  SDK_SIGNING_ALGORITHM,
  UNSIGNED_PAYLOAD,
} from "./signer-constants";

/** AK/SK credentials; `securityToken` is present for temporary (STS) credentials. */
export interface HuaweiCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

/** `X-Sdk-Date`: UTC `YYYYMMDDTHHMMSSZ` (Go layout `20060102T150405Z`). */
export function formatSdkDate(d: Date): string {
  // toISOString is always UTC: 2019-11-15T03:36:55.000Z -> 20191115T033655Z
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x5f || // _
    b === 0x2e || // .
    b === 0x7e // ~
  );
}

/** Percent-encodes bytes: RFC 3986 unreserved bytes stay, every other byte becomes `%XX` (uppercase hex). */
function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out += isUnreserved(b) ? String.fromCharCode(b) : "%" + (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
  }
  return out;
}

/** Percent-encodes the UTF-8 bytes of `s`; only `A-Za-z0-9-_.~` stay as they are (space becomes `%20`). */
export function escape(s: string): string {
  return escapeBytes(Buffer.from(s, "utf8"));
}

/** Decodes valid `%XX` sequences to bytes; anything else (a stray `%`) is kept literally. */
function percentDecodeBytes(s: string): Buffer {
  const raw = Buffer.from(s, "utf8");
  const out: number[] = [];
  const hex = (b: number): number =>
    b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 0x37 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25 && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
      out.push(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
      i += 2;
    } else {
      out.push(raw[i]);
    }
  }
  return Buffer.from(out);
}

/**
 * Canonical URI: each `/`-separated segment is percent-decoded (the URL as sent is already encoded) and
 * escaped again with {@link escape}'s rule; a trailing `/` is appended when missing and the empty path is `/`.
 * Doc: "计算签名时,URI必须以“/”结尾。发送请求时,可以不以“/”结尾" (the signed URI must end in `/`, the sent one need not).
 */
export function canonicalUri(path: string): string {
  const uri = path
    .split("/")
    .map((segment) => escapeBytes(percentDecodeBytes(segment)))
    .join("/");
  if (uri === "") return "/";
  return uri.endsWith("/") ? uri : uri + "/";
}

/** Byte-order comparison of ASCII strings (escaped values are pure ASCII). */
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Canonical query string: every `key=value` pair escaped with {@link escape}, sorted by escaped key in byte
 * order and, for repeated keys, by escaped value; empty values are kept as `k=`; joined with `&`.
 * Accepts `url.search` (decoded with `application/x-www-form-urlencoded` rules, so `+` is a space) or pairs.
 */
export function canonicalQueryString(
  query: string | URLSearchParams | ReadonlyArray<readonly [string, string]>,
): string {
  const raw: Array<[string, string]> = [];
  if (typeof query === "string" || query instanceof URLSearchParams) {
    new URLSearchParams(query).forEach((value, key) => raw.push([key, value]));
  } else {
    for (const [key, value] of query) raw.push([key, value]);
  }
  const pairs = raw.map(([k, v]): [string, string] => [escape(k), escape(v)]);
  pairs.sort((a, b) => compareAscii(a[0], b[0]) || compareAscii(a[1], b[1]));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/**
 * Which headers are signed: every header of `headers` (lower-cased) except names containing `_` (the go-sdk
 * skips them, gateways drop them) and `authorization`; sorted in byte order. Unlike the go-sdk we also sign
 * `content-type`, as the doc example does (`content-type;host;x-sdk-date`).
 */
export function signedHeaderNames(headers: Record<string, string>): string[] {
  const names = new Set<string>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower.includes("_") || lower === HEADER_AUTHORIZATION) continue;
    names.add(lower);
  }
  return Array.from(names).sort(compareAscii);
}

function headerValue(headers: Record<string, string>, lowerName: string): string {
  for (const name of Object.keys(headers)) if (name.toLowerCase() === lowerName) return headers[name];
  return "";
}

/** Canonical headers: `name:trim(value)\n` for each signed header, in the given (sorted) order. */
export function canonicalHeaders(headers: Record<string, string>, names: readonly string[]): string {
  return names.map((name) => `${name}:${headerValue(headers, name).trim()}\n`).join("");
}

/** Hex SHA-256 of the exact body bytes sent. */
export function hashPayload(body: Uint8Array | string): string {
  if (body.length === 0) return EMPTY_BODY_SHA256;
  return digest("sha256", body, "hex");
}

/** The `Host` value that is signed: `req.headers.host` when set, else the URL host (port only if non-default). */
export function signingHost(req: SignableRequest): string {
  const explicit = headerValue(req.headers, HEADER_HOST);
  // WHATWG URL.host omits the scheme's default port, which is what the HTTP client sends as Host.
  return explicit !== "" ? explicit : req.url.host;
}

/**
 * The full header set that is signed: the request's headers plus `host`, `x-sdk-date` and, for temporary
 * credentials, `x-security-token`. The caller adds `x-project-id`/`x-domain-id`/`content-type` beforehand.
 */
export function headersToSign(req: SignableRequest, sdkDate: string, securityToken?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(req.headers)) out[name.toLowerCase()] = req.headers[name];
  out[HEADER_HOST] = signingHost(req);
  out[HEADER_SDK_DATE] = sdkDate;
  if (securityToken !== undefined && securityToken !== "") out[HEADER_SECURITY_TOKEN] = securityToken;
  return out;
}

/**
 * The canonical request for `req` with the given header set (see {@link headersToSign}). The payload hash is
 * `UNSIGNED-PAYLOAD` when that is the value of `x-sdk-content-sha256`, else the hash of the exact body bytes.
 */
export function canonicalRequest(req: SignableRequest, headers: Record<string, string>): string {
  const names = signedHeaderNames(headers);
  const payloadHash =
    headerValue(headers, HEADER_CONTENT_SHA256) === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : hashPayload(req.body);
  return [
    req.method,
    canonicalUri(req.url.pathname),
    canonicalQueryString(req.url.search),
    canonicalHeaders(headers, names),
    names.join(";"),
    payloadHash,
  ].join("\n");
}

/** `SDK-HMAC-SHA256 \n X-Sdk-Date \n HexSHA256(CanonicalRequest)`. */
export function stringToSign(sdkDate: string, canonicalRequestText: string): string {
  return `${SDK_SIGNING_ALGORITHM}\n${sdkDate}\n${digest("sha256", canonicalRequestText, "hex")}`;
}

/** Hex HMAC-SHA256 keyed with the secret key itself (no key derivation in this scheme). */
export function signature(secretKey: string, stringToSignText: string): string {
  return createHmac("sha256", secretKey).update(stringToSignText, "utf8").digest("hex");
}

/**
 * Signs `req` with AK/SK at time `now`. Returns the headers to add: `x-sdk-date`, `x-security-token` (temporary
 * credentials; signed) and `authorization`. Any `x-sdk-date` already on the request is replaced by `now`.
 */
export function signHuaweiRequest(req: SignableRequest, creds: HuaweiCredentials, now: Date): Record<string, string> {
  const sdkDate = formatSdkDate(now);
  const headers = headersToSign(req, sdkDate, creds.securityToken);
  const cr = canonicalRequest(req, headers);
  const sig = signature(creds.secretKey, stringToSign(sdkDate, cr));
  const out: Record<string, string> = { [HEADER_SDK_DATE]: sdkDate };
  if (headers[HEADER_SECURITY_TOKEN] !== undefined) out[HEADER_SECURITY_TOKEN] = headers[HEADER_SECURITY_TOKEN];
  out[HEADER_AUTHORIZATION] =
    `${SDK_SIGNING_ALGORITHM} Access=${creds.accessKey}, SignedHeaders=${signedHeaderNames(headers).join(";")}, ` +
    `Signature=${sig}`;
  return out;
}

/** Headers for IAM token authentication, the alternative to AK/SK: `X-Auth-Token: {token}`. */
export function authTokenHeaders(token: string): Record<string, string> {
  return { [HEADER_AUTH_TOKEN]: token };
}
