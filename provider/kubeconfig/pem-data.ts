/**
 * Checks of the base64 `*-data` fields. client-go stores them as []byte, so JSON/YAML carry
 * standard padded base64; Go's decoder skips CR and LF and nothing else (docs/vendor-apis.md §6).
 * Errors name the field path and never its content.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { KubeconfigError } from "./errors";

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]*?-----END \1?PRIVATE KEY-----/;

/** Decodes a standard (padded) base64 field; throws `BAD_BASE64` naming `path`. */
export function decodeBase64Field(value: string, path: string): Buffer {
  const compact = value.replace(/[\r\n]/g, "");
  if (!STRICT_BASE64.test(compact)) {
    throw new KubeconfigError("BAD_BASE64", `${path} is not valid standard base64`, { path });
  }
  return Buffer.from(compact, "base64");
}

/** Parses every PEM certificate block of `pem`; throws `BAD_CERTIFICATE` if there is none or one does not parse. */
export function parseCertificates(pem: string, path: string): X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK) || [];
  if (blocks.length === 0) {
    throw new KubeconfigError("BAD_CERTIFICATE", `${path} does not contain a PEM certificate`, { path });
  }
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new KubeconfigError("BAD_CERTIFICATE", `${path} contains a PEM certificate that does not parse`, { path });
    }
  });
}

/** A base64 field holding PEM certificates: its canonical base64 (no line breaks) and the parsed certificates. */
export interface CertificateData {
  data: string;
  certificates: X509Certificate[];
}

/** Reads a base64 field that must hold PEM certificates (CA bundle, client certificate). */
export function readCertificateData(value: string, path: string): CertificateData {
  const bytes = decodeBase64Field(value, path);
  return { data: bytes.toString("base64"), certificates: parseCertificates(bytes.toString("utf8"), path) };
}

/**
 * Base64 field that must hold PEM certificates (CA bundle, client certificate). Returns the
 * canonical base64 (no line breaks) of the decoded bytes.
 */
export function checkCertificateData(value: string, path: string): string {
  return readCertificateData(value, path).data;
}

/**
 * Reads a base64 field that must hold an unencrypted PEM private key (PKCS#1, SEC1 or PKCS#8): client-go
 * cannot use encrypted keys. Returns the canonical base64 of the decoded bytes and the parsed key.
 */
export function readPrivateKeyData(value: string, path: string): { data: string; key: KeyObject } {
  const bytes = decodeBase64Field(value, path);
  const match = bytes.toString("utf8").match(KEY_BLOCK);
  let key: KeyObject | undefined;
  if (match) {
    try {
      key = createPrivateKey(match[0]);
    } catch {
      key = undefined;
    }
  }
  if (!key) throw new KubeconfigError("BAD_KEY", `${path} does not contain an unencrypted PEM private key`, { path });
  return { data: bytes.toString("base64"), key };
}

/**
 * The key must belong to the (first) client certificate: Go's tls.X509KeyPair refuses a mismatched
 * pair when client-go builds its transport.
 */
export function checkKeyMatchesCertificate(certificate: X509Certificate, key: KeyObject, keyPath: string): void {
  if (!certificate.checkPrivateKey(key)) {
    throw new KubeconfigError("BAD_KEY", `${keyPath} does not match the client certificate`, { path: keyPath });
  }
}
