import { all, secret, type Input, type Output } from "@pulumi/pulumi";

/** Inputs of {@link mergeKubeconfigs}. */
export interface MergeKubeconfigsArgs {
  /** The `kubeconfig` outputs of the resources (single-context kubeconfigs with names unique across them). */
  kubeconfigs: Input<string>[];
  /** The context the merged kubeconfig starts in. Default: the first kubeconfig's. */
  currentContext?: Input<string>;
}

/**
 * One kubeconfig for several clusters, with one context each and a chosen current context, as a secret. Give each
 * resource its own `contextName` (cluster and user names follow it); a repeated name is an error, never an
 * overwrite. It changes no resource: `clusterIdentifier` and the Providers keyed on it stay as they are.
 *
 * @example
 * ```ts
 * import { mergeKubeconfigs, TkeClusterKubeconfig, UcsClusterKubeconfig } from "pulumi-cloud-kubeconfig";
 *
 * const ucs = new UcsClusterKubeconfig("ucs", { clusterId, contextName: "ucs" });
 * const tke = new TkeClusterKubeconfig("tke", { clusterId: "cls-xxxxxxxx", contextName: "tke" });
 * export const kubeconfig = mergeKubeconfigs({ kubeconfigs: [ucs.kubeconfig, tke.kubeconfig], currentContext: "tke" });
 * ```
 */
export function mergeKubeconfigs(args: MergeKubeconfigsArgs): Output<string> {
  // The implementation is required when the values are known, from the installed package (as the shim does), so
  // a program that serializes a closure never captures it.
  return secret(
    all([all(args.kubeconfigs), args.currentContext]).apply(([kubeconfigs, current]): string =>
      require("pulumi-cloud-kubeconfig/provider").mergeKubeconfigs(kubeconfigs, current),
    ),
  );
}
