/**
 * Tencent Cloud's published per-API request limits for the TKE actions this package calls (docs/vendor-apis.md
 * §5): DescribeClusterKubeconfig 20 requests/s, DescribeClusterSecurity 100 requests/s; the other actions use
 * 20 requests/s, the most common per-API limit in the TKE API docs. The transport's limiter runs them at 0.95 of
 * these values (`DEFAULT_HEADROOM`: DescribeClusterKubeconfig at 19/s) and lets the user override them
 * (`PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS`).
 */
import type { RateLimit } from "../http/rate-limiter";

/** Published limits by action. */
export const TKE_RATE_LIMITS: Readonly<Record<string, RateLimit>> = Object.freeze({
  DescribeClusterKubeconfig: { ratePerSecond: 20 },
  DescribeClusterSecurity: { ratePerSecond: 100 },
});

/** The limit of actions not listed in {@link TKE_RATE_LIMITS}. */
const TKE_DEFAULT_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ ratePerSecond: 20 });

/** The published limit of one TKE action. */
export function tkeRateLimit(action: string): RateLimit {
  return TKE_RATE_LIMITS[action] || TKE_DEFAULT_RATE_LIMIT;
}
