/**
 * VPC Endpoint (VPCEP) operations: UCS makes the endpoint of a fleet federation connection but has no API to
 * show or delete it, so it is found, marked, read and deleted here. The list filter `endpoint_service_name` is
 * fuzzy and case-insensitive on the real API, so callers match exactly on the client side
 * ({@link matchesService}). docs/state-safety.md has the paths, codes and links.
 */
import { ServerError } from "../http/errors";
import type { HuaweiClient } from "./client";
import { pathSegment } from "./endpoints";
import { isGone, unlessGone } from "./gone";

/** The fields of a VPC endpoint this package reads; the rest is passed through. */
export interface VpcEndpoint {
  id: string;
  status?: string;
  vpc_id?: string;
  endpoint_service_name?: string;
  endpoint_service_id?: string;
  created_at?: string;
  tags?: VpcEndpointTag[];
  [key: string]: unknown;
}

export interface VpcEndpointTag {
  key: string;
  value?: string;
}

/** The endpoint service a VPC endpoint connects to, as a fleet names it (`connectGatewayEndpoints[]`). */
export interface EndpointService {
  name: string;
  /** Endpoint service id, when known: the exact match. */
  id?: string;
}

/** Exact match of an endpoint to a VPC and service: by service id when both sides have one, else by exact name. */
export function matchesService(ep: VpcEndpoint, vpcId: string, service: EndpointService): boolean {
  if (ep.vpc_id !== vpcId) return false;
  if (service.id && ep.endpoint_service_id) return ep.endpoint_service_id === service.id;
  return ep.endpoint_service_name === service.name;
}

/** The value of tag `key` on an endpoint, if any. */
export function tagValue(ep: VpcEndpoint, key: string): string | undefined {
  const tag = (ep.tags ?? []).find((t) => t && t.key === key);
  return tag ? (tag.value ?? "") : undefined;
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

  /** `ShowEndpoint`, or `undefined` when the endpoint is gone (404 `EndPoint.0005`). */
  async findEndpoint(projectId: string, endpointId: string): Promise<VpcEndpoint | undefined> {
    return unlessGone("vpcEndpoint", () => this.showEndpoint(projectId, endpointId));
  }

  /** `ShowEndpoint`: `GET /v1/{project_id}/vpc-endpoints/{id}`. */
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
   * `BatchAddOrDeleteResourceTags`: `POST /v1/{project_id}/endpoint/{id}/tags/action`, 204. Creating a tag
   * whose key exists overwrites its value; deleting a missing tag succeeds. At most 20 tags per endpoint.
   */
  async tagEndpoint(
    projectId: string,
    endpointId: string,
    action: "create" | "delete",
    tags: VpcEndpointTag[],
  ): Promise<void> {
    await this.client.send({
      service: "vpcep",
      operation: "BatchAddOrDeleteResourceTags",
      method: "POST",
      path: `/v1/${pathSegment("projectId", projectId)}/endpoint/${pathSegment("endpointId", endpointId)}/tags/action`,
      body: { action, tags },
      projectId,
      expectJson: false,
    });
  }

  /**
   * `DeleteEndpoint`: `DELETE /v1/{project_id}/vpc-endpoints/{id}`. Returns false when the endpoint
   * was already gone (404 `EndPoint.0005` only), true when this call deleted it.
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
      if (isGone(err, "vpcEndpoint")) return false;
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
