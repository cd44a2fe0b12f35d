/**
 * TKE API 2018-05-25 (docs/vendor-apis.md §5 "TKE APIs"). Every answer is HTTP 200 with
 * `{"Response": {..., "RequestId"}}`; errors are `Response.Error {Code, Message}`.
 */
import { dump } from "js-yaml";
import { ApiError } from "../api-error";
import { Env, RequestContext, Route, b64, jsonBody } from "../env";
import { IssuedCertificate } from "../pki";
import { ClusterRecord, TkeEndpoint } from "../state";

/** The kubeconfig client certificate is valid 20 years (tencentcloud.com/document/api/457/48149). */
const CERT_YEARS = 20;
/** How long CreateClusterEndpoint stays `Creating` on the emulator clock. */
export const ENDPOINT_CREATE_MS = 3000;

function err(code: string, message: string): ApiError {
  return new ApiError(200, code, message);
}

/** Settles `Creating` endpoints whose time has come. */
function settle(env: Env, e: TkeEndpoint | undefined): TkeEndpoint {
  if (!e) return { status: "NotFound" };
  if (e.status === "Creating" && e.readyAt && env.clock.now() >= e.readyAt) {
    e.status = "Created";
    e.readyAt = undefined;
  }
  return e;
}

type Params = Record<string, unknown>;

function params(ctx: RequestContext): Params {
  let raw: unknown;
  try {
    raw = jsonBody(ctx);
  } catch {
    throw err("InvalidParameter", "The request body is not valid JSON.");
  }
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw err("InvalidParameter", "The request body must be a JSON object.");
  }
  return raw as Params;
}

function bool(p: Params, name: string): boolean {
  const v = p[name];
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw err("InvalidParameterValue", `${name} must be a boolean.`);
  return v;
}

function domain(c: ClusterRecord): string {
  return `${c.id}.ccs.tencent-cloud.com`;
}

