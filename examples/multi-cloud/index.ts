/**
 * One program, two clouds: a Huawei Cloud CCE cluster and a Tencent Cloud TKE cluster get the same workload.
 * Each kubeconfig feeds its own Kubernetes provider; credentials come from stack config (or per resource
 * through `credentials`, e.g. for a second account).
 */
import { Config } from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { CceClusterKubeconfig, TkeClusterKubeconfig } from "pulumi-cloud-kubeconfig";

const config = new Config();

const cce = new CceClusterKubeconfig("cce", {
  clusterId: config.require("cceClusterId"),
  validityDays: 90,
  contextName: "cce",
});
const tke = new TkeClusterKubeconfig("tke", {
  clusterId: config.require("tkeClusterId"),
  endpoint: "extranet",
  contextName: "tke",
});

const clusters = {
  cce: new Provider("cce", { kubeconfig: cce.kubeconfig, clusterIdentifier: cce.clusterIdentifier }),
  tke: new Provider("tke", { kubeconfig: tke.kubeconfig, clusterIdentifier: tke.clusterIdentifier }),
};

/** The same Deployment on a cluster. */
function hello(name: string, provider: Provider): Deployment {
  const labels = { app: "hello" };
  return new Deployment(
    `hello-${name}`,
    {
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "hello", image: "nginxinc/nginx-unprivileged:1.27-alpine" }] },
        },
      },
    },
    { provider },
  );
}

// The emulator's clusters serve only discovery (/version, /api, /apis): set deployWorkload=false there.
if (config.getBoolean("deployWorkload") !== false) {
  for (const [name, provider] of Object.entries(clusters)) hello(name, provider);
}

export const servers = { cce: cce.server, tke: tke.server };
export const expires = { cce: cce.expiresAt, tke: tke.expiresAt };
