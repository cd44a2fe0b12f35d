/**
 * Redaction by pattern: the last line of defence for anything that could reach an error message or
 * a log line. Callers must still never put secrets into messages in the first place.
 */
const PATTERNS: Array<[RegExp, string]> = [
  // PEM blocks (certificates, private keys)
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, "[REDACTED PEM]"],
  // Authorization header values for both vendors and bearer tokens
  [/(SDK-HMAC-SHA256|TC3-HMAC-SHA256)\s+[^\n"']+/gi, "$1 [REDACTED]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, "$1 [REDACTED]"],
  // kubeconfig / JSON / header fields that carry secrets
  [
    /("?(?:client-key-data|client-certificate-data|token|password|secretKey|secret_key|SecretKey|securityToken|security_token|X-Auth-Token|X-Security-Token|X-TC-Token|authorization|Signature)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi,
    "$1[REDACTED]",
  ],
  // long base64 runs (key or certificate material)
  [/[A-Za-z0-9+/]{64,}={0,2}/g, "[REDACTED BASE64]"],
];

/** Replaces anything that looks like key material, a token or a signature with a marker. */
export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
