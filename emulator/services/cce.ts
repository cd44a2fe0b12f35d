/**
 * CCE: cluster certificate (current POST and deprecated GET), revocation, cluster existence
 * (docs/vendor-apis.md §2). Errors: `{"errorCode","errorMessage"}`.
 */
import { z } from "zod";
import { ApiError } from "../api-error";
import { Env, RequestContext, Route, b64, parseJsonBody, route } from "../env";
import { ClusterRecord } from "../state";

const DAY_MS = 24 * 3600 * 1000;
const MIN_EXPIRE_MS = 15 * 60 * 1000;
/** Deprecated GET takes no duration (OTC cce_02_0359); one year here. */
const DEPRECATED_GET_DAYS = 365;

const CertBody = z
  .object({
    duration: z
      .number()
      .int()
      .refine((d) => d === -1 || (d >= 1 && d <= 1827), "must be 1..1827, or -1 for 5 years")
      .optional(),
    expire_at: z.string().optional(),
  })
  .refine((b) => b.duration !== undefined || b.expire_at !== undefined, "duration or expire_at is required");
const RevokeBody = z.object({ userId: z.string().optional(), agencyId: z.string().optional() });

function fiveYearsFrom(now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 5);
  return d;
}

/** `2025-01-01 16:00:00 +0000 UTC` (api-cce cce_02_0248). */
export function parseExpireAt(s: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2}) UTC$/.exec(s);
  if (!m) return undefined;
  const d = new Date(`${m[1]}T${m[2]}${m[3]}${m[4]}:${m[5]}`);
  return isNaN(d.getTime()) ? undefined : d;
}

function invalid(msg: string): ApiError {
  return new ApiError(400, "CCE.01400001", `Invalid request: ${msg}`);
}

function parse<T>(schema: z.ZodType<T>, ctx: RequestContext): T {
  return parseJsonBody(ctx, schema, invalid, { malformed: "malformed JSON body", empty: {} });
}

function kubeconfig(c: ClusterRecord, cert: { certPem: string; keyPem: string }, deprecated: boolean): unknown {
  const ca = b64(c.kube.ca.certPem);
  const clusters: unknown[] = [
    { name: "internalCluster", cluster: { server: c.kube.internalUrl, "certificate-authority-data": ca } },
  ];
  const contexts: unknown[] = [{ name: "internal", context: { cluster: "internalCluster", user: "user" } }];
  if (c.publicIp && !deprecated) {
    // Quirk: the insecure external entry also carries CA data.
    clusters.push(
      {
        name: "externalCluster",
        cluster: { server: c.kube.externalUrl, "certificate-authority-data": ca, "insecure-skip-tls-verify": true },
      },
      { name: "externalClusterTLSVerify", cluster: { server: c.kube.externalUrl, "certificate-authority-data": ca } },
    );
    contexts.push(
      { name: "external", context: { cluster: "externalCluster", user: "user" } },
      { name: "externalTLSVerify", context: { cluster: "externalClusterTLSVerify", user: "user" } },
    );
  }
  return {
    kind: "Config",
    apiVersion: "v1",
    preferences: {},
    clusters,
    users: [
      { name: "user", user: { "client-certificate-data": b64(cert.certPem), "client-key-data": b64(cert.keyPem) } },
    ],
    contexts,
    "current-context": c.publicIp && !deprecated ? "external" : "internal",
  };
}

/** The end of a new cluster certificate: `expire_at` wins over `duration`; duration -1 is 5 years. */
function certNotAfter(body: z.infer<typeof CertBody>, now: Date): Date {
  if (body.expire_at !== undefined) {
    // expire_at wins when both are given (api-cce cce_02_0248).
    const at = parseExpireAt(body.expire_at);
    if (!at) throw invalid("expire_at must look like '2025-01-01 16:00:00 +0000 UTC'");
    if (at.getTime() < now.getTime() + MIN_EXPIRE_MS || at > fiveYearsFrom(now)) {
      throw invalid("expire_at must be between 15 minutes and 5 years from now");
    }
    return at;
  }
  if (body.duration === -1) return fiveYearsFrom(now);
  // The real bound is 5 calendar years in days: 1826 with one leap day in the window, 1827 with two.
  const max = Math.floor((fiveYearsFrom(now).getTime() - now.getTime()) / DAY_MS);
  if ((body.duration as number) > max) throw invalid(`duration must be at most ${max} days (5 years) now`);
  return new Date(now.getTime() + (body.duration as number) * DAY_MS);
}

