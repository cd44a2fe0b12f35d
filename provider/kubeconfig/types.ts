/** Public types of the kubeconfig core (see docs/CONTRACTS.md, "Kubeconfig core"). */

import type { HUAWEI_ENDPOINT_NAMES } from "../huaweicloud/kubeconfig-source";
import type { TKE_ENDPOINT_NAMES } from "../tencentcloud/kubeconfig-source";

/** Which vendor API produced the document. */
export type KubeconfigSource = "ucs" | "cce" | "ucs-federation" | "tke";
/** Endpoint names of Huawei kubeconfigs (CCE, UCS, UCS federation); docs/vendor-apis.md §2. */
export type HuaweiEndpoint = (typeof HUAWEI_ENDPOINT_NAMES)[number];
/** Endpoint names of TKE kubeconfigs: which DescribeClusterKubeconfig call (`IsExtranet`) was made. */
export type TkeEndpoint = (typeof TKE_ENDPOINT_NAMES)[number];
/** The vendor behind a source. */
export type KubeconfigVendor = "huaweicloud" | "tencentcloud";

/**
 * The document offers several endpoints under the vendor's names, and one is chosen here: by the name asked for
 * (an endpoint name, else a context or cluster name of the document), else the most preferred secure one.
 */
export interface NamedEndpointsDescriptor {
  vendor: KubeconfigVendor;
  selection: "by-name";
  /** The endpoint names; a context with one of these names is that endpoint. */
  endpointNames: readonly string[];
  /** Cluster name → endpoint name, for entries whose context has no endpoint name. */
  clusterNames: Readonly<Record<string, string>>;
  /** Labels of entries named neither way: by insecure-skip-tls-verify, else by a private or public address. */
  byProperties: { insecure: string; privateAddress: string; publicAddress: string };
  /** Secure endpoints used when none is asked for, most preferred first. */
  defaultEndpoints: readonly string[];
}

/**
 * The API call chose the endpoint: the document's one entry (its current context when there are several) is
 * labelled with the endpoint name asked for, else `defaultEndpoint`.
 */
export interface ChosenByCallDescriptor {
  vendor: KubeconfigVendor;
  selection: "by-call";
  /** The product named in messages, e.g. `TKE`. */
  product: string;
  endpointNames: readonly string[];
  defaultEndpoint: string;
}

/** What the kubeconfig core knows about a source; each vendor declares its own. */
export type KubeconfigSourceDescriptor = NamedEndpointsDescriptor | ChosenByCallDescriptor;

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
