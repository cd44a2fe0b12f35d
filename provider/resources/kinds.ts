/**
 * The five resources: type tokens, which inputs identify them (a change replaces), which are secret, the
 * outputs, the named enum types, and the SDK class docs with an example. Pure data: check/diff read it, and
 * scripts/gen-schema.ts generates the SDK (sdk/), schema.json and the README tables from it and inputs.ts.
 */
import type { z } from "zod";
import { clusterIdentifier, vendorOf } from "../kubeconfig/cluster-identifier";
import type { KubeconfigSource } from "../kubeconfig/types";
import { TKE_DEFAULT_ENDPOINT } from "../tencentcloud/kubeconfig-source";
import {
  cceClusterKubeconfigInputs,
  fleetFederationConnectionInputs,
  fleetFederationKubeconfigInputs,
  tkeClusterKubeconfigInputs,
  ucsClusterKubeconfigInputs,
  HUAWEI_ENDPOINTS,
  CREDENTIAL_MODES,
  TKE_ENDPOINTS,
} from "./inputs";

export type ResourceKind =
  | "UcsClusterKubeconfig"
  | "CceClusterKubeconfig"
  | "FleetFederationConnection"
  | "FleetFederationKubeconfig"
  | "TkeClusterKubeconfig";

/** How the resource authenticates to the API server (`authType` output). */
export const AUTH_TYPES = ["certificate", "token", "exec"] as const;

export interface EnumSpec {
  values: readonly string[];
  description: string;
  valueDocs: Record<string, string>;
}

/**
 * Named string enums: the SDK's literal-union types and schema.json's enum types. An input whose zod enum has
 * exactly these values is typed by that name.
 */
export const ENUMS = {
  HuaweiEndpoint: {
    values: HUAWEI_ENDPOINTS,
    description: "Which address of a Huawei Cloud cluster's API server a kubeconfig uses.",
    valueDocs: {
      internal: "The VPC-internal address.",
      external: "The public address with TLS verification skipped (used only when asked for by name).",
      externalTLSVerify: "The public address with TLS verified.",
    },
  },
  TkeEndpoint: {
    values: TKE_ENDPOINTS,
    description: "Which address of a TKE cluster's API server a kubeconfig uses.",
    valueDocs: {
      intranet: "The VPC address.",
      extranet: "The public address (`IsExtranet`); it must be enabled on the cluster.",
    },
  },
  CredentialMode: {
    values: CREDENTIAL_MODES,
    description: "How a kubeconfig's user gets its credential.",
    valueDocs: {
      certificate: "The kubeconfig holds the credential (secret in state).",
      exec: "The kubeconfig runs the package's command for the credential; none is in state.",
    },
  },
  AuthType: {
    values: AUTH_TYPES,
    description: "How the kubeconfig's user authenticates to the API server.",
    valueDocs: {
      certificate: "A client certificate and key.",
      token: "A bearer token.",
      exec: "A command that obtains the credential when it is needed (`credentialMode: exec`).",
    },
  },
} satisfies Record<string, EnumSpec>;

export type EnumName = keyof typeof ENUMS;

/** Object input types (`credentials`), one per vendor module. */
export const CREDENTIAL_TYPES: Record<KindSpec["module"], { name: string; description: string }> = {
  huaweicloud: {
    name: "HuaweiCloudCredentials",
    description:
      "Huawei Cloud credentials for one resource: an AK/SK pair (with a security token when temporary) or an IAM token.",
  },
  tencentcloud: {
    name: "TencentCloudCredentials",
    description: "Tencent Cloud credentials for one resource: SecretId/SecretKey (with a token when temporary).",
  },
};

