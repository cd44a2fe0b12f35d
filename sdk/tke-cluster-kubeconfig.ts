import type { CustomResourceOptions, Input } from "@pulumi/pulumi";
import provider = require("./providers/tke-cluster-kubeconfig");
import { KubeconfigResource, type KubeconfigShapeArgs } from "./base";
import type { TencentCloudCredentials, TkeEndpoint } from "./credentials";

export interface TkeClusterKubeconfigArgs extends KubeconfigShapeArgs {
  /** TKE cluster id (`cls-xxxxxxxx`). Changing it replaces the resource. */
  clusterId: Input<string>;
  /** Region, e.g. `ap-guangzhou`. Default: `tencentcloud:region`, `TENCENTCLOUD_REGION`. Changing it replaces. */
  region?: Input<string>;
  /**
   * `intranet` or `extranet` (`IsExtranet`). The endpoint must be enabled; otherwise creation fails with how to
   * enable it. Default: `intranet`, as the API. Changing it replaces the resource.
   */
  endpoint?: Input<TkeEndpoint>;
  /** Credentials for this resource only. Secret. */
  credentials?: Input<TencentCloudCredentials>;
}

/**
 * Kubeconfig of a Tencent Cloud TKE cluster. TKE client certificates last 20 years, so renewal is opt-in
 * (`renewBeforeDays`).
 */
export class TkeClusterKubeconfig extends KubeconfigResource {
  constructor(name: string, args: TkeClusterKubeconfigArgs, opts?: CustomResourceOptions) {
    super("tencentcloud", "TkeClusterKubeconfig", provider, name, args, [], opts);
  }
}
