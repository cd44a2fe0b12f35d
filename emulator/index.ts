/**
 * The local emulator of the vendor APIs (UCS, CCE, IAM, VPC endpoints, TKE): one HTTPS port on
 * loopback with its own CA, routed by Host header or path prefix, verifying real signatures.
 * See emulator/README.md.
 */
import { createServer, Server } from "node:https";
import { IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo, Socket } from "node:net";
import { SecureContext, createSecureContext } from "node:tls";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { EmulatorAdmin, createAdmin } from "./admin";
import { ApiError } from "./api-error";
import { authenticateHuawei, authenticateTencent } from "./auth/authenticate";
import { ReceivedRequest } from "./auth/huawei-verify";
import { EmulatorClock, createClock } from "./clock";
import { DemoCredentials, demoCredentials } from "./credentials";
import { Reply, Route, ServiceName, createEnv } from "./env";
import { ExternalClusterOptions, externalClusterRecord, externalFleetRecord } from "./external-cluster";
import { FaultSpec, Faults, answerFate, createFaults, createRateLimits } from "./faults";
import { createCertificateAuthority, issueServerCertificate } from "./pki";
import { createVendorProxy } from "./proxy";
import { resolveTarget, serviceForHost } from "./routing";
import { SEED, seedClusters } from "./seed";
import { cceRoute } from "./services/cce";
import { iamRoute } from "./services/iam";
import { tkeRoute } from "./services/tke";
import { ucsRoute } from "./services/ucs";
import { vpcepRoute } from "./services/vpcep";
import { CallRecord, ClusterRecord, EmulatorState, FleetRecord } from "./state";

export type { FaultSpec } from "./faults";
export type { EmulatorAdmin, NewVpcEndpoint } from "./admin";
export type { EmulatorClock } from "./clock";
export type { DemoCredentials } from "./credentials";
export type { ExternalClusterOptions } from "./external-cluster";
export * from "./state";

/** Default per-operation limits (TKE DescribeClusterKubeconfig: 20/s, DescribeClusterSecurity: 100/s). */
export const DEFAULT_RATE_LIMITS: Record<string, number> = {
  DescribeClusterKubeconfig: 20,
  DescribeClusterSecurity: 100,
};

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks one. */
  port?: number;
  /** TCP port of the CONNECT proxy on 127.0.0.1 (plain HTTP); 0 (default) picks one. */
  proxyPort?: number;
  /** Start time of the emulator clock (default: real time). */
  now?: Date;
  /** Per-operation rate limits (calls per second), merged over {@link DEFAULT_RATE_LIMITS}. */
  rateLimits?: Record<string, number>;
  /** Extra Huawei regions to put in the server certificate (cn-north-4 is always there). */
  huaweiRegions?: string[];
  /** Extra Tencent regions to put in the server certificate (ap-guangzhou is always there). */
  tencentRegions?: string[];
}

export interface EmulatorEndpoints {
  ucs: string;
  tke: string;
  cce(region: string): string;
  iam(region: string): string;
  vpcep(region: string): string;
}

export interface EmulatorHandle {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /**
   * `http://127.0.0.1:PROXYPORT`: an HTTPS (CONNECT) proxy that serves the vendor host names themselves
   * (`HTTPS_PROXY=<proxyUrl>` plus the CA, e.g. `NODE_EXTRA_CA_CERTS=<caPath>`); it refuses (403) every
   * other target and forwards nothing. See proxy.ts.
   */
  proxyUrl: string;
  proxyPort: number;
  /** The emulator's CA (trust it through the transport's extra-CA option). */
  caPem: string;
  /** The same CA written to a temporary file (removed by `stop()`). */
  caPath: string;
  endpoints: EmulatorEndpoints;
  credentials: DemoCredentials;
  clock: EmulatorClock;
  state: EmulatorState;
  faults: Pick<Faults, "add" | "clear">;
  /** Sets (or with `undefined` removes) the limit for an operation, in calls per second. */
  setRateLimit(operation: string, perSecond: number | undefined): void;
  /**
   * Acts as another party on the vendor side (VPC endpoints made or deleted out of band) and reads what the
   * vendor did (issuance counts, live VPC endpoints). See admin.ts.
   */
  admin: EmulatorAdmin;
  /** Seeded ids (see README). */
  seed: typeof SEED;
  /**
   * Registers a cluster whose Kubernetes API is a real server outside the emulator (external-cluster.ts):
   * its kubeconfig routes then hand out that server, its CA, and client certificates signed by `clientCa`.
   * Throws when the id is taken. `stop()` leaves the external server alone.
   */
  attachExternalCluster(opts: ExternalClusterOptions): ClusterRecord | FleetRecord;
  stop(): Promise<void>;
}