export interface OutputSpec {
  type: "string" | "number" | "boolean";
  /** A named enum, or `{ input }`: the enum type of that input of the resource (`endpoint`). */
  enum?: EnumName | { input: string };
  description: string;
  secret?: boolean;
  /** Present on every resource. */
  common: boolean;
  /**
   * Not kept in the state: read from the `kubeconfig` output where it is used (the TypeScript class on first access,
   * the plugin in its answers), so the state holds that value once.
   */
  fromKubeconfig?: boolean;
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
  /** Inputs the SDK wraps in `secret()` and keeps secret in the state. */
  secretInputs: string[];
  /**
   * A hidden input the SDK class sets to the resource's identity, `<project>/<stack>/<kind>/<name>`: the same on
   * every run of the stack, so the vendor objects it marks are found again.
   */
  ownerInput?: string;
  /** More of the SDK class's doc comment, after `description`. */
  remarks?: string;
  /** The `@example` of the SDK class: TypeScript lines of a program using it. */
  example: string;
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
    enum: { input: "endpoint" },
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
    fromKubeconfig: true,
    description: "Base64 CA bundle of the API server (empty when the endpoint skips TLS verification).",
  },
  authType: { type: "string", enum: "AuthType", common: true, description: "`certificate`, `token` or `exec`." },
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
    secretInputs: ["credentials"],
    remarks: "A refresh never mints a new certificate; a plain `pulumi up` re-issues it from `renewAt` on.",
    example: [
      'import { Provider } from "@pulumi/kubernetes";',
      'import { UcsClusterKubeconfig } from "pulumi-cloud-kubeconfig";',
      "",
      'const ucs = new UcsClusterKubeconfig("prod", { clusterId, endpoint: "externalTLSVerify" });',
      'new Provider("prod", { kubeconfig: ucs.kubeconfig, clusterIdentifier: ucs.clusterIdentifier });',
    ].join("\n"),
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
    secretInputs: ["credentials"],
    remarks: "A plain `pulumi up` re-issues the certificate from `renewAt` on.",
    example: [
      'import { Provider } from "@pulumi/kubernetes";',
      'import { CceClusterKubeconfig } from "pulumi-cloud-kubeconfig";',
      "",
      'const cce = new CceClusterKubeconfig("cce", { clusterId, region: "cn-north-4", validityDays: 90 });',
      'new Provider("cce", { kubeconfig: cce.kubeconfig, clusterIdentifier: cce.clusterIdentifier });',
      "export const renewAt = cce.renewAt;",
    ].join("\n"),
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
    secretInputs: ["credentials"],
    ownerInput: "__owner",
    remarks:
      "The VPC endpoint is marked with this resource's identity, so the `pulumi up` after an interrupted one finds it again instead of making another. Destroying the resource deletes the endpoint it owns, unless another resource still uses it.",
    example: [
      'import { Provider } from "@pulumi/kubernetes";',
      'import { FleetFederationConnection } from "pulumi-cloud-kubeconfig";',
      "",
      'const fleet = new FleetFederationConnection("fleet", { clusterGroupId: fleetId, projectId, vpcId, subnetId });',
      'new Provider("federation", { kubeconfig: fleet.kubeconfig, clusterIdentifier: fleet.clusterIdentifier });',
      "export const vpcEndpointId = fleet.vpcEndpointId;",
    ].join("\n"),
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
    secretInputs: ["credentials"],
    remarks: "Each resource gets its own certificate: one per team or namespace, say.",
    example: [
      'import { Provider } from "@pulumi/kubernetes";',
      'import { FleetFederationKubeconfig } from "pulumi-cloud-kubeconfig";',
      "",
      'const teamB = new FleetFederationKubeconfig("team-b", { clusterGroupId: fleetId, namespace: "team-b" });',
      'new Provider("team-b", { kubeconfig: teamB.kubeconfig, clusterIdentifier: teamB.clusterIdentifier });',
    ].join("\n"),
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
    secretInputs: ["credentials"],
    remarks: "TKE client certificates last 20 years, so renewal is opt-in (`renewBeforeDays`).",
    example: [
      'import { Provider } from "@pulumi/kubernetes";',
      'import { TkeClusterKubeconfig } from "pulumi-cloud-kubeconfig";',
      "",
      'const tke = new TkeClusterKubeconfig("tke", { clusterId: "cls-xxxxxxxx", endpoint: "extranet" });',
      'new Provider("tke", { kubeconfig: tke.kubeconfig, clusterIdentifier: tke.clusterIdentifier });',
    ].join("\n"),
    extraOutputs: {},
    source: "tke",
    idInput: "clusterId",
    defaultEndpoint: TKE_DEFAULT_ENDPOINT,
  },
};

/** The dynamic resource's type token: `pulumi-nodejs:dynamic/huaweicloud:UcsClusterKubeconfig`. */
export function typeToken(kind: ResourceKind): string {
  return `pulumi-nodejs:dynamic/${KINDS[kind].module}:${kind}`;
}

/**
 * The Pulumi package name of the provider plugin (`pulumi-resource-cloud-kubeconfig`) and of schema.json; its
 * provider configuration keys are `cloud-kubeconfig:<name>`.
 */
export const PACKAGE = "cloud-kubeconfig";

/** The package's type token of a kind: `cloud-kubeconfig:huaweicloud:UcsClusterKubeconfig`. */
export function packageToken(kind: ResourceKind): string {
  return `${PACKAGE}:${KINDS[kind].module}:${kind}`;
}

/**
 * The command-line tool's `--kind` names (docs/cli.md): the resources that fetch or mint a credential and
 * nothing else.
 */
export const CLI_KINDS: Record<string, ResourceKind> = {
  ucs: "UcsClusterKubeconfig",
  cce: "CceClusterKubeconfig",
  federation: "FleetFederationKubeconfig",
  tke: "TkeClusterKubeconfig",
};

/** The `--kind` whose credential an exec-mode kubeconfig of `kind` runs for (a connection's is its fleet's). */
export function cliKindOf(kind: ResourceKind): string {
  const target = kind === "FleetFederationConnection" ? "FleetFederationKubeconfig" : kind;
  return Object.keys(CLI_KINDS).find((k) => CLI_KINDS[k] === target)!;
}

/** The kind of a package type token, or undefined when the token is not one of ours. */
export function kindOfToken(token: string): ResourceKind | undefined {
  return (Object.keys(KINDS) as ResourceKind[]).find((k) => packageToken(k) === token);
}

/** The names of a kind's outputs that are secret: the secret outputs and the secret inputs echoed in them. */
export function secretOutputNames(kind: ResourceKind): string[] {
  const outputs = { ...COMMON_OUTPUTS, ...KINDS[kind].extraOutputs };
  return [...Object.keys(outputs).filter((o) => outputs[o].secret), ...KINDS[kind].secretInputs];
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
