/**
 * A TKE cluster kubeconfig for the public (extranet) API server address. The extranet endpoint must be
 * enabled on the cluster first; otherwise creation fails and says how to enable it (see README.md).
 */
import { Config } from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { TkeClusterKubeconfig } from "pulumi-cloud-kubeconfig";

const config = new Config();

const access = new TkeClusterKubeconfig("tke", {
  clusterId: config.require("clusterId"),
  endpoint: "extranet",
  contextName: "tke-public",
  // TKE certificates last 20 years and renewal is off by default; uncomment to opt in.
  // renewBeforeDays: 30,
});

const k8s = new Provider("tke", {
  kubeconfig: access.kubeconfig,
  clusterIdentifier: access.clusterIdentifier,
});

// The emulator's clusters serve only discovery (/version, /api, /apis): set deployWorkload=false there.
if (config.getBoolean("deployWorkload") !== false) {
  new Namespace("apps", { metadata: { name: "apps" } }, { provider: k8s });
}

export const server = access.server;
export const expiresAt = access.expiresAt;