export function tkeRoute(env: Env, action: string): Route | undefined {
  const find = (p: Params): ClusterRecord => {
    const id = p.ClusterId;
    if (typeof id !== "string" || id === "") throw err("MissingParameter", "The parameter ClusterId is missing.");
    const c = env.state.clusters.find((x) => x.vendor === "tke" && x.id === id);
    if (!c) throw err("InvalidParameter.ClusterNotFound", `Cluster ${id} does not exist.`);
    return c;
  };
  const endpointOf = (c: ClusterRecord, extranet: boolean) => settle(env, extranet ? c.extranet : c.intranet);
  const setEndpoint = (c: ClusterRecord, extranet: boolean, ep: TkeEndpoint) => {
    if (extranet) c.extranet = ep;
    else c.intranet = ep;
  };
  const kubeconfigFor = async (ctx: RequestContext, c: ClusterRecord, extranet: boolean, op: string) => {
    // One certificate per sub-account, created on the first call and then returned again.
    const key = `${c.id}:${ctx.principal}`;
    let cert = sharedCerts(env).get(key);
    if (!cert) {
      const notAfter = new Date(env.clock.now().getTime());
      notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERT_YEARS);
      cert = await env.mintClientCertificate(c, { commonName: ctx.principal }, notAfter, op);
      sharedCerts(env).set(key, cert);
    }
    const ep = endpointOf(c, extranet);
    // When the endpoint is not enabled the real service points at an unreachable default domain.
    const server =
      ep.status === "Created" ? (extranet ? c.kube.externalUrl : c.kube.internalUrl) : `https://${domain(c)}`;
    const user = `${c.id}-${ctx.principal}`;
    return dump({
      apiVersion: "v1",
      clusters: [{ cluster: { "certificate-authority-data": b64(c.kube.ca.certPem), server }, name: c.id }],
      contexts: [{ context: { cluster: c.id, user }, name: `${c.id}-context-default` }],
      "current-context": `${c.id}-context-default`,
      kind: "Config",
      preferences: {},
      users: [
        { name: user, user: { "client-certificate-data": b64(cert.certPem), "client-key-data": b64(cert.keyPem) } },
      ],
    });
  };

  const actions: Record<string, Route["run"]> = {
    DescribeClusterKubeconfig: async (ctx) => {
      const p = params(ctx);
      const c = find(p);
      const Kubeconfig = await kubeconfigFor(ctx, c, bool(p, "IsExtranet"), action);
      return { status: 200, body: { Kubeconfig } };
    },
    DescribeClusterEndpointStatus: async (ctx) => {
      const p = params(ctx);
      const ep = endpointOf(find(p), bool(p, "IsExtranet"));
      return { status: 200, body: { Status: ep.status, ErrorMsg: "" } };
    },
    DescribeClusterEndpoints: async (ctx) => {
      const c = find(params(ctx));
      const ext = endpointOf(c, true).status === "Created";
      const int = endpointOf(c, false).status === "Created";
      return {
        status: 200,
        body: {
          CertificationAuthority: c.kube.ca.certPem,
          ClusterExternalEndpoint: ext ? c.kube.externalUrl.replace("https://", "") : "",
          ClusterIntranetEndpoint: int ? c.kube.internalUrl.replace("https://", "") : "",
          ClusterDomain: domain(c),
          ClusterExternalACL: [],
          ClusterExternalDomain: ext ? domain(c) : "",
          ClusterIntranetDomain: int ? domain(c) : "",
          SecurityGroup: "",
        },
      };
    },
    DescribeClusterSecurity: async (ctx) => {
      const c = find(params(ctx));
      const ext = endpointOf(c, true).status === "Created";
      return {
        status: 200,
        body: {
          UserName: "admin",
          Password: "emulator-fake-password",
          CertificationAuthority: c.kube.ca.certPem,
          ClusterExternalEndpoint: ext ? c.kube.externalUrl.replace("https://", "") : "",
          Domain: domain(c),
          PgwEndpoint: c.kube.internalUrl.replace("https://", ""),
          SecurityPolicy: [],
          Kubeconfig: await kubeconfigFor(ctx, c, false, action),
          JnsGwEndpoint: "",
        },
      };
    },
    CreateClusterEndpoint: async (ctx) => {
      const p = params(ctx);
      const c = find(p);
      const extranet = bool(p, "IsExtranet");
      if (extranet && !p.SecurityGroup && !p.ExistedLoadBalancerId) {
        throw err("InvalidParameter", "SecurityGroup is required for an extranet endpoint.");
      }
      if (!extranet && !p.SubnetId) throw err("InvalidParameter", "SubnetId is required for an intranet endpoint.");
      if (endpointOf(c, extranet).status !== "NotFound") {
        throw err("ResourceInUse", "The cluster endpoint already exists or is being created.");
      }
      const ep: TkeEndpoint = {
        status: "Creating",
        readyAt: new Date(env.clock.now().getTime() + ENDPOINT_CREATE_MS),
      };
      setEndpoint(c, extranet, ep);
      return { status: 200, body: {} };
    },
    DeleteClusterEndpoint: async (ctx) => {
      const p = params(ctx);
      const c = find(p);
      const extranet = bool(p, "IsExtranet");
      if (endpointOf(c, extranet).status === "NotFound") {
        throw err("ResourceNotFound", "The cluster endpoint does not exist.");
      }
      setEndpoint(c, extranet, { status: "NotFound" });
      return { status: 200, body: {} };
    },
    DescribeClusters: async (ctx) => {
      const p = params(ctx);
      const ids = p.ClusterIds;
      if (ids !== undefined && (!Array.isArray(ids) || ids.some((x) => typeof x !== "string"))) {
        throw err("InvalidParameterValue", "ClusterIds must be an array of strings.");
      }
      // Offset (default 0) and Limit (default 20, at most 100) page the answer; TotalCount counts every match.
      const offset = p.Offset === undefined ? 0 : p.Offset;
      const limit = p.Limit === undefined ? 20 : p.Limit;
      if (!Number.isInteger(offset) || (offset as number) < 0) {
        throw err("InvalidParameterValue", "Offset must be a non-negative integer.");
      }
      if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 100) {
        throw err("InvalidParameterValue", "Limit must be an integer from 1 to 100.");
      }
      const all = env.state.clusters.filter((c) => c.vendor === "tke");
      const list = ids ? all.filter((c) => (ids as string[]).includes(c.id)) : all;
      const page = list.slice(offset as number, (offset as number) + (limit as number));
      return {
        status: 200,
        body: {
          TotalCount: list.length,
          Clusters: page.map((c) => ({
            ClusterId: c.id,
            ClusterName: c.name,
            ClusterVersion: c.kubernetesVersion.replace(/^v/, ""),
            ClusterStatus: "Running",
            ClusterType: "MANAGED_CLUSTER",
          })),
        },
      };
    },
  };
  const run = Object.prototype.hasOwnProperty.call(actions, action) ? actions[action] : undefined;
  return run && { operation: action, run };
}

const certStores = new WeakMap<Env, Map<string, IssuedCertificate>>();
function sharedCerts(env: Env): Map<string, IssuedCertificate> {
  let m = certStores.get(env);
  if (!m) {
    m = new Map();
    certStores.set(env, m);
  }
  return m;
}
