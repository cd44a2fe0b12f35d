import type { CustomResourceOptions, Input } from "@pulumi/pulumi";
import provider = require("./providers/ucs-cluster-kubeconfig");
import { KubeconfigResource, type KubeconfigShapeArgs } from "./base";
import type { HuaweiCloudCredentials, HuaweiEndpoint } from "./credentials";

export interface UcsClusterKubeconfigArgs extends KubeconfigShapeArgs {
  /** UCS cluster id (`POST /v1/clusters/{clusterid}/kubeconfig`). Changing it replaces the resource. */
  clusterId: Input<string>;
  /**
   * Which API server address to use: `externalTLSVerify` (public, TLS verified), `internal` (VPC) or
   * `external` (public, TLS verification skipped: used only when asked for by name). Default: the most
   * secure one the cluster offers. Changing it replaces the resource.
   */
  endpoint?: Input<HuaweiEndpoint>;
  /** Account (domain) id sent as X-Domain-Id. Default: `huaweicloud:domainId`, `HW_DOMAIN_ID`, else IAM. */
  domainId?: Input<string>;
  /** Credentials for this resource only. Secret. */
  credentials?: Input<HuaweiCloudCredentials>;
}

/**
 * Kubeconfig of a Huawei Cloud UCS cluster. A refresh never mints a new certificate; a plain `pulumi up`
 * re-issues it from `renewAt` on.
 *
 * ```ts
 * const kc = new UcsClusterKubeconfig("prod", { clusterId, endpoint: "externalTLSVerify" });
 * new k8s.Provider("prod", { kubeconfig: kc.kubeconfig, clusterIdentifier: kc.clusterIdentifier });
 * ```
 */
export class UcsClusterKubeconfig extends KubeconfigResource {
  constructor(name: string, args: UcsClusterKubeconfigArgs, opts?: CustomResourceOptions) {
    super("huaweicloud", "UcsClusterKubeconfig", provider, name, args, [], opts);
  }
}
