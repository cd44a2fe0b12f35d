import type { CustomResourceOptions, Input, Output } from "@pulumi/pulumi";
import provider = require("./providers/cce-cluster-kubeconfig");
import { KubeconfigResource, type KubeconfigShapeArgs } from "./base";
import type { HuaweiCloudCredentials, HuaweiEndpoint } from "./credentials";

export interface CceClusterKubeconfigArgs extends KubeconfigShapeArgs {
  /** CCE cluster id. Changing it replaces the resource. */
  clusterId: Input<string>;
  /** Region, e.g. `cn-north-4`. Default: `huaweicloud:region`, `HW_REGION_NAME`. Changing it replaces. */
  region?: Input<string>;
  /** Project id. Default: `huaweicloud:projectId`, `HW_PROJECT_ID`, else looked up through IAM. Changing it replaces. */
  projectId?: Input<string>;
  /** Certificate validity in days: 1 to the days in the next five years (1826, or 1827 with two leap days), or -1 (5 years). Default: 365. */
  validityDays?: Input<number>;
  /** Absolute expiry (RFC 3339), 15 minutes to 5 years ahead; give this or `validityDays`, not both. */
  expireAt?: Input<string>;
  /** `externalTLSVerify`, `internal` or `external` (insecure, only by name). Default: the most secure offered. */
  endpoint?: Input<HuaweiEndpoint>;
  /**
   * Revoke on delete (`clustercertrevoke`). Off by default: CCE revokes per IAM user, which kills EVERY
   * certificate of that user for the cluster.
   */
  revokeOnDelete?: Input<boolean>;
  /** Credentials for this resource only. Secret. */
  credentials?: Input<HuaweiCloudCredentials>;
}

/** Kubeconfig of a Huawei Cloud CCE cluster, with renewal before expiry. */
export class CceClusterKubeconfig extends KubeconfigResource {
  /** Port id of the cluster control node (the `Port-ID` response header). */
  declare public readonly portId: Output<string>;

  constructor(name: string, args: CceClusterKubeconfigArgs, opts?: CustomResourceOptions) {
    super("huaweicloud", "CceClusterKubeconfig", provider, name, args, ["portId"], opts);
  }
}
