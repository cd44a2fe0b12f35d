/**
 * UCS (global service): cluster kubeconfig, cluster existence, fleets and fleet federation
 * (docs/vendor-apis.md §1 and §3). Errors: `{"error_code","error_msg"}` with the UCS codes.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ApiError } from "../api-error";
import { Env, RequestContext, Route, b64, parseJsonBody, route } from "../env";
import { KubeApiServer } from "../kube-api";
import { ClusterRecord, FleetRecord } from "../state";
import { createVpcEndpoint } from "../vpc-endpoints";

const DAY_MS = 24 * 3600 * 1000;
/** Documented range for fleet kubeconfig/cert durations (intl tr-tr CreateFederationCert, 2025-07). */
const Duration = z.number().int().min(1).max(1825);
const CertBody = z.object({
  projectID: z.string().min(1),
  vpcID: z.string().min(1),
  subnetID: z.string().min(1),
  duration: Duration,
});
const ConnectionBody = CertBody.omit({ duration: true });
const KubeconfigBody = z.object({ duration: Duration });
/** Validity of a UCS cluster kubeconfig (the API takes no duration; undocumented, one year here). */
const UCS_CLUSTER_CERT_DAYS = 365;
/** How long federation enabling/disabling takes on the emulator clock. */
export const FEDERATION_TRANSITION_MS = 3000;

function notFoundCluster(): ApiError {
  return new ApiError(404, "UCS.01030001", "Cluster Not Found.");
}
function notFoundFleet(): ApiError {
  return new ApiError(404, "UCS.01100005", "ClusterGroup Not Found.");
}
function notFederated(): ApiError {
  return new ApiError(400, "UCS.01080006", "Cluster group has not been federalized.");
}
function invalidBody(detail: string): ApiError {
  return new ApiError(400, "UCS.00000012", `Invalid request body: ${detail}`);
}

function parse<T>(schema: z.ZodType<T>, ctx: RequestContext): T {
  return parseJsonBody(ctx, schema, invalidBody);
}

/** Fleet federation state with the emulator clock applied (transitions finish after a delay). */
export function settleFederation(env: Env, fleet: FleetRecord): void {
  const f = fleet.federation;
  if (!f || !f.until || env.clock.now() < f.until) return;
  if (f.status === "Creating") fleet.federation = { ...f, status: "Available", until: undefined };
  else if (f.status === "Deleting") fleet.federation = undefined;
}

function ucsKubeconfig(
  name: string,
  server: string,
  kube: KubeApiServer,
  cert: { certPem: string; keyPem: string },
  secureContext: string = name,
): unknown {
  // Quirks reproduced on purpose: `insecure-skip-tls-verify` is the STRING "true" on the insecure
  // entry, the insecure entry's CA is an empty string, and the user carries an empty `token`.
  return {
    kind: "Config",
    apiVersion: "v1",
    preferences: {},
    clusters: [
      { name: `${name}`, cluster: { server, "certificate-authority-data": b64(kube.ca.certPem) } },
      {
        name: `${name}-insecure`,
        cluster: { server, "certificate-authority-data": "", "insecure-skip-tls-verify": "true" },
      },
    ],
    users: [
      {
        name: "user",
        user: {
          "client-certificate-data": b64(cert.certPem),
          "client-key-data": b64(cert.keyPem),
          token: "",
        },
      },
    ],
    contexts: [
      { name: secureContext, context: { cluster: `${name}`, user: "user" } },
      { name: `${name}-insecure`, context: { cluster: `${name}-insecure`, user: "user" } },
    ],
    "current-context": secureContext,
  };
}

/**
 * The federation API server is reached through the VPC endpoint the connection made, from inside the VPC: a
 * private address, so the verified entry is the `internal` one. `/cert` and `/kubeconfig` hand out the same
 * address (the loopback stand-in for the endpoint).
 */
function federationKubeconfig(f: FleetRecord, cert: { certPem: string; keyPem: string }): unknown {
  return ucsKubeconfig(`${f.name}-federation`, f.kube.internalUrl, f.kube, cert, "internal");
}

/** ShowCluster's answer for an attached cluster. */
function clusterView(c: ClusterRecord): unknown {
  return {
    kind: "Cluster",
    apiVersion: "v1",
    metadata: { name: c.name, uid: c.id },
    spec: { type: "attachedcluster", region: c.region || "cn-north-4" },
    status: { phase: "Available", kubernetesVersion: c.kubernetesVersion },
  };
}

function fleetView(env: Env, fleet: FleetRecord): unknown {
  settleFederation(env, fleet);
  const f = fleet.federation;
  const conditions = f
    ? [
        {
          type: "Federation",
          status: f.status,
          reason: f.status === "Available" ? "FederationAvailable" : `Federation${f.status}`,
          message: "",
          lastTransitionTime: f.since.toISOString(),
        },
      ]
    : [];
  return {
    kind: "ClusterGroup",
    apiVersion: "v1",
    metadata: { name: fleet.name, uid: fleet.id, creationTimestamp: "2025-01-01T00:00:00Z" },
    spec: {
      ruleNamespaces: null,
      federationId: f ? fleet.id.replace(/-/g, "").slice(0, 16) : "",
      description: "",
      dnsSuffix: [],
      federationVersion: f ? "v1.9.0" : "",
      connectGatewayEndpoints: f ? fleet.connectGatewayEndpoints : [],
    },
    status: { conditions },
  };
}

function huaweiTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "000 +0000 UTC");
}