const HUAWEI_THROTTLE = "APIGW.0308";
const GATEWAY_NOT_FOUND = "The API does not exist or has not been published in the environment.";

/** Starts the emulator in-process. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const clock = createClock(opts.now);
  const credentials = demoCredentials();
  const seeded = await seedClusters(clock);
  const state: EmulatorState = {
    clusters: seeded.clusters,
    fleets: seeded.fleets,
    clientCertificates: {},
    issuanceCounts: {},
    vpcEndpoints: [],
    calls: [],
    proxyRequests: [],
  };
  const env = createEnv(state, clock, credentials);
  const faults = createFaults();
  const limits = createRateLimits({ ...DEFAULT_RATE_LIMITS, ...(opts.rateLimits || {}) });

  const validity = {
    notBefore: new Date(Math.min(Date.now(), clock.now().getTime()) - 24 * 3600 * 1000),
    notAfter: new Date(Math.max(Date.now(), clock.now().getTime()) + 10 * 365 * 24 * 3600 * 1000),
  };
  const ca = await createCertificateAuthority({ commonName: "pulumi-cloud-kubeconfig emulator CA", ...validity });
  const hwRegions = Array.from(new Set(["cn-north-4", ...(opts.huaweiRegions || [])]));
  const tcRegions = Array.from(new Set(["ap-guangzhou", ...(opts.tencentRegions || [])]));
  const dnsNames = [
    "localhost",
    "ucs.myhuaweicloud.com",
    "ucs-intl.myhuaweicloud.com",
    "iam.myhuaweicloud.com",
    ...hwRegions.flatMap((r) => [
      `cce.${r}.myhuaweicloud.com`,
      `iam.${r}.myhuaweicloud.com`,
      `vpcep.${r}.myhuaweicloud.com`,
    ]),
    "tke.tencentcloudapi.com",
    "tke.intl.tencentcloudapi.com",
    ...tcRegions.map((r) => `tke.${r}.tencentcloudapi.com`),
  ];
  const serverCert = await issueServerCertificate(ca, {
    commonName: "emulator",
    dnsNames,
    ipAddresses: ["127.0.0.1"],
    ...validity,
  });
  const dir = mkdtempSync(join(tmpdir(), "kubeconfig-emulator-"));
  const caPath = join(dir, "ca.pem");
  writeFileSync(caPath, ca.certPem);

  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  // A vendor host outside the server certificate (another region, reached through the proxy) gets a
  // certificate of its own from the same CA, made on first use; other names get the default one.
  const inCertificate = new Set(dnsNames);
  const onDemand = new Map<string, Promise<SecureContext>>();
  const SNICallback = (servername: string, cb: (err: Error | null, ctx?: SecureContext) => void) => {
    const name = servername.toLowerCase();
    if (inCertificate.has(name) || !serviceForHost(name)) return cb(null);
    let ctx = onDemand.get(name);
    if (!ctx) {
      ctx = issueServerCertificate(ca, { commonName: name, dnsNames: [name], ...validity }).then((c) =>
        createSecureContext({ key: c.keyPem, cert: c.certPem }),
      );
      onDemand.set(name, ctx);
      ctx.catch(() => onDemand.delete(name));
    }
    ctx.then(
      (c) => cb(null, c),
      (e: Error) => cb(e),
    );
  };

  const server: Server = createServer({ key: serverCert.keyPem, cert: serverCert.certPem, SNICallback }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  // The CONNECT proxy hands accepted tunnels to `server` as if they had connected to it directly.
  const proxy = createVendorProxy({
    deliver: (s) => server.emit("connection", s),
    record: (r) => state.proxyRequests.push({ ...r, at: clock.now() }),
  });
  const proxySockets = new Set<Socket>();
  proxy.on("connection", (s: Socket) => {
    proxySockets.add(s);
    s.on("close", () => proxySockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Arrival time first, before anything that awaits (body, auth, faults, route work).
    const receivedAt = clock.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const requestId = randomUUID();
    const url = req.url || "/";
    const qi = url.indexOf("?");
    const rawPath = qi < 0 ? url : url.slice(0, qi);
    const rawQuery = qi < 0 ? "" : url.slice(qi + 1);
    const method = (req.method || "GET").toUpperCase();
    const received: ReceivedRequest = { method, rawPath, rawQuery, headers: req.headers, body };
    const target = resolveTarget(String(req.headers.host || ""), rawPath);
    const clusterId = target?.service === "tke" ? tkeClusterId(body) : undefined;
    const record = (
      service: string,
      operation: string,
      status: number,
      errorCode?: string,
      answer?: Pick<CallRecord, "answer" | "answerStatus" | "answerCode">,
    ) =>
      state.calls.push({
        service,
        operation,
        method,
        path: rawPath,
        status,
        requestId,
        ...(clusterId ? { clusterId } : {}),
        errorCode,
        ...(answer || {}),
        at: clock.now(),
        receivedAt,
      });

    if (!target) {
      record("unknown", "unknown", 404, "APIGW.0101");
      return sendGateway(res, requestId, new ApiError(404, "APIGW.0101", GATEWAY_NOT_FOUND));
    }
    const svc = target.service;
    const action = svc === "tke" ? String(req.headers["x-tc-action"] || "") : undefined;
    let route: Route | undefined;
    if (svc === "ucs") route = ucsRoute(env, method, target.apiPath);
    else if (svc === "cce") route = cceRoute(env, method, target.apiPath);
    else if (svc === "iam") route = iamRoute(env, method, target.apiPath);
    else if (svc === "vpcep") route = vpcepRoute(env, method, target.apiPath);
    else route = tkeRoute(env, action || "");
    const operation = route ? route.operation : action || "unknown";

    const fail = (e: ApiError, asGateway: boolean) => {
      record(svc, operation, e.status, e.code);
      if (svc === "tke") return sendTencent(res, requestId, e);
      return asGateway ? sendGateway(res, requestId, e) : sendHuawei(res, svc, requestId, e);
    };

    let principal: string;
    try {
      principal =
        svc === "tke"
          ? authenticateTencent(received, credentials, clock.now())
          : authenticateHuawei(received, svc, credentials, clock.now());
    } catch (e) {
      if (e instanceof ApiError) return fail(e, true);
      throw e;
    }
    if (!route) {
      if (svc === "tke") {
        return fail(
          new ApiError(
            200,
            "InvalidAction",
            `The action ${action || "(none)"} is not supported for version 2018-05-25.`,
          ),
          false,
        );
      }
      return fail(new ApiError(404, "APIGW.0101", GATEWAY_NOT_FOUND), true);
    }
    if (svc === "tke" && req.headers["x-tc-version"] !== "2018-05-25") {
      return fail(
        new ApiError(200, "NoSuchVersion", "The requested API version does not exist; TKE is 2018-05-25."),
        false,
      );
    }
    if (!limits.allow(operation)) {
      if (svc === "tke")
        return fail(
          new ApiError(200, "RequestLimitExceeded", "Your request rate is too high; the limit is reached."),
          false,
        );
      if (svc === "ucs")
        return fail(new ApiError(429, "UCS.01000002", "Too many requests, please try again later."), false);
      return fail(new ApiError(429, HUAWEI_THROTTLE, "The API request rate exceeds the limit."), true);
    }

    const fault = faults.take(operation);
    const after = fault && fault.phase === "after" ? fault : undefined;
    if (fault && !after) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.hang) {
        record(svc, operation, 0, "hang");
        return;
      }
      if (fault.reset) {
        record(svc, operation, 0, "reset");
        return resetConnection(req.socket);
      }
      if (fault.body || fault.status) {
        const a = faultAnswer(svc, requestId, fault);
        record(svc, operation, a.status, a.code);
        return a.write(res);
      }
    }

    const ctx = {
      service: svc,
      region: target.region,
      method,
      apiPath: target.apiPath,
      query: new URLSearchParams(rawQuery),
      headers: req.headers,
      body,
      requestId,
      principal,
      action,
    };
    // The route's real outcome: its reply, or the vendor error it answers with.
    let outcome: { status: number; errorCode?: string; send: () => void };
    try {
      const reply = await route.run(ctx);
      outcome = { status: reply.status, send: () => sendReply(res, svc, requestId, reply) };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      outcome = {
        status: e.status,
        errorCode: e.code,
        send: () => (svc === "tke" ? sendTencent(res, requestId, e) : sendHuawei(res, svc, requestId, e)),
      };
    }
    if (!after) {
      record(svc, operation, outcome.status, outcome.errorCode);
      return outcome.send();
    }
    // An `after` fault: the work is done; record that, then lose, cut, replace or delay the answer.
    const fate = answerFate(after);
    const replacement = fate === "replaced" ? faultAnswer(svc, requestId, after) : undefined;
    record(
      svc,
      operation,
      outcome.status,
      outcome.errorCode,
      fate && {
        answer: fate,
        answerStatus: fate === "hang" || fate === "reset" ? 0 : replacement ? replacement.status : outcome.status,
        answerCode: replacement && replacement.code,
      },
    );
    if (after.delayMs) await sleep(after.delayMs);
    if (fate === "hang") return;
    if (fate === "reset") return resetConnection(req.socket);
    if (req.socket.destroyed) return;
    if (replacement) return replacement.write(res);
    outcome.send();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port || 0, "127.0.0.1", () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (e: Error) => server.close(() => reject(e));
    proxy.once("error", failed);
    proxy.listen(opts.proxyPort || 0, "127.0.0.1", () => {
      proxy.removeListener("error", failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  const proxyPort = (proxy.address() as AddressInfo).port;
  return {
    url,
    port,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    proxyPort,
    caPem: ca.certPem,
    caPath,
    endpoints: {
      ucs: `${url}/ucs.myhuaweicloud.com`,
      tke: `${url}/tke.tencentcloudapi.com`,
      cce: (r) => `${url}/cce.${r}.myhuaweicloud.com`,
      iam: (r) => `${url}/iam.${r}.myhuaweicloud.com`,
      vpcep: (r) => `${url}/vpcep.${r}.myhuaweicloud.com`,
    },
    credentials,
    clock,
    state,
    faults: { add: (s: FaultSpec) => faults.add(s), clear: () => faults.clear() },
    setRateLimit: (op, perSecond) => limits.set(op, perSecond),
    admin: createAdmin(state, clock),
    seed: SEED,
    attachExternalCluster: (o) => {
      if (state.clusters.some((c) => c.id === o.id) || state.fleets.some((f) => f.id === o.id)) {
        throw new Error(`emulator: cluster id ${o.id} is already taken`);
      }
      if (o.vendor === "fleet") {
        const fleet = externalFleetRecord(o, clock.now());
        state.fleets.push(fleet);
        return fleet;
      }
      const record = externalClusterRecord({ ...o, vendor: o.vendor });
      state.clusters.push(record);
      return record;
    },
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of [...proxySockets, ...sockets]) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => proxy.close(() => resolve())),
        new Promise<void>((resolve) => server.close(() => resolve())),
      ]);
      // Records may share one kube API server (copies of a seeded cluster): stop each server once.
      const kubes = new Set([...state.clusters, ...state.fleets].map((c) => c.kube));
      await Promise.all([...kubes].map((k) => k.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `ClusterId` string of a TKE request body, or undefined. */
