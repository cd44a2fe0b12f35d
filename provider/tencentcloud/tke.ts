/**
 * TKE actions (version 2018-05-25; docs/vendor-apis.md §5 "TKE APIs"). Field names are the vendor's.
 */
import { ServerError } from "../http/errors";
import type { TencentClient } from "./client";
import type { TencentResponse } from "./errors";

/** `DescribeClusterEndpointStatus` output. */
export interface ClusterEndpointStatus {
  /** `Created` | `Creating` | `NotFound` (and whatever else TKE adds). */
  Status: string;
  ErrorMsg?: string;
  RequestId?: string;
}

/** `DescribeClusterEndpoints` output. */
export interface ClusterEndpoints extends TencentResponse {
  CertificationAuthority?: string;
  ClusterExternalEndpoint?: string;
  ClusterIntranetEndpoint?: string;
  ClusterDomain?: string;
  ClusterExternalACL?: string[];
  ClusterExternalDomain?: string;
  ClusterIntranetDomain?: string;
  SecurityGroup?: string;
}

/** `DescribeClusterSecurity` output. Carries secrets (`Password`, `Kubeconfig`): never log it. */
export interface ClusterSecurity extends TencentResponse {
  UserName?: string;
  Password?: string;
  CertificationAuthority?: string;
  ClusterExternalEndpoint?: string;
  Domain?: string;
  PgwEndpoint?: string;
  SecurityPolicy?: string[];
  Kubeconfig?: string;
  JnsGwEndpoint?: string;
}

/**
 * `DescribeClusters` answers at most `Limit` clusters (default 20, at most 100) of those matching, and `TotalCount`
 * for all of them (tencentcloud-sdk DescribeClustersRequest: Offset default 0, Limit default 20, maximum 100).
 */
export const DESCRIBE_CLUSTERS_MAX_LIMIT = 100;

/** One cluster of `DescribeClusters`; only the fields used here are typed. */
export interface TkeCluster {
  ClusterId: string;
  ClusterName?: string;
  ClusterStatus?: string;
  [key: string]: unknown;
}

/** TKE calls. */
export class TkeApi {
  constructor(private readonly client: TencentClient) {}

  /**
   * `DescribeClusterKubeconfig` → the kubeconfig YAML. `isExtranet` false gives the intranet endpoint.
   * The first call creates a client certificate valid 20 years (§5).
   */
  async describeClusterKubeconfig(clusterId: string, isExtranet: boolean): Promise<string> {
    const operation = "DescribeClusterKubeconfig";
    const res = await this.client.call(operation, { ClusterId: clusterId, IsExtranet: isExtranet });
    if (typeof res.Kubeconfig !== "string" || res.Kubeconfig === "") {
      throw new ServerError(
        { vendor: "tencentcloud", operation, status: 200, requestId: res.RequestId },
        "response has no Kubeconfig",
      );
    }
    return res.Kubeconfig;
  }

  /** `DescribeClusterEndpointStatus`: whether the intranet or extranet endpoint exists. */
  async describeClusterEndpointStatus(clusterId: string, isExtranet: boolean): Promise<ClusterEndpointStatus> {
    const res = await this.client.call("DescribeClusterEndpointStatus", {
      ClusterId: clusterId,
      IsExtranet: isExtranet,
    });
    const out: ClusterEndpointStatus = { Status: typeof res.Status === "string" ? res.Status : "" };
    if (typeof res.ErrorMsg === "string" && res.ErrorMsg !== "") out.ErrorMsg = res.ErrorMsg;
    if (res.RequestId) out.RequestId = res.RequestId;
    return out;
  }

  /** `DescribeClusterEndpoints`: addresses, domains and CA of the API server endpoints. */
  describeClusterEndpoints(clusterId: string): Promise<ClusterEndpoints> {
    return this.client.call<ClusterEndpoints>("DescribeClusterEndpoints", { ClusterId: clusterId });
  }

  /** `DescribeClusterSecurity`: credentials and endpoints (secret fields included). */
  describeClusterSecurity(clusterId: string): Promise<ClusterSecurity> {
    return this.client.call<ClusterSecurity>("DescribeClusterSecurity", { ClusterId: clusterId });
  }

  /**
   * `DescribeClusters` for the given ids (at most {@link DESCRIBE_CLUSTERS_MAX_LIMIT}, asked for in one page): used to
   * tell a deleted cluster from a transient failure. `TotalCount` counts every match, `Clusters` is the page.
   */
  async describeClusters(clusterIds: string[]): Promise<{ TotalCount: number; Clusters: TkeCluster[] }> {
    if (clusterIds.length > DESCRIBE_CLUSTERS_MAX_LIMIT) {
      throw new Error(`DescribeClusters takes at most ${DESCRIBE_CLUSTERS_MAX_LIMIT} ids per call`);
    }
    return this.clustersPage({ ClusterIds: clusterIds, Limit: Math.max(1, clusterIds.length) });
  }

  /**
   * One page of `DescribeClusters` without ids: the clusters of the account in the client's region, from `offset`,
   * {@link DESCRIBE_CLUSTERS_MAX_LIMIT} at a time. `TotalCount` counts all of them.
   */
  listClusters(offset: number): Promise<{ TotalCount: number; Clusters: TkeCluster[] }> {
    return this.clustersPage({ Offset: offset, Limit: DESCRIBE_CLUSTERS_MAX_LIMIT });
  }

  private async clustersPage(params: Record<string, unknown>): Promise<{ TotalCount: number; Clusters: TkeCluster[] }> {
    const res = await this.client.call("DescribeClusters", params);
    const clusters = (Array.isArray(res.Clusters) ? res.Clusters : []).filter(
      (c): c is TkeCluster => typeof c === "object" && c !== null && typeof (c as TkeCluster).ClusterId === "string",
    );
    const total = typeof res.TotalCount === "number" ? res.TotalCount : clusters.length;
    return { TotalCount: total, Clusters: clusters };
  }
}
