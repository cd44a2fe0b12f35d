/**
 * Input schemas of the five resources: the one source of truth for `check()` and, with kinds.ts, for what
 * `npm run schema` generates from them: the SDK's Args (each `.describe()` becomes the input's TSDoc, each enum
 * a literal-union type), schema.json and the README tables. Ranges cite docs/vendor-apis.md.
 */
import { z } from "zod";
import { CCE_MAX_DURATION_DAYS } from "../huaweicloud/cce";
import { HUAWEI_ENDPOINT_NAMES } from "../huaweicloud/kubeconfig-source";
import { FEDERATION_MAX_DURATION_DAYS } from "../huaweicloud/ucs";
import { TKE_ENDPOINT_NAMES } from "../tencentcloud/kubeconfig-source";

/** Longest id we accept; vendor ids are far shorter, and this keeps hostile input out of URLs and logs. */
const MAX_ID = 128;

/** Printable, no whitespace, no `/` or `\`, not `.`/`..`: an id that cannot walk a URL path. */
function idString(what: string, pattern: RegExp, example: string) {
  return z
    .string({ error: `${what} is required` })
    .min(1, { error: `${what} must not be empty` })
    .max(MAX_ID, { error: `${what} must be at most ${MAX_ID} characters` })
    .regex(pattern, { error: `${what} must look like ${example}` });
}

/** Huawei ids (UCS/CCE clusters, fleets, projects, VPCs, subnets): 32-hex or UUID. */
const HUAWEI_ID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const huaweiId = (what: string) => idString(what, HUAWEI_ID, "a UUID or 32 hex digits");
/** TKE cluster ids: `cls-` and 8 lower-case alphanumerics (tencentcloud.com/document/api/457/31866). */
const TKE_CLUSTER_ID = /^cls-[a-z0-9]{8}$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const region = (what: string) => idString(what, REGION, "cn-north-4 or ap-guangzhou");
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,252}$/;
const kubeName = (what: string) =>
  z
    .string()
    .max(253)
    .regex(NAME, { error: `${what} must be 1-253 characters of letters, digits, '.', '_', '@', ':' or '-'` });
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const HUAWEI_ENDPOINTS = HUAWEI_ENDPOINT_NAMES;
export const TKE_ENDPOINTS = TKE_ENDPOINT_NAMES;

const renewBeforeDays = z
  .number({ error: "renewBeforeDays must be a number of days" })
  .positive({ error: "renewBeforeDays must be greater than 0" })
  .max(3653, { error: "renewBeforeDays must be at most 3653 (10 years)" })
  .optional()
  .describe(
    "Renew the credential this many days before its certificate expires: a plain `pulumi up` on or after " +
      "`renewAt` re-issues it. Default: a third of the certificate's lifetime.",
  );

