/**
 * Kubeconfig core: vendor kubeconfig documents (Huawei UCS, CCE, UCS federation; Tencent TKE) →
 * one normalized, client-go-accepted, deterministic single-context kubeconfig. Pure: no I/O, no
 * `@pulumi/*`.
 */
export { KubeconfigError } from "./errors";
export type { KubeconfigErrorCode, KubeconfigErrorDetails } from "./errors";
export type {
  CertificateInfo,
  HuaweiEndpoint,
  KubeconfigSource,
  KubeconfigVendor,
  PrepareKubeconfigInput,
  PrepareKubeconfigOptions,
  PreparedKubeconfig,
  TkeEndpoint,
} from "./types";
export { prepareKubeconfig } from "./prepare-kubeconfig";
export { parseVendorKubeconfig } from "./parse-vendor-kubeconfig";
export type { VendorCluster, VendorKubeconfig, VendorUser } from "./vendor-schema";
export { listEndpoints } from "./list-endpoints";
export type { EndpointEntry } from "./list-endpoints";
export { selectEndpoint } from "./select-endpoint";
export { normalizeCluster } from "./normalize-cluster";
export type { NormalizedCluster } from "./normalize-cluster";
export { normalizeUser } from "./normalize-user";
export type { NormalizedUser } from "./normalize-user";
export { serializeKubeconfig, withKubeconfigOptions } from "./serialize-kubeconfig";
export { mergeKubeconfigs } from "./merge-kubeconfigs";
export { certificateAuthorityOf } from "./certificate-authority";
export type { ExecUser, KubeconfigOptions, KubeconfigParts } from "./serialize-kubeconfig";
export { inspectClientCertificate } from "./inspect-client-certificate";
export { clusterIdentifier, vendorOf } from "./cluster-identifier";
export type { ClusterIdentifierInput } from "./cluster-identifier";