function tkeClusterId(body: Buffer): string | undefined {
  try {
    const id = (JSON.parse(body.toString("utf8")) as { ClusterId?: unknown }).ClusterId;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

function sendReply(res: ServerResponse, svc: ServiceName, requestId: string, reply: Reply): void {
  if (svc === "tke") {
    return sendJson(
      res,
      200,
      { Response: { ...(reply.body as object), RequestId: requestId } },
      { "X-Request-Id": requestId },
    );
  }
  sendJson(res, reply.status, reply.body, { ...(reply.headers || {}), "X-Request-Id": requestId });
}

/** A TCP RST where the socket supports it; a plain close otherwise (TLS-wrapped handles). */
function resetConnection(socket: Socket): void {
  const s = socket as Socket & { resetAndDestroy?: () => void };
  try {
    if (typeof s.resetAndDestroy === "function") s.resetAndDestroy();
    else s.destroy();
  } catch {
    s.destroy();
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** API Gateway error shape: `{"error_msg","error_code","request_id"}`. */
function sendGateway(res: ServerResponse, requestId: string, e: ApiError): void {
  sendJson(
    res,
    e.status,
    { error_msg: e.message, error_code: e.code, request_id: requestId },
    { ...e.headers, "X-Request-Id": requestId },
  );
}

/** Service error shapes: CCE camelCase, UCS/IAM/VPCEP snake_case. */
function sendHuawei(res: ServerResponse, svc: ServiceName, requestId: string, e: ApiError): void {
  const body =
    svc === "cce" ? { errorCode: e.code, errorMessage: e.message } : { error_code: e.code, error_msg: e.message };
  sendJson(res, e.status, body, { ...e.headers, "X-Request-Id": requestId });
}

function sendTencent(res: ServerResponse, requestId: string, e: ApiError): void {
  sendJson(
    res,
    e.status || 200,
    { Response: { Error: { Code: e.code, Message: e.message }, RequestId: requestId } },
    { ...e.headers, "X-Request-Id": requestId },
  );
}

function defaultCode(svc: ServiceName, status: number): string {
  if (svc === "tke") return status === 429 ? "RequestLimitExceeded" : "InternalError";
  if (status === 429) return svc === "ucs" ? "UCS.01000002" : HUAWEI_THROTTLE;
  if (svc === "cce") return status >= 500 ? "CCE.01500001" : "CCE.01400001";
  if (svc === "ucs") return status >= 500 ? "UCS.00000006" : "UCS.00000001";
  return status >= 500 ? "APIGW.0202" : "APIGW.0101";
}

/** The answer a fault sends: its status, the code to record (vendor code or body variant), and the writer. */
interface FaultAnswer {
  status: number;
  code: string;
  write(res: ServerResponse): void;
}

function faultAnswer(svc: ServiceName, requestId: string, f: FaultSpec): FaultAnswer {
  const headers: Record<string, string> = { "X-Request-Id": requestId };
  if (f.retryAfter !== undefined) headers["Retry-After"] = f.retryAfter;
  const raw = (status: number, code: string, type: string, text: string): FaultAnswer => ({
    status,
    code,
    write: (res) => {
      res.writeHead(status, { ...headers, "Content-Type": type, "Content-Length": String(Buffer.byteLength(text)) });
      res.end(text);
    },
  });
  if (f.body === "html") {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    return raw(f.status || 502, "html", "text/html", html);
  }
  if (typeof f.body === "object" && f.body !== null) {
    return raw(f.status || 200, "wrong-shape", "application/json", JSON.stringify(f.body.json));
  }
  if (f.body === "malformed-json") {
    return raw(f.status || 200, "malformed-json", "application/json", '{"error_code": "APIGW.0202", "error_msg": ');
  }
  if (f.body === "truncated") {
    const status = f.status || 200;
    const text = '{"kind":"Config","apiVersion":"v1","clusters":[';
    return {
      status,
      code: "truncated",
      write: (res) => {
        res.writeHead(status, {
          ...headers,
          "Content-Type": "application/json",
          "Content-Length": String(text.length + 512),
        });
        res.write(text, () => res.socket && res.socket.destroy());
      },
    };
  }
  const status = f.status as number;
  const e = new ApiError(status, f.vendorCode || defaultCode(svc, status), "Injected fault.", headers);
  return {
    status,
    code: e.code,
    write: (res) => {
      if (svc === "tke") return sendTencent(res, requestId, e);
      if (e.code.startsWith("APIGW.")) return sendGateway(res, requestId, e);
      sendHuawei(res, svc, requestId, e);
    },
  };
}
