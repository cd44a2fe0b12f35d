/** `CceClusterKubeconfig`: CCE `POST /api/v3/projects/{project_id}/clusters/{cluster_id}/clustercert` (docs/vendor-apis.md §2). */
import {
  CCE_PUBLIC_ENDPOINTS,
  cceClusterEndpoints,
  expireAtInRange,
  maxValidityDays,
  type CceCertValidity,
} from "../huaweicloud/cce";
import { PreconditionError } from "../errors";
import { KubeconfigError } from "../kubeconfig/errors";
import { huaweiApis, type HuaweiApis } from "./huawei-apis";
import { clientCertificateSubject, prepare } from "./common";
import type { CheckFailure, Inputs, KindImpl } from "./lifecycle";
import { settingsFailures } from "./settings";
import { mintOnce } from "./side-effects";

const DEFAULT_CCE_VALIDITY_DAYS = 365;

function validityDaysFailures(inputs: Inputs, now: Date): CheckFailure[] {
  const days = inputs.validityDays;
  if (typeof days !== "number" || days === -1) return [];
  const max = maxValidityDays(now);
  if (days <= max) return [];
  return [
    {
      property: "validityDays",
      reason: `validityDays must be at most ${max} today (5 years from now; 1827 only when they hold two leap days), or -1`,
    },
  ];
}

function expireAtFailures(inputs: Inputs, now: Date): CheckFailure[] {
  if (inputs.expireAt === undefined) return [];
  const failures: CheckFailure[] = [];
  if (inputs.validityDays !== undefined) {
    failures.push({
      property: "expireAt",
      reason: "give either expireAt or validityDays, not both (the API would ignore validityDays)",
    });
  }
  const at = Date.parse(inputs.expireAt);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(inputs.expireAt) || Number.isNaN(at)) {
    failures.push({ property: "expireAt", reason: "expireAt must be an RFC 3339 time such as 2027-01-31T00:00:00Z" });
  } else if (!expireAtInRange(at, now)) {
    failures.push({ property: "expireAt", reason: "expireAt must be between 15 minutes and 5 years from now" });
  }
  return failures;
}

function validity(inputs: Inputs): CceCertValidity {
  if (inputs.expireAt !== undefined) return { expireAt: new Date(inputs.expireAt) };
  return { duration: inputs.validityDays ?? DEFAULT_CCE_VALIDITY_DAYS };
}

/**
 * clustercert mints a certificate whatever the cluster can serve, so an endpoint that needs a public address
 * the cluster lacks is refused before it. An answer without readable endpoints decides nothing.
 */
async function requireEndpoint(apis: HuaweiApis, projectId: string, inputs: Inputs): Promise<void> {
  if (!CCE_PUBLIC_ENDPOINTS.includes(inputs.endpoint)) return;
  const endpoints = cceClusterEndpoints(await apis.cce.showCluster(projectId, inputs.clusterId));
  if (!endpoints || endpoints.some((e) => e.type.toLowerCase() === "external")) return;
  const available = endpoints.map((e) => (e.type === "Internal" ? "internal" : e.type));
  const listed = endpoints.map((e) => `${e.type === "Internal" ? "internal" : e.type} (${e.url})`).join(", ");
  throw new KubeconfigError(
    "ENDPOINT_NOT_FOUND",
    `cluster ${inputs.clusterId} has no public address (CCE ShowCluster lists no External endpoint), so ` +
      `endpoint "${inputs.endpoint}" cannot be served; it offers: ${listed}. Bind an EIP to the cluster, or ask ` +
      `for endpoint "internal". No certificate was issued.`,
    { available },
  );
}

export const cceClusterKubeconfig: KindImpl = {
  kind: "CceClusterKubeconfig",
  extraCheck(ctx, inputs) {
    const now = ctx.now();
    return [
      ...expireAtFailures(inputs, now),
      ...validityDaysFailures(inputs, now),
      ...settingsFailures(ctx, "huaweicloud", inputs),
    ];
  },
  async issue(ctx, inputs) {
    const apis = huaweiApis(inputs, ctx);
    const projectId = await apis.projectId();
    await requireEndpoint(apis, projectId, inputs);
    const cert = await mintOnce(() =>
      apis.cce.createKubernetesClusterCert(projectId, inputs.clusterId, validity(inputs)),
    );
    return { prepared: prepare(ctx, "cce", cert.kubeconfig, inputs), extra: { portId: cert.portId ?? "" } };
  },
  async exists(ctx, outputs) {
    const apis = huaweiApis(outputs, ctx);
    const projectId = await apis.projectId();
    return (await apis.cce.findCluster(projectId, outputs.clusterId)) !== undefined;
  },
  async destroy(ctx, outputs) {
    if (outputs.revokeOnDelete !== true) return;
    // CCE revokes per IAM user; the client certificate's CN is that user's id.
    const userId = clientCertificateSubject(outputs);
    if (!userId)
      throw new PreconditionError(
        "cannot revoke: the kubeconfig in state has no client certificate to name the IAM user",
      );
    const apis = huaweiApis(outputs, ctx);
    await apis.cce.revokeKubernetesClusterCert(await apis.projectId(), outputs.clusterId, { userId });
  },
};
