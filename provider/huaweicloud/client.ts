/**
 * The one place that turns a Huawei Cloud API call into a transport request: URL, headers,
 * authentication (AK/SK signing or `X-Auth-Token`) and JSON parsing (docs/vendor-apis.md §4).
 */
import { createHash } from "crypto";
import { SettingsError } from "../errors";
import { ServerError } from "../http/errors";
import type { HttpMethod, RawResponse, RequestSpec } from "../http/types";
import { joinUrl, type HuaweiEndpoints, type HuaweiService, type QueryParams } from "./endpoints";
import { HUAWEI_REQUEST_ID_HEADER, huaweiRequestId, interpretHuaweiResponse, jsonBody } from "./errors";
import { HUAWEI_RATE_LIMIT } from "./rate-limits";
import { authTokenHeaders, signHuaweiRequest } from "./signer";

/** Permanent or temporary AK/SK (temporary ones carry `securityToken`). */
export interface HuaweiAkSkCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}
/** An IAM token sent as `X-Auth-Token` (`HW_AUTH_TOKEN`). */
export interface HuaweiTokenCredentials {
  authToken: string;
}
export type HuaweiCredentials = HuaweiAkSkCredentials | HuaweiTokenCredentials;

/** The part of `HttpTransport` the clients use (lets tests pass a transport double). */
export interface TransportLike {
  request(spec: RequestSpec): Promise<RawResponse>;
}

export interface HuaweiClientOptions {
  credentials: HuaweiCredentials;
  endpoints: HuaweiEndpoints;
  transport: TransportLike;
  /** Clock for signing (`X-Sdk-Date`); default `new Date()`. */
  now?: () => Date;
  /** Overall deadline per call, ms (passed to the transport). */
  timeoutMs?: number;
}

/** One API call. `path` must already have its variable segments escaped. */
export interface HuaweiCall {
  service: HuaweiService;
  /** Vendor operation name, e.g. `CreateClusterKubeconfig`. */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: QueryParams;
  /** JSON body; serialized with `JSON.stringify`. Omit for calls without a body. */
  body?: unknown;
  /** Project-scoped services (CCE, VPCEP) send `X-Project-Id`; global ones (UCS, IAM) `X-Domain-Id`. */
  projectId?: string;
  domainId?: string;
  /** Creates something on the server: retried only when provably not acted on. */
  mutating?: boolean;
  /** Whether the 2xx body must be JSON (default true). */
  expectJson?: boolean;
}

/** A successful answer. */
export interface HuaweiResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
  requestId?: string;
}

function isAkSk(c: HuaweiCredentials): c is HuaweiAkSkCredentials {
  return typeof (c as HuaweiAkSkCredentials).accessKey === "string";
}

/** Builds, authenticates and sends Huawei Cloud API requests. */
export class HuaweiClient {
  private readonly credentials: HuaweiCredentials;
  private readonly endpoints: HuaweiEndpoints;
  private readonly transport: TransportLike;
  private readonly now: () => Date;
  private readonly timeoutMs?: number;

  constructor(opts: HuaweiClientOptions) {
    this.credentials = opts.credentials;
    this.endpoints = opts.endpoints;
    this.transport = opts.transport;
    this.now = opts.now || (() => new Date());
    this.timeoutMs = opts.timeoutMs;
  }

  /** True when the client signs with AK/SK (then global services need a domain id). */
  get usesAkSk(): boolean {
    return isAkSk(this.credentials);
  }

  /** A stable identity of the credential for cache keys (see iam.ts): a hash, never the secret itself. */
  get credentialIdentity(): string {
    const c = this.credentials;
    const id = isAkSk(c) ? `ak:${c.accessKey}` : `token:${c.authToken}`;
    return createHash("sha256").update(id).digest("hex");
  }

  /** Base URL of a service; throws when a regional service has no region. */
  baseUrl(service: HuaweiService): string {
    const base = this.endpoints[service];
    if (!base) {
      throw new SettingsError(
        "SETTING_NOT_FOUND",
        `no ${service} endpoint: set a region (huaweicloud:region or HW_REGION_NAME) or an endpoint override for ${service}`,
        ["huaweicloud:region", "HW_REGION_NAME", `endpoints.${service}`],
        "region",
      );
    }
    return base;
  }

  /** The request spec handed to the transport (exposed for tests and diagnostics). */
  buildRequest(call: HuaweiCall): RequestSpec {
    const url = joinUrl(this.baseUrl(call.service), call.path, call.query);
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers["content-type"] = "application/json";
    }
    if (call.projectId) headers["x-project-id"] = call.projectId;
    if (call.domainId) headers["x-domain-id"] = call.domainId;
    const credentials = this.credentials;
    if (!isAkSk(credentials)) Object.assign(headers, authTokenHeaders(credentials.authToken));
    return {
      vendor: "huaweicloud",
      operation: call.operation,
      method: call.method,
      url,
      headers,
      body,
      mutating: call.mutating,
      timeoutMs: this.timeoutMs,
      interpret: interpretHuaweiResponse(call.operation, call.service, { expectJson: call.expectJson }),
      rateLimit: HUAWEI_RATE_LIMIT,
      requestIdHeaders: [HUAWEI_REQUEST_ID_HEADER],
      // Signed per attempt so each retry carries a fresh X-Sdk-Date.
      sign: isAkSk(credentials) ? (req) => signHuaweiRequest(req, credentials, this.now()) : undefined,
    };
  }

  /** Sends the call and returns the raw answer (status already checked by `interpret`). */
  async send(call: HuaweiCall): Promise<RawResponse> {
    const spec = this.buildRequest(call);
    const raw = await this.transport.request(spec);
    // A transport that ignores `interpret` must not turn an error status into data.
    const err = spec.interpret && spec.interpret(raw);
    if (err) throw err;
    return raw;
  }

  /** Sends the call and parses the JSON body. */
  async call<T = unknown>(call: HuaweiCall): Promise<HuaweiResponse<T>> {
    const raw = await this.send(call);
    return {
      status: raw.status,
      headers: raw.headers,
      body: parseJsonBody(raw, call.operation) as T,
      requestId: huaweiRequestId(raw),
    };
  }
}

/** Parses a JSON body; an empty body is `{}`. Never echoes the body in the error. */
export function parseJsonBody(raw: RawResponse, operation: string): unknown {
  const parsed = jsonBody(raw.body);
  if (parsed.ok) return parsed.value;
  throw new ServerError(
    { vendor: "huaweicloud", operation, status: raw.status, requestId: huaweiRequestId(raw) },
    `response body is not valid JSON (${raw.body.length} bytes)`,
  );
}
