import type { CustomResourceOptions, Input, Output } from "@pulumi/pulumi";
import provider = require("./providers/fleet-federation-connection");
import { KubeconfigResource, type KubeconfigShapeArgs } from "./base";
import type { HuaweiCloudCredentials, HuaweiEndpoint } from "./credentials";

export interface FleetFederationConnectionArgs extends KubeconfigShapeArgs {
  /** Fleet (cluster group) id with federation enabled. Changing it replaces the resource. */
  clusterGroupId: Input<string>;
  /** Project of the VPC. Changing it replaces the resource. */
  projectId: Input<string>;
  /** VPC in which the VPC endpoint to the federation API server is created. Changing it replaces. */
  vpcId: Input<string>;
  /** Subnet of that VPC. Changing it replaces. */
  subnetId: Input<string>;
  /** Region of the VPC (for the VPC endpoint API). Default: `huaweicloud:region`, `HW_REGION_NAME`. */
  region?: Input<string>;
  /** Certificate validity in days, 1..1825. Default: 365. */
  validityDays?: Input<number>;
  /** Endpoint name in the federation kubeconfig. Default: the most secure offered. */
  endpoint?: Input<HuaweiEndpoint>;
  /** Delete the VPC endpoint this resource created when it is destroyed. Default: true. */
  deleteVpcEndpoint?: Input<boolean>;
  /** Account (domain) id sent as X-Domain-Id. */
  domainId?: Input<string>;
  /** Credentials for this resource only. Secret. */
  credentials?: Input<HuaweiCloudCredentials>;
}

/**
 * Connects a UCS fleet's federation API server to a VPC (creating a VPC endpoint) and keeps its kubeconfig
 * renewed. Destroying it deletes the VPC endpoint it created.
 */
export class FleetFederationConnection extends KubeconfigResource {
  /** Id of the VPC endpoint to the federation API server. */
  declare public readonly vpcEndpointId: Output<string>;
  /** Whether this resource created the VPC endpoint (only then is it deleted with the resource). */
  declare public readonly vpcEndpointCreated: Output<boolean>;

  constructor(name: string, args: FleetFederationConnectionArgs, opts?: CustomResourceOptions) {
    super(
      "huaweicloud",
      "FleetFederationConnection",
      provider,
      name,
      args,
      ["vpcEndpointId", "vpcEndpointCreated"],
      opts,
    );
  }
}
