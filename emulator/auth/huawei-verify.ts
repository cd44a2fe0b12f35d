/**
 * Independent verifier for Huawei API Gateway `SDK-HMAC-SHA256` signatures
 * (docs/vendor-apis.md §4; support.huaweicloud.com devg-apisign api-sign-algorithm-002/003).
 * Written from the algorithm description, not from provider/huaweicloud/signer.ts.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const HUAWEI_ALGORITHM = "SDK-HMAC-SHA256";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** The parts of a received request the signature covers. */
export interface ReceivedRequest {
  method: string;
  /** Path as received, still percent-encoded, without the query. */
  rawPath: string;
  /** Query string as received, without `?`. */
  rawQuery: string;
  /** Lowercase header names. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Parsed `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`. */
export interface HuaweiAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

export function parseHuaweiAuthorization(value: string): HuaweiAuthorization | undefined {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
    value,
  );
  if (!m) return undefined;
  return { accessKey: m[1], signedHeaders: m[2].toLowerCase().split(";"), signature: m[3] };
}

/** RFC 3986 unreserved characters stay; everything else becomes `%XX` (uppercase). */
function escape(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Each segment decoded then re-escaped; a trailing `/` is required when signing (doc: URI must end in "/"). */
export function huaweiCanonicalUri(rawPath: string): string {
  const uri = rawPath
    .split("/")
    .map((seg) => escape(safeDecode(seg)))
    .join("/");
  if (uri === "") return "/";
  return uri.endsWith("/") ? uri : uri + "/";
}

/** Keys sorted by byte order, repeated keys' values sorted, both escaped. */
export function huaweiCanonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  const pairs = rawQuery
    .split("&")
    .filter((p) => p.length > 0)
    .map((p) => {
      const i = p.indexOf("=");
      const k = i < 0 ? p : p.slice(0, i);
      const v = i < 0 ? "" : p.slice(i + 1);
      return [escape(safeDecode(k.replace(/\+/g, " "))), escape(safeDecode(v.replace(/\+/g, " ")))];
    });
  pairs.sort((a, b) => (a[0] === b[0] ? cmp(a[1], b[1]) : cmp(a[0], b[0])));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function headerValue(headers: ReceivedRequest["headers"], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** Computes the expected signature for `req`, with `hostOverride` used for the `host` header. */
export function huaweiExpectedSignature(
  req: ReceivedRequest,
  auth: HuaweiAuthorization,
  secretKey: string,
  hostOverride: string,
  trimValues: boolean,
): string {
  const canonicalHeaders = auth.signedHeaders
    .map((name) => {
      const raw = name === "host" ? hostOverride : headerValue(req.headers, name) || "";
      return `${name}:${trimValues ? raw.trim() : raw}\n`;
    })
    .join("");
  const contentSha = headerValue(req.headers, "x-sdk-content-sha256");
  const payloadHash =
    contentSha === "UNSIGNED-PAYLOAD"
      ? contentSha
      : req.body.length === 0
        ? EMPTY_SHA256
        : createHash("sha256").update(req.body).digest("hex");
  const canonicalRequest = [
    req.method.toUpperCase(),
    huaweiCanonicalUri(req.rawPath),
    huaweiCanonicalQuery(req.rawQuery),
    canonicalHeaders,
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const sdkDate = headerValue(req.headers, "x-sdk-date") || "";
  const stringToSign = [HUAWEI_ALGORITHM, sdkDate, createHash("sha256").update(canonicalRequest).digest("hex")].join(
    "\n",
  );
  return createHmac("sha256", secretKey).update(stringToSign).digest("hex");
}

/**
 * True when the signature matches for one of the host forms (as received, or without the port:
 * SDKs for the real 443 services sign the bare host) and either trimmed (Go) or raw (Node) values.
 */
export function verifyHuaweiSignature(req: ReceivedRequest, auth: HuaweiAuthorization, secretKey: string): boolean {
  const host = headerValue(req.headers, "host") || "";
  const hosts = Array.from(new Set([host, host.replace(/:\d+$/, "")]));
  const given = Buffer.from(auth.signature.toLowerCase(), "utf8");
  for (const h of hosts) {
    for (const trim of [true, false]) {
      const expected = Buffer.from(huaweiExpectedSignature(req, auth, secretKey, h, trim), "utf8");
      if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
    }
  }
  return false;
}

/** Parses `YYYYMMDDTHHMMSSZ`. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}
