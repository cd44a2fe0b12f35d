/**
 * Connects a UCS fleet's federation API server to a VPC (UCS creates a VPC endpoint for it) and deploys a
 * Namespace through the federation API server. Destroying the stack deletes the VPC endpoint this program
 * created. For a connection made elsewhere, use `FleetFederationKubeconfig` with the fleet id only.
 */
import { Config } from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { FleetFederationConnection } from "pulumi-cloud-kubeconfig";

const config = new Config();

const federation = new FleetFederationConnection("fleet", {
  clusterGroupId: config.require("fleetId"),
  projectId: config.require("projectId"),
  vpcId: config.require("vpcId"),
  subnetId: config.require("subnetId"),
  validityDays: 90,
  contextName: "federation",
});

const karmada = new Provider("federation", {
  kubeconfig: federation.kubeconfig,
  clusterIdentifier: federation.clusterIdentifier,
});

// The emulator's API servers serve only discovery (/version, /api, /apis): set deployWorkload=false there.
if (config.getBoolean("deployWorkload") !== false) {
  new Namespace("federated-apps", { metadata: { name: "federated-apps" } }, { provider: karmada });
}

export const server = federation.server;
export const vpcEndpointId = federation.vpcEndpointId;
export const vpcEndpointCreated = federation.vpcEndpointCreated;
export const renewAt = federation.renewAt;
