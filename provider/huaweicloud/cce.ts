/**
 * CCE (Cloud Container Engine) operations (docs/vendor-apis.md §2). Project-scoped: the project id is
 * in the path and in `X-Project-Id`.
 */
import { InvalidInputError } from "../errors";
import { ServerError } from "../http/errors";
import type { HuaweiClient } from "./client";
import { pathSegment } from "./endpoints";
import { unlessGone } from "./gone";

/**
 * The largest `duration` CCE ever accepts: the days in five years holding two leap days. The bound of a given
 * day is `maxValidityDays(now)`; -1 asks for the maximum (5 years).
 */
export const CCE_MAX_DURATION_DAYS = 1827;

/** How long the client certificate lives: `duration` days (1..1827, or -1 = 5 years) or an instant. */
export type CceCertValidity = { duration: number } | { expireAt: Date };

/** `expire_at` must be at least this far ahead. */
const CCE_EXPIRE_AT_MIN_AHEAD_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Five calendar years after `now`: the API's limit for `expire_at` and `duration`. */
function fiveYearsFrom(now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 5);
  return d;
}

/**
 * The largest `duration` CCE accepts at `now`: the days in the next five years, 1826 when they hold one leap
 * day and 1827 with two (the schema's static bound is 1827).
 */
export function maxValidityDays(now: Date): number {
  return Math.floor((fiveYearsFrom(now).getTime() - now.getTime()) / DAY_MS);
}

/** Whether CCE accepts `expire_at` = `atMs` at `now`: 15 minutes to 5 years ahead. */
export function expireAtInRange(atMs: number, now: Date): boolean {
  return atMs - now.getTime() >= CCE_EXPIRE_AT_MIN_AHEAD_MS && atMs <= fiveYearsFrom(now).getTime();
}

/** Kubeconfig endpoints served at the cluster's public address (its EIP), which ShowCluster lists as `External`. */
export const CCE_PUBLIC_ENDPOINTS: readonly string[] = ["external", "externalTLSVerify"];

/** The 200 answer of CreateKubernetesClusterCert. */
export interface CceClusterCert {
  /** The kubeconfig as returned (JSON Config object). */
  kubeconfig: Record<string, unknown>;
  /** `Port-ID` response header: the port id of the cluster control node, when sent. */
  portId?: string;
}

/** Formats an instant the way `expire_at` expects: `2025-01-01 16:00:00 +0000 UTC` (go-sdk `model_cluster_cert_duration.go`). */
function formatExpireAt(d: Date): string {
  if (isNaN(d.getTime())) throw new InvalidInputError("expireAt is not a valid date");
  const p = (n: number) => String(n).padStart(2, "0");
  const date = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return `${date} ${time} +0000 UTC`;
}

/** CCE API calls. */
export class CceApi {
  constructor(private readonly client: HuaweiClient) {}

  /**
   * `CreateKubernetesClusterCert`: `POST /api/v3/projects/{p}/clusters/{c}/clustercert` (200).
   * Sends `expire_at` or `duration`, never both (when both are given, `expire_at` wins server-side).
   */
  async createKubernetesClusterCert(
    projectId: string,
    clusterId: string,
    validity: CceCertValidity,
  ): Promise<CceClusterCert> {
    const body =
      "expireAt" in validity ? { expire_at: formatExpireAt(validity.expireAt) } : { duration: validity.duration };
    const res = await this.client.call({
      service: "cce",
      operation: "CreateKubernetesClusterCert",
      method: "POST",
      path: `${this.clusterPath(projectId, clusterId)}/clustercert`,
      body,
      projectId,
      // Mints a certificate: not repeated after an answer that may have been lost (5xx, timeout).
      mutating: true,
    });
    const kubeconfig = res.body;
    if (typeof kubeconfig !== "object" || kubeconfig === null || Array.isArray(kubeconfig)) {
      throw new ServerError(
        {
          vendor: "huaweicloud",
          operation: "CreateKubernetesClusterCert",
          status: res.status,
          requestId: res.requestId,
        },
        "response is not a kubeconfig object",
      );
    }
    const portId = res.headers["port-id"];
    return portId
      ? { kubeconfig: kubeconfig as Record<string, unknown>, portId }
      : { kubeconfig: kubeconfig as Record<string, unknown> };
  }

  /** `RevokeKubernetesClusterCert`: `POST .../clustercertrevoke` with `{userId}` or `{agencyId}`. */
  async revokeKubernetesClusterCert(
    projectId: string,
    clusterId: string,
    who: { userId: string } | { agencyId: string },
  ): Promise<void> {
    const body = "userId" in who ? { userId: who.userId } : { agencyId: who.agencyId };
    await this.client.send({
      service: "cce",
      operation: "RevokeKubernetesClusterCert",
      method: "POST",
      path: `${this.clusterPath(projectId, clusterId)}/clustercertrevoke`,
      body,
      projectId,
      expectJson: false,
    });
  }

  /** `ShowCluster`, or `undefined` only when CCE answers that this cluster does not exist. */
  async findCluster(projectId: string, clusterId: string): Promise<Record<string, unknown> | undefined> {
    return unlessGone("cceCluster", () => this.showCluster(projectId, clusterId));
  }

  /** `ShowCluster`: `GET /api/v3/projects/{p}/clusters/{c}`. */
  async showCluster(projectId: string, clusterId: string): Promise<Record<string, unknown>> {
    const res = await this.client.call<Record<string, unknown>>({
      service: "cce",
      operation: "ShowCluster",
      method: "GET",
      path: this.clusterPath(projectId, clusterId),
      projectId,
    });
    return res.body;
  }

  private clusterPath(projectId: string, clusterId: string): string {
    return `/api/v3/projects/${pathSegment("projectId", projectId)}/clusters/${pathSegment("clusterId", clusterId)}`;
  }
}

/** One kube-apiserver address of a cluster, from ShowCluster `status.endpoints`. */
export interface CceClusterEndpoint {
  /** `Internal` (in the cluster's subnet) or `External` (public: the cluster has an EIP); others as sent. */
  type: string;
  url: string;
}

/**
 * The addresses in a ShowCluster answer, or `undefined` when it lists none that can be read (then nothing can
 * be concluded from it). Huawei Cloud sends `status.endpoints: [{ url, type }]` (huaweicloud-sdk-go-v3
 * services/cce/v3/model ClusterStatus, ClusterEndpoints); the Open Telekom Cloud reference ("Reading a
 * Specified Cluster") documents one key per entry instead (`internal`, `external`, `external_otc`), read too.
 */
export function cceClusterEndpoints(cluster: unknown): CceClusterEndpoint[] | undefined {
  const status = isObject(cluster) ? cluster.status : undefined;
  const entries = isObject(status) ? status.endpoints : undefined;
  if (!Array.isArray(entries)) return undefined;
  const out: CceClusterEndpoint[] = [];
  for (const e of entries) {
    if (!isObject(e)) continue;
    if (typeof e.type === "string" && typeof e.url === "string") {
      out.push({ type: e.type, url: e.url });
      continue;
    }
    for (const [key, url] of Object.entries(e)) {
      if (typeof url !== "string") continue;
      const lower = key.toLowerCase();
      if (lower === "internal") out.push({ type: "Internal", url });
      else if (lower === "external") out.push({ type: "External", url });
      else if (lower === "external_otc") out.push({ type: key, url });
    }
  }
  return out.length ? out : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
