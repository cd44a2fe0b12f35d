import { KUBECONFIG_SOURCES } from "./sources";
import { KubeconfigSource, KubeconfigVendor } from "./types";

/** Inputs of {@link clusterIdentifier}: what names the cluster, never the credential. */
export interface ClusterIdentifierInput {
  vendor: KubeconfigVendor;
  source: KubeconfigSource;
  clusterId: string;
  endpoint: string;
}

/**
 * A stable identifier for `@pulumi/kubernetes` `Provider.clusterIdentifier`: while it is unchanged,
 * a new credential (renewal, refresh) does not replace the Kubernetes provider and everything under
 * it (docs/pulumi-dynamic.md §5; README "What it does and why" #5). Shape: `huaweicloud/cce/<clusterId>/<endpoint>`,
 * each part URI-encoded so no two inputs give the same string.
 */
export function clusterIdentifier(input: ClusterIdentifierInput): string {
  return [input.vendor, input.source, input.clusterId, input.endpoint].map(encodeURIComponent).join("/");
}

/** The vendor behind a source. */
export function vendorOf(source: KubeconfigSource): KubeconfigVendor {
  return KUBECONFIG_SOURCES[source].vendor;
}
