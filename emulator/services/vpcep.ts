/**
 * VPC endpoints in the caller's project (go-sdk services/vpcep/v1/vpcep_meta.go): list with
 * `vpc_id`/`endpoint_service_name`/`id` filters, show, delete, and batch tag create/delete
 * (vpcep_06_0502). Errors `{"error_code","error_msg"}` with the documented codes: EndPoint.0002 (400
 * parameter), EndPoint.0004 (403 no permission), EndPoint.0005 (404), EndPoint.0007 (400 action),
 * EndPoint.0016 (400 over the limit).
 */
import { ApiError } from "../api-error";
import { Env, RequestContext, Route, jsonBody, route } from "../env";
import { VpcEndpointRecord, VpcEndpointTag } from "../state";
import {
  MAX_VPC_ENDPOINT_TAGS,
  liveVpcEndpoints,
  markVpcEndpointDeleted,
  tagProblem,
  tagsAfterCreate,
  tagsAfterDelete,
} from "../vpc-endpoints";

function view(e: VpcEndpointRecord): unknown {
  return {
    id: e.id,
    service_type: "interface",
    status: e.status,
    endpoint_service_name: e.endpointServiceName,
    endpoint_service_id: e.endpointServiceId,
    vpc_id: e.vpcId,
    subnet_id: e.subnetId,
    project_id: e.projectId,
    ip: e.ip,
    enable_dns: false,
    created_at: e.createdAt.toISOString(),
    updated_at: e.createdAt.toISOString(),
    tags: e.tags.map((t) => ({ key: t.key, value: t.value })),
  };
}

function notFound(): ApiError {
  return new ApiError(404, "EndPoint.0005", "The requested resource does not exist.");
}

function parameterError(detail: string): ApiError {
  return new ApiError(400, "EndPoint.0002", `Parameter error: ${detail}.`);
}

/** `{"action":"create"|"delete","tags":[{"key","value"}]}`; create needs every value. */
function parseTagAction(ctx: RequestContext): { action: "create" | "delete"; tags: { key: string; value?: string }[] } {
  let raw: unknown;
  try {
    raw = jsonBody(ctx);
  } catch {
    throw parameterError("malformed JSON");
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw parameterError("body must be an object");
  const body = raw as { action?: unknown; tags?: unknown };
  if (body.action !== "create" && body.action !== "delete") {
    throw new ApiError(400, "EndPoint.0007", "Invalid action: expected create or delete.");
  }
  if (!Array.isArray(body.tags)) throw parameterError("tags must be an array");
  const tags = body.tags as unknown[];
  const out: { key: string; value?: string }[] = [];
  for (const t of tags) {
    if (typeof t !== "object" || t === null) throw parameterError("each tag must be an object");
    const tag = t as { key?: unknown; value?: unknown };
    if (body.action === "create") {
      const problem = tagProblem(tag);
      if (problem) throw parameterError(problem);
      if (out.some((x) => x.key === tag.key)) throw parameterError(`duplicate tag key ${String(tag.key)}`);
      out.push({ key: tag.key as string, value: tag.value as string });
    } else {
      // Delete does not check the character set, only that a key is there.
      if (typeof tag.key !== "string" || tag.key === "") throw parameterError("tag key must not be empty");
      if (tag.value !== undefined && typeof tag.value !== "string") throw parameterError("tag value must be a string");
      out.push({ key: tag.key, value: tag.value as string | undefined });
    }
  }
  if (body.action === "create" && out.length > MAX_VPC_ENDPOINT_TAGS) throw tooManyTags();
  return { action: body.action, tags: out };
}

function tooManyTags(): ApiError {
  return new ApiError(400, "EndPoint.0016", `A resource can have at most ${MAX_VPC_ENDPOINT_TAGS} tags.`);
}

export function vpcepRoute(env: Env, method: string, path: string): Route | undefined {
  const tagPath = /^\/v1\/([^/]+)\/(endpoint|endpoint_service)\/([^/]+)\/tags\/action\/?$/.exec(path);
  const m = tagPath ? undefined : /^\/v1\/([^/]+)\/vpc-endpoints(?:\/([^/]+))?\/?$/.exec(path);
  if (!tagPath && !m) return undefined;
  const projectId = tagPath ? tagPath[1] : m![1];
  const id = tagPath ? tagPath[3] : m![2];
  const visible = () => {
    if (projectId !== env.credentials.huawei.projectId) {
      throw new ApiError(403, "EndPoint.0004", "Authentication information is incorrect or you have no permissions.");
    }
    return liveVpcEndpoints(env.state).filter((e) => e.projectId === projectId);
  };
  const find = (): VpcEndpointRecord => {
    const e = visible().find((x) => x.id === id);
    if (!e) throw notFound();
    return e;
  };
  if (tagPath && method === "POST") {
    const resourceType = tagPath[2];
    return route("BatchAddOrDeleteResourceTags", async (ctx) => {
      if (resourceType !== "endpoint") {
        // The caller's project has no endpoint services of its own here: the fleets' services are the vendor's.
        visible();
        throw notFound();
      }
      const e = find();
      const req = parseTagAction(ctx);
      if (req.action === "create") {
        const next = tagsAfterCreate(e.tags, req.tags as VpcEndpointTag[]);
        if (!next) throw tooManyTags();
        e.tags = next;
      } else {
        e.tags = tagsAfterDelete(e.tags, req.tags);
      }
      return { status: 204, body: undefined };
    });
  }
  if (tagPath) return undefined;
  if (!id && method === "GET") {
    return route("ListEndpoints", async (ctx) => {
      const q = ctx.query;
      let list = visible();
      const vpc = q.get("vpc_id");
      const svc = q.get("endpoint_service_name");
      const one = q.get("id");
      if (vpc) list = list.filter((e) => e.vpcId === vpc);
      // Documented as case-insensitive and fuzzy at both ends: a substring match, not equality.
      if (svc) list = list.filter((e) => e.endpointServiceName.toLowerCase().includes(svc.toLowerCase()));
      if (one) list = list.filter((e) => e.id === one);
      const offset = Number(q.get("offset") || 0);
      const limit = Number(q.get("limit") || 10);
      return {
        status: 200,
        body: { endpoints: list.slice(offset, offset + limit).map(view), total_count: list.length },
      };
    });
  }
  if (id && method === "GET") {
    return route("ListEndpointInfoDetails", async () => ({ status: 200, body: view(find()) }));
  }
  if (id && method === "DELETE") {
    return route("DeleteEndpoint", async () => {
      markVpcEndpointDeleted(find(), env.clock.now());
      return { status: 204, body: undefined };
    });
  }
  return undefined;
}
