/**
 * Redaction: the last line of defence for anything that could reach an error message or a log line.
 * First the exact credential values this process resolved (see secret-values.ts), in whatever form a
 * vendor echoes them; then patterns for what looks like key material. Callers must still never put
 * secrets into messages in the first place.
 */
import { redactSecretValues } from "./secret-values";

const PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // PEM blocks (certificates, private keys)
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, "[REDACTED PEM]"],
  // Authorization header values for both vendors
  [/(SDK-HMAC-SHA256|TC3-HMAC-SHA256)\s+[^\n"']+/gi, "$1 [REDACTED]"],
  // kubeconfig / JSON / header fields that carry secrets (an auth scheme before the value goes with it)
  [
    /("?(?:client-key-data|client-certificate-data|token|password|secretKey|secret_key|SecretKey|securityToken|security_token|X-Auth-Token|X-Security-Token|X-TC-Token|authorization|Signature)"?\s*[:=]\s*)("[^"]*"|'[^']*'|(?:(?:Basic|Bearer)\s+)?[^\s,}]+)/gi,
    "$1[REDACTED]",
  ],
  // Basic and bearer credentials in free text; prose such as "Basic information" is left alone
  [
    /\b(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]+)/gi,
    (m, scheme, cred) => (isCredential(scheme, cred) ? `${scheme} [REDACTED]` : m),
  ],
  // long base64 runs (key or certificate material)
  [/[A-Za-z0-9+/]{64,}={0,2}/g, "[REDACTED BASE64]"],
];

/**
 * Whether the word after `Basic`/`Bearer` is a credential. A plain word (letters, lower case after the
 * first) is prose, unless after `Basic` it is base64 of `user:password` (RFC 7617). Real tokens and
 * base64 of a user and password almost always mix cases, digits or symbols.
 */
function isCredential(scheme: string, cred: string): boolean {
  if (!/^[A-Za-z][a-z]*$/.test(cred)) return true;
  if (scheme.toLowerCase() !== "basic" || cred.length % 4 !== 0) return false;
  return Buffer.from(cred, "base64").toString("latin1").includes(":");
}

/** Replaces registered secret values, and anything that looks like key material, a token or a signature. */
export function redact(text: string): string {
  let out = redactSecretValues(text);
  for (const [re, rep] of PATTERNS) out = typeof rep === "string" ? out.replace(re, rep) : out.replace(re, rep);
  return out;
}
