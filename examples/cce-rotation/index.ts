/**
 * A CCE cluster kubeconfig whose client certificate lasts `validityDays` and is re-issued `renewBeforeDays`
 * before it expires. Renewal needs no schedule: the first `pulumi up` on or after `renewAt` issues a new
 * certificate and updates the resource in place; `clusterIdentifier` stays the same, so the Kubernetes
 * provider and what it deployed are not replaced.
 */
import { Config } from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { CceClusterKubeconfig } from "pulumi-cloud-kubeconfig";

const config = new Config();

const access = new CceClusterKubeconfig("cce", {
  clusterId: config.require("clusterId"),
  // 30-day certificates, renewed from day 23 on (7 days before expiry).
  validityDays: config.getNumber("validityDays") ?? 30,
  renewBeforeDays: config.getNumber("renewBeforeDays") ?? 7,
  endpoint: "externalTLSVerify",
  contextName: "cce-rotation",
  namespace: "default",
});

const k8s = new Provider("cce", {
  kubeconfig: access.kubeconfig,
  clusterIdentifier: access.clusterIdentifier,
});

// The emulator's clusters serve only discovery (/version, /api, /apis): set deployWorkload=false there.
if (config.getBoolean("deployWorkload") !== false) {
  new ConfigMap(
    "rotation-marker",
    { data: { note: "deployed through a renewable CCE credential" } },
    { provider: k8s },
  );
}

export const issuedAt = access.issuedAt;
export const expiresAt = access.expiresAt;
export const renewAt = access.renewAt;
export const clusterIdentifier = access.clusterIdentifier;
