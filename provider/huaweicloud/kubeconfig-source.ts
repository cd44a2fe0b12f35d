/**
 * How Huawei Cloud kubeconfigs (CCE, UCS, UCS federation) name their endpoints, for the kubeconfig core
 * (docs/vendor-apis.md §2): contexts `internal`, `external` (insecure-skip-tls-verify) and `externalTLSVerify`,
 * with clusters `internalCluster`, `externalCluster` and `externalClusterTLSVerify`. UCS and federation examples
 * use other names (`demo` / `cluster-demo`, §3), so an entry without a known name is labelled by its properties.
 */
import type { NamedEndpointsDescriptor } from "../kubeconfig/types";

/** The endpoint names of every Huawei kubeconfig. */
export const HUAWEI_ENDPOINT_NAMES = ["internal", "external", "externalTLSVerify"] as const;

/** The source descriptor shared by `ucs`, `cce` and `ucs-federation`. */
export const HUAWEI_KUBECONFIG_SOURCE: NamedEndpointsDescriptor = {
  vendor: "huaweicloud",
  selection: "by-name",
  endpointNames: HUAWEI_ENDPOINT_NAMES,
  clusterNames: {
    internalCluster: "internal",
    externalCluster: "external",
    externalClusterTLSVerify: "externalTLSVerify",
  },
  // Huawei's own pattern: the insecure entry is `external`; a verified entry on a private address `internal`.
  byProperties: { insecure: "external", privateAddress: "internal", publicAddress: "externalTLSVerify" },
  defaultEndpoints: ["externalTLSVerify", "internal"],
};
