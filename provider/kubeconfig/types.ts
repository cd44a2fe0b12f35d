/** Public types of the kubeconfig core (see docs/CONTRACTS.md, "Kubeconfig core"). */

/** Which vendor API produced the document. */
export type KubeconfigSource = "ucs" | "cce" | "ucs-federation" | "tke";
/** Endpoint names of Huawei kubeconfigs (CCE, UCS, UCS federation); docs/vendor-apis.md §2. */
export type HuaweiEndpoint = "internal" | "external" | "externalTLSVerify";
/** Endpoint names of TKE kubeconfigs: which DescribeClusterKubeconfig call (`IsExtranet`) was made. */
export type TkeEndpoint = "intranet" | "extranet";
/** The vendor behind a source. */
export type KubeconfigVendor = "huaweicloud" | "tencentcloud";

export interface PrepareKubeconfigInput {
  source: KubeconfigSource;
  /** Parsed JSON object, JSON string, Buffer/Uint8Array (file content), or (TKE) YAML string. */
  document: unknown;
  /** Requested endpoint name; undefined = the most secure usable one. */
  endpoint?: string;
  /** The vendor id (cluster id or fleet id). */
  clusterId: string;
  /**
   * Names in the output. Defaults: cluster `<source>-<clusterId>`, user `<cluster>-user`,
   * context = the cluster name.
   */
  names?: { context?: string; cluster?: string; user?: string };
  /** Optional default namespace in the context (else the vendor context's namespace, if any). */
  namespace?: string;
}

/** Facts read from a client certificate (node:crypto X509Certificate). */
export interface CertificateInfo {
  /** ISO-8601 UTC, e.g. `2026-01-01T00:00:00.000Z`. */
  notBefore: string;
  /** ISO-8601 UTC. */
  notAfter: string;
  subjectCommonName?: string;
  subjectOrganization?: string[];
  issuerCommonName?: string;
  /** Upper-case hex, no separators, no leading zero bytes beyond what the certificate encodes. */
  serialNumber: string;
  /** SHA-256 fingerprint, upper-case hex pairs separated by `:` (node:crypto `fingerprint256`). */
  fingerprintSha256: string;
}

export interface PreparedKubeconfig {
  /** Normalized single-context kubeconfig; stable key order; same input gives the same bytes. */
  yaml: string;
  server: string;
  /** The endpoint actually used (canonical name, e.g. `externalTLSVerify`, `intranet`). */
  endpoint: string;
  contextName: string;
  clusterName: string;
  userName: string;
  /** Base64 CA bundle, when the cluster verifies TLS against a CA given by the vendor. */
  certificateAuthorityData?: string;
  insecureSkipTlsVerify: boolean;
  authType: "certificate" | "token";
  /** From the client certificate; absent for token users. */
  certificate?: CertificateInfo;
  /** Stable: from vendor, source, clusterId, endpoint (NOT the credential). */
  clusterIdentifier: string;
}

/** Options of `prepareKubeconfig` (docs/CONTRACTS.md). */
export interface PrepareKubeconfigOptions {
  /** Clock; accepted for the contract, no current rule depends on time. */
  now?: () => Date;
}
