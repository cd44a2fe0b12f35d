import { getProject, getStack, type CustomResourceOptions, type Input, type Output } from "@pulumi/pulumi";
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
  /** Delete the VPC endpoint this resource owns when it is destroyed and no other resource uses it. Default: true. */
  deleteVpcEndpoint?: Input<boolean>;
  /**
   * An existing VPC endpoint (to this fleet, in this VPC) to use instead of creating one. It is used, not owned:
   * destroy never deletes it, unless `adoptVpcEndpoint` is true. Changing it replaces the resource.
   */
  vpcEndpointId?: Input<string>;
  /**
   * With `vpcEndpointId`: take ownership of that endpoint (it is marked as this resource's and deleted on destroy),
   * e.g. one left by an interrupted `pulumi up`. Default: false. Changing it replaces the resource.
   */
  adoptVpcEndpoint?: Input<boolean>;
  /** Account (domain) id sent as X-Domain-Id. */
  domainId?: Input<string>;
  /** Credentials for this resource only. Secret. */
  credentials?: Input<HuaweiCloudCredentials>;
}

/**
 * Connects a UCS fleet's federation API server to a VPC (creating a VPC endpoint) and keeps its kubeconfig
 * renewed. The endpoint is tagged with this resource's identity, so the `pulumi up` after an interrupted one finds
 * it again instead of making another.
 * Destroying the resource deletes the endpoint it owns, unless another resource still uses it.
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
      // The identity that marks the VPC endpoint as this resource's: the same on every run of this stack.
      { ...args, __owner: `${getProject()}/${getStack()}/FleetFederationConnection/${name}` },
      ["vpcEndpointId", "vpcEndpointCreated"],
      opts,
    );
  }
}
