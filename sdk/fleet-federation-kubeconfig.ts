import type { CustomResourceOptions, Input } from "@pulumi/pulumi";
import provider = require("./providers/fleet-federation-kubeconfig");
import { KubeconfigResource, type KubeconfigShapeArgs } from "./base";
import type { HuaweiCloudCredentials, HuaweiEndpoint } from "./credentials";

export interface FleetFederationKubeconfigArgs extends KubeconfigShapeArgs {
  /** Fleet (cluster group) id whose federation connection already exists. Changing it replaces. */
  clusterGroupId: Input<string>;
  /** Certificate validity in days, 1..1825. Default: 365. */
  validityDays?: Input<number>;
  /** Endpoint name in the federation kubeconfig. Default: the most secure offered. */
  endpoint?: Input<HuaweiEndpoint>;
  /** Account (domain) id sent as X-Domain-Id. */
  domainId?: Input<string>;
  /** Credentials for this resource only. Secret. */
  credentials?: Input<HuaweiCloudCredentials>;
}

/** Kubeconfig of a UCS fleet's federation API server, for a connection made elsewhere. */
export class FleetFederationKubeconfig extends KubeconfigResource {
  constructor(name: string, args: FleetFederationKubeconfigArgs, opts?: CustomResourceOptions) {
    super("huaweicloud", "FleetFederationKubeconfig", provider, name, args, [], opts);
  }
}
