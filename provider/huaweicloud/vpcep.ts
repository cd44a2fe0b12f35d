/**
 * VPC Endpoint (VPCEP) operations, used to find and remove the endpoint that UCS
 * `CreateFederationCert` creates but does not report (spec/vendor-apis.md §3 "No API exists to query
 * or delete the federation connection"; go-sdk `services/vpcep/v1/vpcep_meta.go`).
 */
import { NotFoundError, ServerError } from "../http/errors";
import type { HuaweiClient } from "./client";
import { pathSegment } from "./endpoints";

/** The fields of a VPC endpoint this package reads; the rest is passed through. */
export interface VpcEndpoint {
  id: string;
  status?: string;
  vpc_id?: string;
  endpoint_service_name?: string;
  created_at?: string;
  [key: string]: unknown;
}

/** Page size and a bound on pages, so a misbehaving server cannot loop us forever. */
const PAGE_SIZE = 100;
const MAX_PAGES = 50;

/** VPCEP API calls. */
export class VpcepApi {
  constructor(private readonly client: HuaweiClient) {}

  /** `ListEndpoints`: `GET /v1/{project_id}/vpc-endpoints?vpc_id=&endpoint_service_name=`, all pages. */
  async listEndpoints(
    projectId: string,
    filter: { vpcId?: string; endpointServiceName?: string } = {},
  ): Promise<VpcEndpoint[]> {
    const out: VpcEndpoint[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.client.call<{ endpoints?: unknown[]; total_count?: number }>({
        service: "vpcep",
        operation: "ListEndpoints",
        method: "GET",
        path: `/v1/${pathSegment("projectId", projectId)}/vpc-endpoints`,
        query: {
          endpoint_service_name: filter.endpointServiceName,
          vpc_id: filter.vpcId,
          limit: PAGE_SIZE,
          offset: page * PAGE_SIZE,
        },
        projectId,
      });
      // A list we cannot read is an error, not "no endpoints": the federation connection decides from it
      // whether it made a VPC endpoint, and must not conclude "none" from an answer it did not understand.
      const items = res.body.endpoints;
      if (!Array.isArray(items) || !items.every(isEndpoint)) {
        throw new ServerError(
          { vendor: "huaweicloud", operation: "ListEndpoints", status: res.status, requestId: res.requestId },
          "response has no list of VPC endpoints",
        );
      }
      out.push(...items);
      const total = typeof res.body.total_count === "number" ? res.body.total_count : undefined;
      if (items.length < PAGE_SIZE || (total !== undefined && out.length >= total)) break;
    }
    return out;
  }

  /** `ShowEndpoint`: `GET /v1/{project_id}/vpc-endpoints/{id}`; NotFoundError when gone. */
  async showEndpoint(projectId: string, endpointId: string): Promise<VpcEndpoint> {
    const res = await this.client.call<Record<string, unknown>>({
      service: "vpcep",
      operation: "ShowEndpoint",
      method: "GET",
      path: this.endpointPath(projectId, endpointId),
      projectId,
    });
    return { ...res.body, id: typeof res.body.id === "string" ? res.body.id : endpointId };
  }

  /**
   * `DeleteEndpoint`: `DELETE /v1/{project_id}/vpc-endpoints/{id}`. Returns false when the endpoint
   * was already gone (404 is success for a delete), true when this call deleted it.
   */
  async deleteEndpoint(projectId: string, endpointId: string): Promise<boolean> {
    try {
      await this.client.send({
        service: "vpcep",
        operation: "DeleteEndpoint",
        method: "DELETE",
        path: this.endpointPath(projectId, endpointId),
        projectId,
        expectJson: false,
      });
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  private endpointPath(projectId: string, endpointId: string): string {
    return `/v1/${pathSegment("projectId", projectId)}/vpc-endpoints/${pathSegment("endpointId", endpointId)}`;
  }
}

function isEndpoint(v: unknown): v is VpcEndpoint {
  return typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string";
}
