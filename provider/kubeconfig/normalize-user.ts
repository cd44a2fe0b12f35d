/**
 * Vendor user entry → client-go user: certificate users keep `client-certificate-data` and
 * `client-key-data` (both checked to decode to PEM), token users keep `token`. Empty strings are
 * omitted (the federation examples send all three as ""). Errors never include field values.
 */
import { KubeconfigError } from "./errors";
import { nonEmpty } from "./normalize-cluster";
import type { X509Certificate } from "node:crypto";
import { checkKeyMatchesCertificate, readCertificateData, readPrivateKeyData } from "./pem-data";
import { VendorUser } from "./vendor-schema";

/** A user entry in the form client-go accepts. */
export interface NormalizedUser {
  authType: "certificate" | "token";
  /** Canonical base64 of the PEM client certificate (chain). */
  clientCertificateData?: string;
  /** Canonical base64 of the PEM private key. */
  clientKeyData?: string;
  token?: string;
  /** The parsed first client certificate, read once here for the checks and for inspection. */
  clientCertificate?: X509Certificate;
}

/** Normalizes one vendor user body; `path` is its location, e.g. `users[0].user`. */
export function normalizeUser(user: VendorUser | null | undefined, path: string): NormalizedUser {
  const cert = nonEmpty(user ? user["client-certificate-data"] : undefined);
  const key = nonEmpty(user ? user["client-key-data"] : undefined);
  const token = nonEmpty(user ? user.token : undefined);
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? "client-certificate-data" : "client-key-data";
    throw new KubeconfigError("NO_CREDENTIALS", `${path}.${missing} is missing: a client certificate needs its key`, {
      path: `${path}.${missing}`,
    });
  }
  if (cert !== undefined && key !== undefined) {
    const certificate = readCertificateData(cert, `${path}.client-certificate-data`);
    const privateKey = readPrivateKeyData(key, `${path}.client-key-data`);
    const clientCertificate = certificate.certificates[0];
    checkKeyMatchesCertificate(clientCertificate, privateKey.key, `${path}.client-key-data`);
    const out: NormalizedUser = {
      authType: "certificate",
      clientCertificateData: certificate.data,
      clientKeyData: privateKey.data,
      clientCertificate,
    };
    // A vendor that sends both keeps both; client-go then presents the certificate and the bearer token.
    if (token !== undefined) out.token = token;
    return out;
  }
  if (token !== undefined) return { authType: "token", token };
  throw new KubeconfigError("NO_CREDENTIALS", `${path} has neither a client certificate and key nor a token`, {
    path,
  });
}
