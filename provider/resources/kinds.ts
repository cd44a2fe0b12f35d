/**
 * The five resources: type tokens, which inputs identify them (a change replaces), which are secret, and
 * the outputs they all share. Pure data: the SDK, check/diff and the schema generator read it.
 */
import type { z } from "zod";
import { clusterIdentifier, vendorOf, type KubeconfigSource } from "../kubeconfig";
import {
  cceClusterKubeconfigInputs,
  fleetFederationConnectionInputs,
  fleetFederationKubeconfigInputs,
  tkeClusterKubeconfigInputs,
  ucsClusterKubeconfigInputs,
} from "./inputs";

export type ResourceKind =
  | "UcsClusterKubeconfig"
  | "CceClusterKubeconfig"
  | "FleetFederationConnection"
  | "FleetFederationKubeconfig"
  | "TkeClusterKubeconfig";

export interface OutputSpec {
  type: "string" | "number" | "boolean";
  description: string;
  secret?: boolean;
  /** Present on every resource. */
  common: boolean;
}

export interface KindSpec {
  kind: ResourceKind;
  /** Dynamic-resource module: the type token is `pulumi-nodejs:dynamic/<module>:<kind>`. */
  module: "huaweicloud" | "tencentcloud";
  description: string;
  inputs: z.ZodObject;
  /** Inputs whose change replaces the resource (identity). */
  replaceOnChanges: string[];
  /** Inputs that never cause a diff (credentials). */
  ignoreChanges: string[];
  /** Outputs beyond the common ones. */
  extraOutputs: Record<string, OutputSpec>;
  /** Which vendor document the resource normalizes. */
  source: KubeconfigSource;
  /** The input naming the cluster (or fleet). */
  idInput: "clusterId" | "clusterGroupId";
  /** Replacements delete the old resource before creating the new one. */
  deleteBeforeReplace?: boolean;
  /** The endpoint used when none is requested, when that is known before the call (TKE's `intranet`). */
  defaultEndpoint?: string;
}

export const COMMON_OUTPUTS: Record<string, OutputSpec> = {
  kubeconfig: {
    type: "string",
    secret: true,
    common: true,
    description:
      "Normalized single-context kubeconfig (YAML) that client-go, kubectl and the `@pulumi/kubernetes` " +
      "Provider accept. Secret.",
  },
  server: { type: "string", common: true, description: "API server URL of the chosen endpoint." },
  endpoint: {
    type: "string",
    common: true,
    description:
      "The endpoint used: `internal`, `external`, `externalTLSVerify` (Huawei) or `intranet`, `extranet` (TKE).",
  },
  contextName: { type: "string", common: true, description: "Name of the kubeconfig's only context." },
  clusterIdentifier: {
    type: "string",
    common: true,
    description:
      "Stable identifier of the cluster and the requested endpoint (`<vendor>/<source>/<id>/<endpoint or default>`), " +
      "derived from the inputs only, so it is known during preview and unchanged by renewals. Pass it as the " +
      "Kubernetes provider's `clusterIdentifier` so a renewed credential never replaces the provider or its resources.",
  },
  certificateAuthorityData: {
    type: "string",
    common: true,
    description: "Base64 CA bundle of the API server (empty when the endpoint skips TLS verification).",
  },
  authType: { type: "string", common: true, description: "`certificate` or `token`." },
  issuedAt: {
    type: "string",
    common: true,
    description: "When the credential was issued (RFC 3339, the certificate's notBefore).",
  },
  expiresAt: {
    type: "string",
    common: true,
    description: "When the credential expires (RFC 3339, the certificate's notAfter): no vendor API returns it.",
  },
  renewAt: {
    type: "string",
    common: true,
    description:
      "From this time (RFC 3339) on, `pulumi up` re-issues the credential. Empty when renewal is off (TKE default).",
  },
};

