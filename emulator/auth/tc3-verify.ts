/**
 * Independent verifier for Tencent Cloud API 3.0 `TC3-HMAC-SHA256` signatures
 * (docs/vendor-apis.md §5; cloud.tencent.com/document/api/213/30654). Not derived from
 * provider/tencentcloud/tc3-signer.ts.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { ReceivedRequest } from "./huawei-verify";

/** Parsed `Authorization: TC3-HMAC-SHA256 Credential=id/date/service/tc3_request, SignedHeaders=..., Signature=...`. */
export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseTc3Authorization(value: string): Tc3Authorization | undefined {
  const m =
    /^TC3-HMAC-SHA256\s+Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
      value,
    );
  if (!m) return undefined;
  return {
    secretId: m[1],
    date: m[2],
    service: m[3],
    signedHeaders: m[4].toLowerCase().split(";"),
    signature: m[5],
  };
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/** UTC calendar date of a Unix timestamp (the scope date must be UTC, not local). */
export function tc3UtcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

function headerValue(headers: ReceivedRequest["headers"], name: string): string {
  const v = headers[name];
  return (Array.isArray(v) ? v.join(",") : v) || "";
}

/** Expected signature for one choice of canonical URI and host. */
export function tc3ExpectedSignature(
  req: ReceivedRequest,
  auth: Tc3Authorization,
  secretKey: string,
  canonicalUri: string,
  host: string,
): string {
  const canonicalHeaders = auth.signedHeaders
    .map((n) => `${n}:${(n === "host" ? host : headerValue(req.headers, n)).trim().toLowerCase()}\n`)
    .join("");
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri,
    req.method.toUpperCase() === "GET" ? req.rawQuery : "",
    canonicalHeaders,
    auth.signedHeaders.join(";"),
    createHash("sha256").update(req.body).digest("hex"),
  ].join("\n");
  const timestamp = headerValue(req.headers, "x-tc-timestamp");
  const stringToSign = [
    "TC3-HMAC-SHA256",
    timestamp,
    `${auth.date}/${auth.service}/tc3_request`,
    createHash("sha256").update(canonicalRequest).digest("hex"),
  ].join("\n");
  const secretDate = hmac("TC3" + secretKey, auth.date);
  const secretService = hmac(secretDate, auth.service);
  const secretSigning = hmac(secretService, "tc3_request");
  return createHmac("sha256", secretSigning).update(stringToSign).digest("hex");
}

/**
 * True when the signature matches for the host as received or without its port, and for the
 * canonical URI `/` (what the SDKs sign) or the path as received (path-prefix routing).
 */
export function verifyTc3Signature(req: ReceivedRequest, auth: Tc3Authorization, secretKey: string): boolean {
  const host = headerValue(req.headers, "host");
  const hosts = Array.from(new Set([host, host.replace(/:\d+$/, "")]));
  const uris = Array.from(new Set(["/", req.rawPath || "/"]));
  const given = Buffer.from(auth.signature.toLowerCase(), "utf8");
  for (const h of hosts) {
    for (const u of uris) {
      const expected = Buffer.from(tc3ExpectedSignature(req, auth, secretKey, u, h), "utf8");
      if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
    }
  }
  return false;
}
