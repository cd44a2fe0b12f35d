/** Shared set-up for transport integration tests: a transport with recorded sleeps and no rate limit. */
import {
  HttpTransport,
  errorFromStatus,
  type RateLimitGate,
  type RequestSpec,
  type TransportOptions,
} from "../../../provider/http";

export interface Recorded {
  transport: HttpTransport;
  /** Every backoff/Retry-After delay the transport asked to sleep, ms. */
  delays: number[];
  /** Rate-limit keys consulted, one per attempt. */
  limiterKeys: string[];
  debugLines: string[];
}

/** No proxy from the environment unless a test asks for one; sleeps are recorded, not slept. */
export function recordingTransport(opts: TransportOptions = {}): Recorded {
  const delays: number[] = [];
  const limiterKeys: string[] = [];
  const debugLines: string[] = [];
  const gate: RateLimitGate = {
    acquire: async (key) => {
      limiterKeys.push(key);
    },
  };
  const transport = new HttpTransport({
    proxy: {},
    rateLimiter: gate,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    debug: true,
    log: (line) => debugLines.push(line),
    ...opts,
  });
  return { transport, delays, limiterKeys, debugLines };
}

/** An `interpret` like the Huawei client's: the vendor's `error_code` and `error_msg` copied into the error. */
export const copyHuaweiError: RequestSpec["interpret"] = (r) => {
  const body = JSON.parse(r.body.toString());
  return errorFromStatus({
    vendor: "huaweicloud",
    operation: "CreateClusterKubeconfig",
    status: r.status,
    vendorCode: body.error_code,
    vendorMessage: body.error_msg,
  });
};

/** A Huawei read (`ShowCluster`, GET) of `url`; `extra` adds or overrides request fields. */
export const get = (url: string, extra: Record<string, unknown> = {}) => ({
  vendor: "huaweicloud" as const,
  operation: "ShowCluster",
  method: "GET" as const,
  url,
  ...extra,
});
