/**
 * A UCS cluster's kubeconfig drives a Kubernetes provider; a Namespace and a Deployment are created through it.
 * `clusterIdentifier` keeps the provider (and everything deployed through it) in place when the credential is
 * renewed.
 */
import { Config } from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { UcsClusterKubeconfig, type HuaweiEndpoint } from "pulumi-cloud-kubeconfig";

const config = new Config();

const access = new UcsClusterKubeconfig("ucs", {
  clusterId: config.require("clusterId"),
  // The most secure endpoint the cluster offers unless set: externalTLSVerify, else internal.
  endpoint: config.get("endpoint") as HuaweiEndpoint | undefined,
  contextName: "ucs-demo",
});

const k8s = new Provider("ucs", {
  kubeconfig: access.kubeconfig,
  clusterIdentifier: access.clusterIdentifier,
});

// The emulator's clusters serve only discovery (/version, /api, /apis): set deployWorkload=false there.
const deployWorkload = config.getBoolean("deployWorkload") !== false;

const labels = { app: "hello" };
const deployment = deployWorkload ? workload() : undefined;

function workload(): Deployment {
  const ns = new Namespace("apps", { metadata: { name: "apps" } }, { provider: k8s });
  return new Deployment(
    "hello",
    {
      metadata: { namespace: ns.metadata.name },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "hello", image: "nginxinc/nginx-unprivileged:1.27-alpine" }] },
        },
      },
    },
    { provider: k8s },
  );
}

export const server = access.server;
export const expiresAt = access.expiresAt;
export const renewAt = access.renewAt;
export const deploymentName = deployment ? deployment.metadata.name : "";
