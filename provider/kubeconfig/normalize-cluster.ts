/**
 * Vendor cluster entry → what client-go accepts (docs/vendor-apis.md §6):
 * - `insecure-skip-tls-verify` becomes a real boolean ("true" fails clientcmd's JSON decode);
 * - with insecure set, the CA is dropped (transport.TLSConfigFor refuses CA + insecure);
 * - empty strings are omitted; the CA must decode to PEM certificates;
 * - the server must be `https://` without userinfo: a token or key sent over plain http, or credentials in
 *   the URL (which is also the plaintext `server` output), are refused;
 * - a vendor-chosen `proxy-url` or `tls-server-name` is refused: a vendor answer does not get to route the
 *   cluster's traffic through a proxy or change the name TLS verifies;
 * - `disable-compression` is kept;
 * - file-path fields (`certificate-authority`) are dropped: a vendor response cannot name a
 *   file on this machine.
 */
import { parseBoolish } from "./boolish";
import { KubeconfigError } from "./errors";
import { checkCertificateData } from "./pem-data";
import { VendorCluster } from "./vendor-schema";

/** A cluster entry in the form client-go accepts. */
export interface NormalizedCluster {
  server: string;
  /** Canonical base64 of the PEM CA bundle; never set together with insecure. */
  certificateAuthorityData?: string;
  insecureSkipTlsVerify: boolean;
  disableCompression?: boolean;
}

/** Normalizes one vendor cluster body; `path` is its location, e.g. `clusters[1].cluster`. */
export function normalizeCluster(cluster: VendorCluster, path: string): NormalizedCluster {
  const server = nonEmpty(cluster.server);
  if (server === undefined) {
    throw new KubeconfigError("MALFORMED", `${path}.server is missing`, { path: `${path}.server` });
  }
  checkServerUrl(server, `${path}.server`);
  const insecure = parseBoolish(cluster["insecure-skip-tls-verify"], `${path}.insecure-skip-tls-verify`) === true;
  const out: NormalizedCluster = { server, insecureSkipTlsVerify: insecure };
  const ca = nonEmpty(cluster["certificate-authority-data"]);
  if (ca !== undefined && !insecure) {
    out.certificateAuthorityData = checkCertificateData(ca, `${path}.certificate-authority-data`);
  }
  for (const field of ["proxy-url", "tls-server-name"] as const) {
    if (nonEmpty(cluster[field]) !== undefined) {
      throw new KubeconfigError(
        "UNSAFE",
        `${path}.${field} is set by the vendor's kubeconfig; a vendor answer may not choose ` +
          (field === "proxy-url" ? "a proxy for the cluster's traffic" : "the name TLS verifies") +
          ", so it is refused",
        { path: `${path}.${field}` },
      );
    }
  }
  const disableCompression = parseBoolish(cluster["disable-compression"], `${path}.disable-compression`);
  if (disableCompression !== undefined) out.disableCompression = disableCompression;
  return out;
}

/** The message never repeats the URL: it may carry credentials. */
function checkServerUrl(server: string, path: string): void {
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (url === undefined || !["https:", "http:"].includes(url.protocol) || url.hostname === "") {
    throw new KubeconfigError("MALFORMED", `${path} is not a valid https URL`, { path });
  }
  if (url.protocol === "http:") {
    throw new KubeconfigError(
      "UNSAFE",
      `${path} uses plain http://: the credential would travel unencrypted, so it is refused`,
      { path },
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new KubeconfigError("UNSAFE", `${path} carries user information (user:password@); it is refused`, {
      path,
    });
  }
}

/** A string field with content, or undefined for missing/null/empty (vendors send "" for unset). */
export function nonEmpty(value: string | null | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
