/**
 * Verifier for Huawei API Gateway `SDK-HMAC-SHA256` signatures (docs/vendor-apis.md §4;
 * support.huaweicloud.com devg-apisign api-sign-algorithm-002/003). The canonical URI and query, the string to
 * sign and the HMAC are the signer's pure functions (provider/huaweicloud/signer.ts, held to the vendor's
 * vectors by test/unit/signers); what is the gateway's own lives here: reading the Authorization header and
 * the request as received, and accepting the forms real SDKs sign (see {@link verifyHuaweiSignature}).
 */
import { timingSafeEqual } from "node:crypto";
import {
  canonicalQueryString,
  canonicalUri,
  hashPayload,
  signature,
  stringToSign,
} from "../../provider/huaweicloud/signer";
import {
  HEADER_CONTENT_SHA256,
  HEADER_HOST,
  HEADER_SDK_DATE,
  UNSIGNED_PAYLOAD,
} from "../../provider/huaweicloud/signer-constants";

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

/** Canonical URI of the path as received (still percent-encoded): segments re-escaped, a trailing `/` added. */
export const huaweiCanonicalUri = (rawPath: string): string => canonicalUri(rawPath);

/** Canonical query of the query string as received (without `?`). */
export const huaweiCanonicalQuery = (rawQuery: string): string => canonicalQueryString(rawQuery);

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
      const raw = name === HEADER_HOST ? hostOverride : headerValue(req.headers, name) || "";
      return `${name}:${trimValues ? raw.trim() : raw}\n`;
    })
    .join("");
  const contentSha = headerValue(req.headers, HEADER_CONTENT_SHA256);
  const canonicalRequest = [
    req.method.toUpperCase(),
    huaweiCanonicalUri(req.rawPath),
    huaweiCanonicalQuery(req.rawQuery),
    canonicalHeaders,
    auth.signedHeaders.join(";"),
    contentSha === UNSIGNED_PAYLOAD ? contentSha : hashPayload(req.body),
  ].join("\n");
  return signature(secretKey, stringToSign(headerValue(req.headers, HEADER_SDK_DATE) || "", canonicalRequest));
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