/** Finds the CCE route for a request, or undefined (→ 404). */
export function cceRoute(env: Env, method: string, path: string): Route | undefined {
  const m = /^\/api\/v3\/projects\/([^/]+)\/clusters\/([^/]+)(?:\/(clustercert|clustercertrevoke))?\/?$/.exec(path);
  if (!m) return undefined;
  const [, projectId, clusterId, sub] = m;
  const find = (ctx: RequestContext): ClusterRecord => {
    const header = ctx.headers["x-project-id"];
    if (projectId !== env.credentials.huawei.projectId || (header !== undefined && header !== projectId)) {
      throw new ApiError(403, "CCE.01403001", "Authorization failed: project does not match the credentials.");
    }
    const c = env.state.clusters.find((x) => x.vendor === "cce" && x.id === clusterId);
    if (!c) throw new ApiError(404, "CCE.01404001", `Resource not found: cluster ${clusterId}`);
    return c;
  };
  const mint = async (ctx: RequestContext, c: ClusterRecord, notAfter: Date, op: string) =>
    env.mintClientCertificate(c, { commonName: ctx.principal, organization: ["system:masters"] }, notAfter, op);

  if (!sub && method === "GET") {
    return route("ShowCluster", async (ctx) => ({ status: 200, body: clusterView(find(ctx)) }));
  }
  if (sub === "clustercert" && method === "POST") {
    return route("CreateKubernetesClusterCert", async (ctx) => {
      const body = parse(CertBody, ctx);
      const c = find(ctx);
      const cert = await mint(ctx, c, certNotAfter(body, env.clock.now()), "CreateKubernetesClusterCert");
      return { status: 200, body: kubeconfig(c, cert, false), headers: { "Port-ID": portId(c) } };
    });
  }
  if (sub === "clustercert" && method === "GET") {
    return route("GetClusterCert", async (ctx) => {
      const c = find(ctx);
      const cert = await mint(
        ctx,
        c,
        new Date(env.clock.now().getTime() + DEPRECATED_GET_DAYS * DAY_MS),
        "GetClusterCert",
      );
      return { status: 200, body: kubeconfig(c, cert, true), headers: { "Port-ID": portId(c) } };
    });
  }
  if (sub === "clustercertrevoke" && method === "POST") {
    return route("RevokeKubernetesClusterCert", async (ctx) => {
      const body = parse(RevokeBody, ctx);
      const c = find(ctx);
      const who = body.userId || body.agencyId;
      if (!who) throw invalid("userId or agencyId is required");
      for (const rec of env.state.clientCertificates[c.id] || []) {
        if (rec.commonName === who && !rec.revoked) {
          rec.revoked = true;
          c.kube.revokedSerials.add(rec.serialNumber);
        }
      }
      return { status: 200, body: {} };
    });
  }
  return undefined;
}

/** ShowCluster's answer. */
function clusterView(c: ClusterRecord): unknown {
  return {
    kind: "Cluster",
    apiVersion: "v3",
    metadata: { name: c.name, uid: c.id },
    spec: {
      type: "VirtualMachine",
      flavor: "cce.s1.small",
      version: c.kubernetesVersion.replace(/\.\d+$/, ""),
    },
    status: { phase: "Available", endpoints: clusterEndpoints(c) },
  };
}

/**
 * `status.endpoints` of ShowCluster: the kube-apiserver addresses, `Internal` (in the cluster's subnet) and
 * `External` (public, only with an EIP bound). huaweicloud-sdk-go-v3 services/cce/v3/model ClusterEndpoints.
 */
function clusterEndpoints(c: ClusterRecord): { url: string; type: "Internal" | "External" }[] {
  const out: { url: string; type: "Internal" | "External" }[] = [{ url: c.kube.internalUrl, type: "Internal" }];
  if (c.publicIp) out.push({ url: c.kube.externalUrl, type: "External" });
  return out;
}

/** A stable fake control-node port id per cluster. */
function portId(c: ClusterRecord): string {
  return c.id.split("").reverse().join("");
}
