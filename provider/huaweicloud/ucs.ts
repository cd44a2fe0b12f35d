/**
 * UCS (Ubiquitous Cloud Native Service) operations: cluster kubeconfig (docs/vendor-apis.md §1) and
 * fleet federation (§3). UCS is global: AK/SK calls carry `X-Domain-Id` (go-sdk GlobalCredentials).
 */
import { ServerError } from "../http/errors";
import type { RawResponse } from "../http/types";
import type { HuaweiCall, HuaweiClient } from "./client";
import { pathSegment } from "./endpoints";
import { huaweiRequestId } from "./errors";
import { unlessGone } from "./gone";
import type { IamApi } from "./iam";

/** The kubeconfig as returned: a JSON Config object, or text when a doc version's "File" shape arrives. */
export type UcsKubeconfigPayload = Record<string, unknown> | string;

/** The federation certificate's `duration` range in days (§3): 1 to this. */
export const FEDERATION_MAX_DURATION_DAYS = 1825;

/** Network placement of the federation VPC endpoint (all required, §3). */
export interface FederationNetwork {
  projectID: string;
  vpcID: string;
  subnetID: string;
}

export interface UcsApiOptions {
  /** Account domain id; when absent and signing with AK/SK it is looked up through `iam`. */
  domainId?: string;
  iam?: IamApi;
}

/** UCS API calls. Path ids are escaped with encodeURIComponent. */
export class UcsApi {
  constructor(
    private readonly client: HuaweiClient,
    private readonly opts: UcsApiOptions = {},
  ) {}

  /**
   * `CreateClusterKubeconfig`: `POST /v1/clusters/{id}/kubeconfig`, no body, 201 (§1). Mints a credential, so
   * it is not repeated after an answer that may have been lost (a 5xx or a timeout).
   */
  async createClusterKubeconfig(clusterId: string): Promise<UcsKubeconfigPayload> {
    const path = `/v1/clusters/${pathSegment("clusterId", clusterId)}/kubeconfig`;
    return this.send("CreateClusterKubeconfig", "POST", path, undefined, true);
  }

  /** `ShowCluster`: `GET /v1/clusters/{id}`. */
  async showCluster(clusterId: string): Promise<Record<string, unknown>> {
    const path = `/v1/clusters/${pathSegment("clusterId", clusterId)}`;
    return asObject(await this.json("ShowCluster", "GET", path));
  }

  /** `ShowCluster`, or `undefined` only when UCS answers that this cluster does not exist. */
  async findCluster(clusterId: string): Promise<Record<string, unknown> | undefined> {
    return unlessGone("ucsCluster", () => this.showCluster(clusterId));
  }

  /** `ShowClusterGroup`: `GET /v1/clustergroups/{id}` → the ClusterGroup (fleet) with `status.conditions[]`. */
  async showClusterGroup(clusterGroupId: string): Promise<Record<string, unknown>> {
    return asObject(await this.json("ShowClusterGroup", "GET", this.groupPath(clusterGroupId)));
  }

  /** `ShowClusterGroup`, or `undefined` only when UCS answers that this fleet does not exist. */
  async findClusterGroup(clusterGroupId: string): Promise<Record<string, unknown> | undefined> {
    return unlessGone("ucsClusterGroup", () => this.showClusterGroup(clusterGroupId));
  }

  /** `EnableFederation`: `POST /v1/clustergroups/{id}/federations`, no body, 201 `{}`. Asynchronous. */
  async enableFederation(clusterGroupId: string, opts: { retryJoinAll?: boolean } = {}): Promise<void> {
    const call = this.callSpec("EnableFederation", "POST", `${this.groupPath(clusterGroupId)}/federations`);
    await this.client.send({ ...call, domainId: await this.domainId(), query: { retryjoinall: opts.retryJoinAll } });
  }

  /** `ShowFederationProgress`: `GET /v1/clustergroups/{id}/federations/progress` → the Job object. */
  async showFederationProgress(clusterGroupId: string): Promise<Record<string, unknown>> {
    const path = `${this.groupPath(clusterGroupId)}/federations/progress`;
    return asObject(await this.json("ShowFederationProgress", "GET", path));
  }