export const KINDS: Record<ResourceKind, KindSpec> = {
  UcsClusterKubeconfig: {
    kind: "UcsClusterKubeconfig",
    module: "huaweicloud",
    description: "Kubeconfig of a Huawei Cloud UCS cluster (`POST /v1/clusters/{clusterid}/kubeconfig`).",
    inputs: ucsClusterKubeconfigInputs,
    replaceOnChanges: ["clusterId", "endpoint"],
    ignoreChanges: ["credentials"],
    extraOutputs: {},
    source: "ucs",
    idInput: "clusterId",
  },
  CceClusterKubeconfig: {
    kind: "CceClusterKubeconfig",
    module: "huaweicloud",
    description:
      "Kubeconfig of a Huawei Cloud CCE cluster (`POST /api/v3/projects/{project_id}/clusters/{cluster_id}/clustercert`).",
    inputs: cceClusterKubeconfigInputs,
    replaceOnChanges: ["region", "projectId", "clusterId"],
    ignoreChanges: ["credentials"],
    extraOutputs: {
      portId: {
        type: "string",
        common: false,
        description: "Port id of the cluster control node (the `Port-ID` response header).",
      },
    },
    source: "cce",
    idInput: "clusterId",
  },
  FleetFederationConnection: {
    kind: "FleetFederationConnection",
    module: "huaweicloud",
    description:
      "Connects a UCS fleet's federation API server to a VPC (`POST /v1/clustergroups/{id}/connection`, which " +
      "creates a VPC endpoint) and keeps its kubeconfig renewed (`POST /v1/clustergroups/{id}/kubeconfig`).",
    inputs: fleetFederationConnectionInputs,
    replaceOnChanges: ["clusterGroupId", "projectId", "vpcId", "subnetId", "vpcEndpointId", "adoptVpcEndpoint"],
    // The replacement may use the same endpoint: the old resource lets go of it first.
    deleteBeforeReplace: true,
    ignoreChanges: ["credentials"],
    extraOutputs: {
      vpcEndpointId: {
        type: "string",
        common: false,
        description: "Id of the VPC endpoint to the federation API server (from the vendor's answer, never guessed).",
      },
      vpcEndpointCreated: {
        type: "boolean",
        common: false,
        description:
          "Whether this resource owns the VPC endpoint (it made or adopted it): only then is it deleted with the " +
          "resource, and only when no other resource uses it.",
      },
    },
    source: "ucs-federation",
    idInput: "clusterGroupId",
  },
  FleetFederationKubeconfig: {
    kind: "FleetFederationKubeconfig",
    module: "huaweicloud",
    description:
      "Kubeconfig of a UCS fleet's federation API server for a connection made elsewhere " +
      "(`POST /v1/clustergroups/{id}/kubeconfig`).",
    inputs: fleetFederationKubeconfigInputs,
    replaceOnChanges: ["clusterGroupId"],
    ignoreChanges: ["credentials"],
    extraOutputs: {},
    source: "ucs-federation",
    idInput: "clusterGroupId",
  },
  TkeClusterKubeconfig: {
    kind: "TkeClusterKubeconfig",
    module: "tencentcloud",
    description: "Kubeconfig of a Tencent Cloud TKE cluster (`DescribeClusterKubeconfig`).",
    inputs: tkeClusterKubeconfigInputs,
    replaceOnChanges: ["region", "clusterId", "endpoint"],
    ignoreChanges: ["credentials"],
    extraOutputs: {},
    source: "tke",
    idInput: "clusterId",
    defaultEndpoint: "intranet",
  },
};

/** `pulumi-nodejs:dynamic/huaweicloud:UcsClusterKubeconfig` */
export function typeToken(kind: ResourceKind): string {
  return `pulumi-nodejs:dynamic/${KINDS[kind].module}:${kind}`;
}

/** All output names of a kind, common first. */
export function outputNames(kind: ResourceKind): string[] {
  return [...Object.keys(COMMON_OUTPUTS), ...Object.keys(KINDS[kind].extraOutputs)];
}

/**
 * The resource's `clusterIdentifier`: vendor, source, cluster (or fleet) id and the endpoint as REQUESTED
 * (`default` when left to the most secure one). It depends on inputs only, so `check` can hand it to the engine
 * and it is known during `pulumi preview`: the Kubernetes provider cancels its replacement only for a known,
 * unchanged `clusterIdentifier` (pulumi-kubernetes DiffConfig; test/e2e/kubernetes-chain.test.ts). A renewal,
 * or a default endpoint that resolves differently later, is the same cluster and keeps it.
 */
export function clusterIdentifierOf(kind: ResourceKind, inputs: Record<string, unknown>): string {
  const spec = KINDS[kind];
  const endpoint = typeof inputs.endpoint === "string" ? inputs.endpoint : (spec.defaultEndpoint ?? "default");
  return clusterIdentifier({
    vendor: vendorOf(spec.source),
    source: spec.source,
    clusterId: String(inputs[spec.idInput]),
    endpoint,
  });
}
