/**
 * Tencent Cloud API 3.0 client for TKE (docs/vendor-apis.md §5): every call is `POST /` with a JSON
 * body, TC3-HMAC-SHA256 signed per attempt, and answers `{"Response": {...}}`.
 */
import type { RawResponse, RequestSpec } from "../http/types";
import { tkeRequestUrl } from "./endpoints";
import { tkeRateLimit } from "./rate-limits";
import { interpretTencentResponse, parseTencentBody, type TencentResponse } from "./errors";
import { signTc3Request } from "./tc3-signer";
import { ServerError } from "../http/errors";

/** SecretId/SecretKey, plus `token` for temporary credentials. */
export interface TencentCredentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

/** The part of `HttpTransport` the client uses (lets tests pass a transport double). */
export interface TransportLike {
  request(spec: RequestSpec): Promise<RawResponse>;
}

/**
 * Where a request id may stand in the response headers: a gateway's `X-Request-Id`, else `X-TC-RequestId`. The
 * API's own answer carries it as `Response.RequestId` (read by errors.ts).
 */
const TENCENT_REQUEST_ID_HEADERS: readonly string[] = ["x-request-id", "x-tc-requestid"];

/** TKE API version. */
export const TKE_VERSION = "2018-05-25";
/** Service name that is signed; fixed, never taken from an override host (the emulator's is 127.0.0.1). */
export const TKE_SERVICE = "tke";

export interface TencentClientOptions {
  credentials: TencentCredentials;
  /** Base URL from `resolveTkeEndpoint`. */
  endpoint: string;
  transport: TransportLike;
  /** `X-TC-Region`; TKE cluster calls need it. */
  region?: string;
  language?: "zh-CN" | "en-US";
  /** Clock for `X-TC-Timestamp`; default `new Date()`. */
  now?: () => Date;
  timeoutMs?: number;
}

export interface TencentCallOptions {
  /** Creates something on the server: retried only when provably not acted on. */
  mutating?: boolean;
}

/** Sends TKE actions and unwraps `Response`. */
export class TencentClient {
  private readonly opts: TencentClientOptions;
  private readonly now: () => Date;

  constructor(opts: TencentClientOptions) {
    this.opts = opts;
    this.now = opts.now || (() => new Date());
  }

  /** The request spec handed to the transport (exposed for tests and diagnostics). */
  buildRequest(action: string, params: Record<string, unknown>, callOpts: TencentCallOptions = {}): RequestSpec {
    const o = this.opts;
    return {
      vendor: "tencentcloud",
      operation: action,
      method: "POST",
      url: tkeRequestUrl(o.endpoint),
      // Must equal the signed value (§5 "Content-Type ... must equal the signed value").
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
      mutating: callOpts.mutating,
      timeoutMs: o.timeoutMs,
      interpret: interpretTencentResponse(action),
      rateLimit: tkeRateLimit(action),
      requestIdHeaders: TENCENT_REQUEST_ID_HEADERS,
      // Signed per attempt so each retry carries a fresh X-TC-Timestamp.
      sign: (req) =>
        signTc3Request(req, {
          credentials: o.credentials,
          service: TKE_SERVICE,
          action,
          version: TKE_VERSION,
          region: o.region,
          language: o.language,
          timestamp: Math.floor(this.now().getTime() / 1000),
        }),
    };
  }

  /** Calls `action` with `params` and returns the unwrapped `Response` (including `RequestId`). */
  async call<T extends TencentResponse = TencentResponse>(
    action: string,
    params: Record<string, unknown>,
    callOpts: TencentCallOptions = {},
  ): Promise<T> {
    const spec = this.buildRequest(action, params, callOpts);
    const raw = await this.opts.transport.request(spec);
    // A transport that ignores `interpret` must not turn an error into data.
    const err = spec.interpret && spec.interpret(raw);
    if (err) throw err;
    const parsed = parseTencentBody(raw);
    if (!parsed.ok) {
      throw new ServerError({ vendor: "tencentcloud", operation: action, status: raw.status }, "malformed response");
    }
    return parsed.response as T;
  }
}