  /**
   * `CreateFederationConnection`: `POST /v1/clustergroups/{id}/connection` creates a VPC endpoint to the
   * federation API server and answers 201 `{"id": <VPC endpoint id>, "ip", "dnsNames"}`. Mutating.
   */
  async createFederationConnection(clusterGroupId: string, network: FederationNetwork): Promise<{ id: string }> {
    const path = `${this.groupPath(clusterGroupId)}/connection`;
    const body = { projectID: network.projectID, vpcID: network.vpcID, subnetID: network.subnetID };
    const operation = "CreateFederationConnection";
    const domainId = await this.domainId();
    const raw = await this.client.call({ ...this.callSpec(operation, "POST", path), body, mutating: true, domainId });
    const res = asObject(raw.body);
    if (typeof res.id !== "string" || res.id === "") {
      const fields = { vendor: "huaweicloud" as const, operation, status: raw.status, requestId: raw.requestId };
      throw new ServerError(fields, "the answer carries no VPC endpoint id");
    }
    return { ...res, id: res.id };
  }

  /**
   * `CreateFederationCert`: `POST /v1/clustergroups/{id}/cert` → kubeconfig for access over a VPC
   * endpoint that this call creates (and does not report). Mutating: never retried after a 5xx.
   */
  async createFederationCert(
    clusterGroupId: string,
    args: FederationNetwork & { duration: number },
  ): Promise<UcsKubeconfigPayload> {
    const path = `${this.groupPath(clusterGroupId)}/cert`;
    const body = { projectID: args.projectID, vpcID: args.vpcID, subnetID: args.subnetID, duration: args.duration };
    return this.send("CreateFederationCert", "POST", path, body, true);
  }

  /**
   * `DownloadFederationKubeconfig`: `POST /v1/clustergroups/{id}/kubeconfig` with `{"duration": days}`, 201,
   * once federation is enabled and a connection exists. Mints a certificate: not repeated after a lost answer.
   */
  async downloadFederationKubeconfig(
    clusterGroupId: string,
    args: { duration: number },
  ): Promise<UcsKubeconfigPayload> {
    const path = `${this.groupPath(clusterGroupId)}/kubeconfig`;
    return this.send("DownloadFederationKubeconfig", "POST", path, { duration: args.duration }, true);
  }

  private groupPath(clusterGroupId: string): string {
    return `/v1/clustergroups/${pathSegment("clusterGroupId", clusterGroupId)}`;
  }

  /** X-Domain-Id for AK/SK calls; token calls are scoped by the token itself. */
  private async domainId(): Promise<string | undefined> {
    if (this.opts.domainId) return this.opts.domainId;
    if (!this.client.usesAkSk || !this.opts.iam) return undefined;
    return this.opts.iam.showDomainId();
  }

  private callSpec(operation: string, method: HuaweiCall["method"], path: string): HuaweiCall {
    return { service: "ucs", operation, method, path };
  }

  private async json(
    operation: string,
    method: HuaweiCall["method"],
    path: string,
    body?: unknown,
    mutating?: boolean,
  ): Promise<unknown> {
    const domainId = await this.domainId();
    const res = await this.client.call({ ...this.callSpec(operation, method, path), body, mutating, domainId });
    return res.body;
  }

  /** Kubeconfig calls: the body may be JSON or (per some doc versions) a file, so JSON is not enforced. */
  private async send(
    operation: string,
    method: HuaweiCall["method"],
    path: string,
    body: unknown,
    mutating: boolean,
  ): Promise<UcsKubeconfigPayload> {
    const domainId = await this.domainId();
    const call = { ...this.callSpec(operation, method, path), body, mutating, domainId, expectJson: false };
    return kubeconfigPayload(await this.client.send(call), operation);
  }
}

/**
 * Tolerant kubeconfig body parsing (§3 "Response shape drift"): a JSON object as is; a JSON string
 * or a string array as text; non-JSON text only when it looks like a kubeconfig (`clusters:`).
 * Anything else is a ServerError that names the operation and never echoes the body.
 */
function kubeconfigPayload(raw: RawResponse, operation: string): UcsKubeconfigPayload {
  const text = raw.body.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json === undefined && /^clusters:/m.test(text)) return text;
  if (typeof json === "string" && json !== "") return json;
  if (Array.isArray(json) && json.length > 0 && json.every((x) => typeof x === "string")) return json.join("\n");
  if (typeof json === "object" && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
  throw new ServerError(
    { vendor: "huaweicloud", operation, status: raw.status, requestId: huaweiRequestId(raw) },
    `response is not a kubeconfig (${raw.body.length} bytes)`,
  );
}

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
