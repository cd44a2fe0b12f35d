/**
 * A team's own kubeconfig for a UCS fleet's federation API server whose VPC connection was made elsewhere (in the
 * console, or by another stack's `FleetFederationConnection`): its own certificate, context name and default
 * namespace. The team's Namespace is then created through the federation API server.
 */
import { Config } from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { FleetFederationKubeconfig } from "pulumi-cloud-kubeconfig";

const config = new Config();
const team = config.get("team") || "team-b";

const access = new FleetFederationKubeconfig(team, {
  clusterGroupId: config.require("fleetId"),
  validityDays: 30,
  contextName: team,
  namespace: team,
});

const karmada = new Provider(team, { kubeconfig: access.kubeconfig, clusterIdentifier: access.clusterIdentifier });

// The emulator's API servers serve only discovery (/version, /api, /apis): set deployWorkload=false there.
if (config.getBoolean("deployWorkload") !== false) {
  new Namespace(team, { metadata: { name: team } }, { provider: karmada });
}

export const server = access.server;
export const endpoint = access.endpoint;
export const expiresAt = access.expiresAt;
export const renewAt = access.renewAt;
