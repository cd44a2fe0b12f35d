/**
 * VPC endpoints in the caller's project (go-sdk services/vpcep/v1/vpcep_meta.go): list with
 * `vpc_id`/`endpoint_service_name`/`id` filters, show, delete. Errors `{"error_code","error_msg"}`.
 */
import { ApiError } from "../api-error";
import { Env, Route } from "../env";
import { VpcEndpointRecord } from "../state";

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
    tags: [],
  };
}

export function vpcepRoute(env: Env, method: string, path: string): Route | undefined {
  const m = /^\/v1\/([^/]+)\/vpc-endpoints(?:\/([^/]+))?\/?$/.exec(path);
  if (!m) return undefined;
  const [, projectId, id] = m;
  const visible = () => {
    if (projectId !== env.credentials.huawei.projectId) {
      throw new ApiError(403, "EndPoint.0001", "The project id in the path does not match the credentials.");
    }
    return env.state.vpcEndpoints.filter((e) => e.projectId === projectId && !e.deletedAt);
  };
  const find = (): VpcEndpointRecord => {
    const e = visible().find((x) => x.id === id);
    if (!e) throw new ApiError(404, "EndPoint.0005", `The VPC endpoint ${id} does not exist.`);
    return e;
  };
  if (!id && method === "GET") {
    return {
      operation: "ListEndpoints",
      run: async (ctx) => {
        const q = ctx.query;
        let list = visible();
        const vpc = q.get("vpc_id");
        const svc = q.get("endpoint_service_name");
        const one = q.get("id");
        if (vpc) list = list.filter((e) => e.vpcId === vpc);
        if (svc) list = list.filter((e) => e.endpointServiceName === svc);
        if (one) list = list.filter((e) => e.id === one);
        const offset = Number(q.get("offset") || 0);
        const limit = Number(q.get("limit") || 10);
        return {
          status: 200,
          body: { endpoints: list.slice(offset, offset + limit).map(view), total_count: list.length },
        };
      },
    };
  }
  if (id && method === "GET") {
    return { operation: "ListEndpointInfoDetails", run: async () => ({ status: 200, body: view(find()) }) };
  }
  if (id && method === "DELETE") {
    return {
      operation: "DeleteEndpoint",
      run: async () => {
        const e = find();
        e.deletedAt = env.clock.now();
        e.status = "deleting";
        return { status: 204, body: undefined };
      },
    };
  }
  return undefined;
}
