// The demo program (root Pulumi.yaml; `npm run demo`) and the engine tier's stack (test/e2e): all five
// resources against the vendor emulator, one kubeconfig chained into a @pulumi/kubernetes Provider.
// Plain CommonJS so the CLI runs it without ts-node. Ids default to the emulator's published seed
// (emulator/README.md); endpoints and the FAKE demo credentials come from stack config (demo/run.js).
"use strict";
const pulumi = require("@pulumi/pulumi");
const kc = require("pulumi-cloud-kubeconfig");

const cfg = new pulumi.Config("demo");
const hw = new pulumi.Config("huaweicloud");
const tc = new pulumi.Config("tencentcloud");

/** Which resources to declare (comma list of the names below); default all five. */
const wanted = (cfg.get("resources") || "ucs,cce,fleet,fleetKubeconfig,tke").split(",").map((s) => s.trim());
const want = (name) => wanted.includes(name);

const ids = {
  ucsClusterId: cfg.get("ucsClusterId") || "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
  cceClusterId: cfg.get("cceClusterId") || "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02",
  fleetId: cfg.get("fleetId") || "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
  vpcId: cfg.get("vpcId") || "e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a7b",
  subnetId: cfg.get("subnetId") || "f5a6b7c8-d9e0-4f1a-8b2c-3d4e5f6a7b8c",
  tkeClusterId: cfg.get("tkeClusterId") || "cls-emu7pub1",
};
const validityDays = cfg.getNumber("validityDays") || 365;

/** The non-secret facts of a resource, plus its (secret) kubeconfig. */
function summary(r) {
  return {
    kubeconfig: r.kubeconfig,
    endpoint: r.endpoint,
    server: r.server,
    contextName: r.contextName,
    clusterIdentifier: r.clusterIdentifier,
    authType: r.authType,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
    renewAt: r.renewAt,
  };
}

const out = {};

if (want("ucs")) {
  out.ucs = summary(new kc.UcsClusterKubeconfig("ucs", { clusterId: ids.ucsClusterId }));
}

if (want("cce")) {
  out.cce = summary(
    new kc.CceClusterKubeconfig("cce", { clusterId: ids.cceClusterId, validityDays, contextName: "cce-demo" }),
  );
}

let fleet;
if (want("fleet")) {
  fleet = new kc.FleetFederationConnection("fleet", {
    clusterGroupId: ids.fleetId,
    projectId: cfg.get("projectId") || hw.require("projectId"),
    vpcId: ids.vpcId,
    subnetId: ids.subnetId,
    validityDays,
  });
  out.fleet = { ...summary(fleet), vpcEndpointId: fleet.vpcEndpointId };
}

if (want("fleetKubeconfig")) {
  // A second credential for the same federation, e.g. for another team; waits for the connection.
  out.fleetKubeconfig = summary(
    new kc.FleetFederationKubeconfig(
      "fleet-kubeconfig",
      { clusterGroupId: ids.fleetId, validityDays, contextName: "federation-team-b" },
      { dependsOn: fleet ? [fleet] : [] },
    ),
  );
}

if (want("tke")) {
  // Per-resource credentials (here the temporary ones, from secret config) instead of the provider-wide
  // tencentcloud:* keys; the resource keeps them as a secret input.
  const credentials = cfg.getSecret("tkeSecretKey")
    ? {
        secretId: cfg.require("tkeSecretId"),
        secretKey: cfg.requireSecret("tkeSecretKey"),
        securityToken: cfg.getSecret("tkeSecurityToken"),
      }
    : undefined;
  out.tke = summary(
    new kc.TkeClusterKubeconfig("tke", {
      clusterId: ids.tkeClusterId,
      region: tc.get("region"),
      endpoint: "extranet",
      credentials,
    }),
  );
}

// Chaining into @pulumi/kubernetes needs the kubernetes provider plugin (pulumi-resource-kubernetes);
// demo/run.js sets demo:kubernetes=true when one is cached or `--kubernetes` builds it (docs/engine-tier.md).
// clusterIdentifier keeps the Provider (and everything it manages) from being replaced on renewal.
const chainFrom = out.ucs || out.cce || out.tke;
if (cfg.getBoolean("kubernetes") && chainFrom) {
  const k8s = require("@pulumi/kubernetes");
  const provider = new k8s.Provider("chained", {
    kubeconfig: chainFrom.kubeconfig,
    clusterIdentifier: chainFrom.clusterIdentifier,
  });
  out.kubernetesProvider = provider.urn;
}

module.exports = out;
