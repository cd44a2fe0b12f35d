/**
 * Vendor cluster entry → what client-go accepts (vendor-apis.md §6):
 * - `insecure-skip-tls-verify` becomes a real boolean ("true" fails clientcmd's JSON decode);
 * - with insecure set, the CA is dropped (transport.TLSConfigFor refuses CA + insecure);
 * - empty strings are omitted; the CA must decode to PEM certificates;
 * - `tls-server-name`, `proxy-url`, `disable-compression` are kept;
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
  tlsServerName?: string;
  proxyUrl?: string;
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
  const tlsServerName = nonEmpty(cluster["tls-server-name"]);
  if (tlsServerName !== undefined) out.tlsServerName = tlsServerName;
  const proxyUrl = nonEmpty(cluster["proxy-url"]);
  if (proxyUrl !== undefined) {
    checkUrl(proxyUrl, `${path}.proxy-url`, ["http:", "https:", "socks5:"]);
    out.proxyUrl = proxyUrl;
  }
  const disableCompression = parseBoolish(cluster["disable-compression"], `${path}.disable-compression`);
  if (disableCompression !== undefined) out.disableCompression = disableCompression;
  return out;
}

function checkServerUrl(server: string, path: string): void {
  checkUrl(server, path, ["https:", "http:"]);
}

function checkUrl(value: string, path: string, protocols: string[]): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || !protocols.includes(url.protocol) || url.hostname === "") {
    throw new KubeconfigError("MALFORMED", `${path} is not a valid ${protocols.join("/")} URL`, { path });
  }
}

/** A string field with content, or undefined for missing/null/empty (vendors send "" for unset). */
export function nonEmpty(value: string | null | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