/** Finds the UCS route for a request, or undefined (→ 404). */
export function ucsRoute(env: Env, method: string, path: string): Route | undefined {
  const seg = path.replace(/\/+$/, "").split("/").slice(1);
  const findCluster = (id: string) => {
    const c = env.state.clusters.find((x) => x.vendor === "ucs" && x.id === id);
    if (!c) throw notFoundCluster();
    return c;
  };
  const findFleet = (id: string) => {
    const f = env.state.fleets.find((x) => x.id === id);
    if (!f) throw notFoundFleet();
    settleFederation(env, f);
    return f;
  };
  const federated = (id: string) => {
    const f = findFleet(id);
    if (!f.federation || f.federation.status !== "Available") throw notFederated();
    return f;
  };
  /** Starts enabling or disabling federation: a job that ends FEDERATION_TRANSITION_MS later on the clock. */
  const startTransition = (f: FleetRecord, status: "Creating" | "Deleting", jobType: string) => {
    const since = env.clock.now();
    const until = new Date(since.getTime() + FEDERATION_TRANSITION_MS);
    f.federation = { status, since, until, jobType, jobId: randomUUID() };
  };
  const fleetCert = async (ctx: RequestContext, fleet: FleetRecord, days: number, op: string) => {
    const subject = { commonName: ctx.principal, organization: ["system:authenticated"] };
    return env.mintClientCertificate(fleet, subject, new Date(env.clock.now().getTime() + days * DAY_MS), op);
  };

  if (seg[0] === "v1" && seg[1] === "clusters" && seg.length === 3 && method === "GET") {
    return route("ShowCluster", async () => ({ status: 200, body: clusterView(findCluster(seg[2])) }));
  }
  if (seg[0] === "v1" && seg[1] === "clusters" && seg[3] === "kubeconfig" && seg.length === 4 && method === "POST") {
    return route("CreateClusterKubeconfig", async (ctx) => {
      const c = findCluster(seg[2]);
      const notAfter = new Date(env.clock.now().getTime() + UCS_CLUSTER_CERT_DAYS * DAY_MS);
      const cert = await env.mintClientCertificate(
        c,
        { commonName: ctx.principal },
        notAfter,
        "CreateClusterKubeconfig",
      );
      return { status: 201, body: ucsKubeconfig(c.name, c.kube.externalUrl, c.kube, cert) };
    });
  }
  if (seg[0] !== "v1" || seg[1] !== "clustergroups" || !seg[2]) return undefined;
  const id = seg[2];
  const rest = seg.slice(3).join("/");
  if (rest === "" && method === "GET") {
    return route("ShowClusterGroup", async () => ({ status: 200, body: fleetView(env, findFleet(id)) }));
  }
  if (rest === "federations" && method === "POST") {
    return route("EnableFederation", async () => {
      const f = findFleet(id);
      if (f.federation) throw new ApiError(400, "UCS.01080002", "Cluster group has federalized.");
      startTransition(f, "Creating", "CreateFederation");
      return { status: 201, body: {} };
    });
  }
  if (rest === "federations" && method === "DELETE") {
    return route("DisableFederation", async () => {
      const f = federated(id);
      startTransition(f, "Deleting", "DeleteFederation");
      return { status: 200, body: "success" };
    });
  }
  if (rest === "federations/progress" && method === "GET") {
    return route("ShowFederationProgress", async () => {
      const f = findFleet(id);
      if (!f.federation) throw notFederated();
      const done = !f.federation.until;
      return {
        status: 200,
        body: {
          kind: "Job",
          apiVersion: "v3",
          metadata: {
            uid: f.federation.jobId,
            creationTimestamp: huaweiTime(f.federation.since),
            updateTimestamp: huaweiTime(env.clock.now()),
          },
          spec: {
            type: f.federation.jobType,
            federationUID: f.id,
            resourceID: f.id,
            resourceName: f.name,
            extendParam: {},
            subJobs: [],
          },
          status: {
            phase: done ? "Success" : "Running",
            reason: "",
            startTime: huaweiTime(f.federation.since),
            completionTime: done ? huaweiTime(f.federation.since) : "",
          },
        },
      };
    });
  }
  if ((rest === "connection" || rest === "cert") && method === "POST") {
    const withCert = rest === "cert";
    return route(withCert ? "CreateFederationCert" : "CreateFederationConnection", async (ctx) => {
      const body = withCert ? parse(CertBody, ctx) : { ...parse(ConnectionBody, ctx), duration: 0 };
      const f = federated(id);
      const gw = f.connectGatewayEndpoints[0];
      const endpoint = createVpcEndpoint(env.state, env.clock.now(), {
        projectId: body.projectID,
        vpcId: body.vpcID,
        subnetId: body.subnetID,
        endpointServiceName: gw.name,
        endpointServiceId: gw.id,
        fleetId: f.id,
      });
      // The emulator's endpoints have no private DNS names: `dnsNames` is empty.
      if (!withCert) return { status: 201, body: { id: endpoint.id, ip: endpoint.ip, dnsNames: [] } };
      const cert = await fleetCert(ctx, f, body.duration, "CreateFederationCert");
      // The kubeconfig points at the VPC endpoint (here: the fleet's loopback API server). No id returned.
      return { status: 201, body: federationKubeconfig(f, cert) };
    });
  }
  if (rest === "kubeconfig" && method === "POST") {
    return route("DownloadFederationKubeconfig", async (ctx) => {
      const body = parse(KubeconfigBody, ctx);
      const f = federated(id);
      const cert = await fleetCert(ctx, f, body.duration, "DownloadFederationKubeconfig");
      return { status: 201, body: federationKubeconfig(f, cert) };
    });
  }
  return undefined;
}
