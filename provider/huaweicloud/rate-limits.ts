/**
 * Huawei Cloud publishes no per-API request limits for UCS, CCE, IAM or VPCEP (docs/vendor-apis.md §4: its API
 * gateway answers `APIGW.0308` when throttling), so every call uses one conservative rate. The transport's limiter
 * runs it at 0.95 of this value (`DEFAULT_HEADROOM`: 9.5 requests/s per operation) and lets the user override it
 * (`PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS`).
 */
import type { RateLimit } from "../http/rate-limiter";

/** The limit of every Huawei Cloud call, requests per second. */
export const HUAWEI_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ ratePerSecond: 10 });
