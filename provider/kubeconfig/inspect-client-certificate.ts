/**
 * Reads expiry and identity from a client certificate. None of the vendor APIs returns the
 * expiry, so it comes from the certificate itself (README "What it does and why" #2).
 */
import type { X509Certificate } from "node:crypto";
import { KubeconfigError } from "./errors";
import { decodeBase64Field, parseCertificates } from "./pem-data";
import { CertificateInfo } from "./types";

/**
 * Inspects the first certificate of a PEM text, or of base64 of PEM (a kubeconfig
 * `client-certificate-data`). Throws `BAD_BASE64`/`BAD_CERTIFICATE` naming `path`, never the content.
 */
export function inspectClientCertificate(
  pemOrBase64: string | Uint8Array,
  path = "client-certificate-data",
): CertificateInfo {
  const text =
    typeof pemOrBase64 === "string"
      ? pemOrBase64.includes("-----BEGIN")
        ? pemOrBase64
        : decodeBase64Field(pemOrBase64.trim(), path).toString("utf8")
      : Buffer.from(pemOrBase64.buffer, pemOrBase64.byteOffset, pemOrBase64.byteLength).toString("utf8");
  return certificateInfo(parseCertificates(text, path)[0], path);
}

/** The facts of a parsed certificate; `path` names it in errors. */
export function certificateInfo(cert: X509Certificate, path: string): CertificateInfo {
  const subject = parseDistinguishedName(cert.subject);
  const issuer = parseDistinguishedName(cert.issuer);
  const info: CertificateInfo = {
    notBefore: toIsoUtc(cert.validFrom, path),
    notAfter: toIsoUtc(cert.validTo, path),
    serialNumber: cert.serialNumber.toUpperCase(),
    fingerprintSha256: cert.fingerprint256.toUpperCase(),
  };
  const cn = subject.CN;
  if (cn && cn.length > 0) info.subjectCommonName = cn[0];
  const o = subject.O;
  if (o && o.length > 0) info.subjectOrganization = o.slice();
  const issuerCn = issuer.CN;
  if (issuerCn && issuerCn.length > 0) info.issuerCommonName = issuerCn[0];
  return info;
}

/** node:crypto prints names one attribute per line (`CN=admin\nO=system:masters`). */
function parseDistinguishedName(dn: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of dn.split("\n")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (!out[key]) out[key] = [];
    out[key].push(value);
  }
  return out;
}

/** `validFrom`/`validTo` look like `Jan  1 00:00:00 2026 GMT`; Node 20 has no Date-valued accessor. */
function toIsoUtc(text: string, path: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new KubeconfigError("BAD_CERTIFICATE", `${path} has a validity date that cannot be read`, { path });
  }
  return new Date(ms).toISOString();
}