/** RFC 1123 DNS name. */
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** An http(s) or socks5 proxy URL with a host and no user information (which would be a secret). */
function proxyUrlOk(text: string): boolean {
  try {
    const u = new URL(text);
    return ["http:", "https:", "socks5:"].includes(u.protocol) && u.hostname !== "" && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** An optional non-empty text of at most `max` characters. */
function someText(what: string, max: number) {
  return z
    .string()
    .min(1, { error: `${what} must not be empty` })
    .max(max, { error: `${what} must be at most ${max} characters` })
    .optional();
}

/** How the kubeconfig's user gets its credential. */
export const CREDENTIAL_MODES = ["certificate", "exec"] as const;

/** Shape and naming of the kubeconfig we produce; changing them re-renders in place. */
const kubeconfigShape = {
  credentialMode: z
    .enum(CREDENTIAL_MODES, { error: `credentialMode must be one of ${CREDENTIAL_MODES.join(", ")}` })
    .optional()
    .describe(
      "`certificate` (default): the kubeconfig holds the credential (secret in state). `exec`: it holds the " +
        "server, its CA and a user that runs `execCommand credential …` when a credential is needed, so no key " +
        "or token is in state; the machine running kubectl or the Kubernetes provider needs Node.js, that " +
        "command and the vendor credentials in its environment (docs/cli.md).",
    ),
  execCommand: someText("execCommand", 4096).describe(
    "With `credentialMode: exec`: the command the kubeconfig runs, found on the PATH of the machine that uses " +
      "the kubeconfig unless it is an absolute path of that machine. Default: `pulumi-cloud-kubeconfig`.",
  ),
  contextName: kubeName("contextName")
    .optional()
    .describe("Name of the context (and, unless given, of the cluster and user entries) in the kubeconfig."),
  clusterName: kubeName("clusterName").optional().describe("Name of the cluster entry. Default: `contextName`."),
  userName: kubeName("userName").optional().describe("Name of the user entry. Default: `<contextName>-user`."),
  proxyUrl: z
    .string()
    .refine(proxyUrlOk, {
      error: "proxyUrl must be an http://, https:// or socks5:// URL without user information, e.g. http://proxy:3128",
    })
    .optional()
    .describe("Proxy through which clients reach the API server (the cluster's `proxy-url`): http, https or socks5."),
  tlsServerName: z
    .string()
    .regex(DNS_NAME, { error: "tlsServerName must be a DNS name, e.g. kubernetes.default.svc" })
    .optional()
    .describe(
      "Name the API server's certificate is checked against (the cluster's `tls-server-name`), when clients reach " +
        "it under another name, e.g. through a tunnel.",
    ),
  impersonateUser: someText("impersonateUser", 253).describe(
    "Requests impersonate this Kubernetes user (the user entry's `as`); the credential must be allowed to.",
  ),
  impersonateUid: someText("impersonateUid", 253).describe(
    "With `impersonateUser`: the impersonated user's UID (the user entry's `as-uid`).",
  ),
  impersonateGroups: z
    .array(
      z
        .string()
        .min(1, { error: "impersonateGroups must not hold an empty group name" })
        .max(253, { error: "each of impersonateGroups must be at most 253 characters" }),
    )
    .max(64, { error: "impersonateGroups may name at most 64 groups" })
    .optional()
    .describe("With `impersonateUser`: the groups the requests impersonate (the user entry's `as-groups`)."),
  namespace: z
    .string()
    .regex(NAMESPACE, { error: "namespace must be a DNS-1123 label (lower-case letters, digits, '-', at most 63)" })
    .optional()
    .describe("Default namespace of the context."),
};

/**
 * Cross-input rules of the kubeconfig options: client-go refuses a UID or groups to impersonate without a user
 * (k8s.io/client-go/transport, "impersonation requires a user"), so check says so first. Inputs whose value is
 * not known yet (preview) are judged when it is.
 */
export function impersonationFailures(
  inputs: Record<string, unknown>,
  unknown: Set<string>,
): Array<{ property: string; reason: string }> {
  if (inputs.impersonateUser !== undefined || unknown.has("impersonateUser")) return [];
  return (["impersonateUid", "impersonateGroups"] as const)
    .filter((name) => inputs[name] !== undefined && !unknown.has(name))
    .map((property) => ({ property, reason: `${property} needs impersonateUser: the user to impersonate` }));
}

/** Per-resource credentials: an optional object of the vendor's fields, secret, falling back to `defaults`. */
function credentialsInput<T extends z.ZodRawShape>(fields: T, defaults: string) {
  return z
    .strictObject(fields)
    .optional()
    .describe(`Credentials for this resource only (multi-account programs). Secret. Default: ${defaults}.`);
}

const huaweiCredentials = credentialsInput(
  {
    accessKey: z.string().min(1).max(256).optional().describe("Access key id (AK)."),
    secretKey: z.string().min(1).max(256).optional().describe("Secret access key (SK)."),
    securityToken: z
      .string()
      .min(1)
      .max(16384)
      .optional()
      .describe("Security token of temporary AK/SK credentials (sent as X-Security-Token)."),
    authToken: z.string().min(1).max(65536).optional().describe("IAM user token (X-Auth-Token), instead of AK/SK."),
  },
  "stack config (`huaweicloud:accessKey`, …), then the Terraform provider's environment variables (`HW_ACCESS_KEY`, …)",
);

const tencentCredentials = credentialsInput(
  {
    secretId: z.string().min(1).max(256).describe("SecretId."),
    secretKey: z.string().min(1).max(256).describe("SecretKey."),
    securityToken: z.string().min(1).max(16384).optional().describe("Token of temporary credentials (X-TC-Token)."),
  },
  "stack config (`tencentcloud:secretId`, …), then `TENCENTCLOUD_SECRET_ID`/`TENCENTCLOUD_SECRET_KEY`",
);

const huaweiEndpoint = z
  .enum(HUAWEI_ENDPOINTS, {
    error: `endpoint must be one of ${HUAWEI_ENDPOINTS.join(", ")}`,
  })
  .optional()
  .describe(
    "Which API server address to use: `externalTLSVerify` (public, TLS verified), `internal` (VPC) or " +
      "`external` (public, TLS verification skipped: used only when asked for by name). Default: the most " +
      "secure one the cluster offers (`externalTLSVerify`, else `internal`).",
  );

/**
 * A certificate validity in whole days from 1 to `max` (docs/vendor-apis.md), and -1 where the API takes it for
 * its maximum (`minusOne` says what that is).
 */
function validityDays(max: number, minusOne: string | undefined, description: string) {
  const whole = { error: "validityDays must be a whole number of days" };
  const range = `validityDays must be between 1 and ${max}` + (minusOne ? `, or -1 (${minusOne})` : "");
  return z
    .number(whole)
    .int(whole)
    .refine((d) => (d >= 1 && d <= max) || (minusOne !== undefined && d === -1), { error: range })
    .optional()
    .describe(description);
}

const ucsDomainId = idString("domainId", /^[0-9a-fA-F]{32}$/, "32 hex digits")
  .optional()
  .describe(
    "Account (domain) id sent as X-Domain-Id to UCS, a global service. Default: `huaweicloud:domainId`, " +
      "`HW_DOMAIN_ID`, else looked up through IAM.",
  );

const hwRegion = region("region")
  .optional()
  .describe("Huawei Cloud region, e.g. `cn-north-4`. Default: `huaweicloud:region`, then `HW_REGION_NAME`.");

const hwProjectId = idString("projectId", /^[0-9a-fA-F]{32}$/, "32 hex digits")
  .optional()
  .describe("Project id of the region. Default: `huaweicloud:projectId`, `HW_PROJECT_ID`, else looked up through IAM.");

export const ucsClusterKubeconfigInputs = z.strictObject({
  clusterId: huaweiId("clusterId").describe("UCS cluster id (`POST /v1/clusters/{clusterid}/kubeconfig`)."),
  endpoint: huaweiEndpoint,
  domainId: ucsDomainId,
  renewBeforeDays,
  ...kubeconfigShape,
  credentials: huaweiCredentials,
});

const cceValidityDays = validityDays(
  CCE_MAX_DURATION_DAYS,
  "5 years",
  "Certificate validity in days: from 1 to the days in the next five years (1826, or 1827 when they hold two " +
    "leap days), or -1 for the maximum (5 years). Default: 365.",
);

export const cceClusterKubeconfigInputs = z.strictObject({
  clusterId: huaweiId("clusterId").describe("CCE cluster id."),
  region: hwRegion,
  projectId: hwProjectId,
  validityDays: cceValidityDays,
  expireAt: z
    .string()
    .optional()
    .describe(
      "Absolute expiry (RFC 3339), between 15 minutes and 5 years from now; sent as `expire_at`, which the API " +
        "prefers over `duration`. Give either this or `validityDays`.",
    ),
  endpoint: huaweiEndpoint,
  revokeOnDelete: z
    .boolean()
    .optional()
    .describe(
      "Revoke on delete (`clustercertrevoke`). Off by default: CCE revokes per IAM user, which kills EVERY " +
        "certificate of that user for the cluster, not just this one.",
    ),
  renewBeforeDays,
  ...kubeconfigShape,
  credentials: huaweiCredentials,
});

const federationValidityDays = validityDays(
  FEDERATION_MAX_DURATION_DAYS,
  undefined,
  `Certificate validity in days, 1..${FEDERATION_MAX_DURATION_DAYS}. Default: 365.`,
);

export const fleetFederationConnectionInputs = z.strictObject({
  clusterGroupId: huaweiId("clusterGroupId").describe("Fleet (cluster group) id with federation enabled."),
  projectId: idString("projectId", /^[0-9a-fA-F]{32}$/, "32 hex digits").describe(
    "Project of the VPC the federation API server is connected to.",
  ),
  vpcId: huaweiId("vpcId").describe("VPC in which the VPC endpoint to the federation API server is created."),
  subnetId: huaweiId("subnetId").describe("Subnet of that VPC."),
  region: hwRegion,
  validityDays: federationValidityDays,
  endpoint: huaweiEndpoint,
  deleteVpcEndpoint: z
    .boolean()
    .optional()
    .describe(
      "Delete the VPC endpoint this resource owns when it is destroyed and no other resource uses it. Default: true.",
    ),
  vpcEndpointId: huaweiId("vpcEndpointId")
    .optional()
    .describe(
      "An existing VPC endpoint (to this fleet, in this VPC) to use instead of creating one. It is used, not " +
        "owned: destroy never deletes it, unless `adoptVpcEndpoint` is true.",
    ),
  adoptVpcEndpoint: z
    .boolean()
    .optional()
    .describe(
      "With `vpcEndpointId`: take ownership of that endpoint (it is marked as this resource's and deleted on " +
        "destroy), e.g. one left by an interrupted `pulumi up`. Default: false.",
    ),
  domainId: ucsDomainId,
  renewBeforeDays,
  ...kubeconfigShape,
  credentials: huaweiCredentials,
});

export const fleetFederationKubeconfigInputs = z.strictObject({
  clusterGroupId: huaweiId("clusterGroupId").describe(
    "Fleet (cluster group) id whose federation connection already exists (made elsewhere).",
  ),
  validityDays: federationValidityDays,
  endpoint: huaweiEndpoint,
  domainId: ucsDomainId,
  renewBeforeDays,
  ...kubeconfigShape,
  credentials: huaweiCredentials,
});

export const tkeClusterKubeconfigInputs = z.strictObject({
  clusterId: idString("clusterId", TKE_CLUSTER_ID, "cls-xxxxxxxx").describe("TKE cluster id."),
  region: region("region")
    .optional()
    .describe("Tencent Cloud region, e.g. `ap-guangzhou`. Default: `tencentcloud:region`, `TENCENTCLOUD_REGION`."),
  endpoint: z
    .enum(TKE_ENDPOINTS, { error: `endpoint must be one of ${TKE_ENDPOINTS.join(", ")}` })
    .optional()
    .describe(
      "`intranet` (VPC address) or `extranet` (public address; `IsExtranet`). The endpoint must be enabled " +
        "(`DescribeClusterEndpointStatus` = Created). Default: `intranet`, as the API.",
    ),
  renewBeforeDays: renewBeforeDays.describe(
    "TKE client certificates are valid 20 years, so renewal is opt-in: set this to re-issue that many days " +
      "before expiry. Note TKE returns the same per-account certificate until it is rotated in the console.",
  ),
  ...kubeconfigShape,
  credentials: tencentCredentials,
});

export type UcsClusterKubeconfigInputs = z.infer<typeof ucsClusterKubeconfigInputs>;
export type CceClusterKubeconfigInputs = z.infer<typeof cceClusterKubeconfigInputs>;
export type FleetFederationConnectionInputs = z.infer<typeof fleetFederationConnectionInputs>;
export type FleetFederationKubeconfigInputs = z.infer<typeof fleetFederationKubeconfigInputs>;
export type TkeClusterKubeconfigInputs = z.infer<typeof tkeClusterKubeconfigInputs>;
