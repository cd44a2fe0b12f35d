/**
 * Tencent Cloud TKE endpoint resolution (spec/vendor-apis.md §5 "Endpoints"; terraform-provider-tencentcloud
 * `TENCENTCLOUD_DOMAIN`). Pure.
 */

/** Default root domain (`TENCENTCLOUD_DOMAIN` replaces it). */
export const DEFAULT_TENCENT_DOMAIN = "tencentcloudapi.com";
/** The nearest-region host of the China site (SDK default). */
export const TKE_DEFAULT_ENDPOINT = "https://tke.tencentcloudapi.com";
/** The nearest-region host of the international site. */
export const TKE_INTL_ENDPOINT = "https://tke.intl.tencentcloudapi.com";

export interface TencentEndpointOptions {
  /** Full base URL override (may carry a path prefix, e.g. the emulator's `https://127.0.0.1:PORT/tke.tencentcloudapi.com`). */
  endpoint?: string;
  /** Root domain, e.g. `tencentcloudapi.com` (default) or a private one. */
  domain?: string;
  /** Use the international nearest-region host `tke.intl.{domain}`. */
  international?: boolean;
  /** Use the region-specific host `tke.{region}.{domain}` instead of the nearest-region one. */
  regionalHost?: boolean;
  region?: string;
}

/** The TKE base URL (no trailing `/`). Precedence: `endpoint` > region host > intl > default. */
export function resolveTkeEndpoint(opts: TencentEndpointOptions = {}): string {
  if (opts.endpoint) return validateBaseUrl(withScheme(opts.endpoint)).replace(/\/+$/, "");
  const domain = opts.domain || DEFAULT_TENCENT_DOMAIN;
  if (opts.regionalHost) {
    if (!opts.region) throw new TypeError("a region-specific TKE host needs a region (tencentcloud:region)");
    return `https://tke.${opts.region}.${domain}`;
  }
  return opts.international ? `https://tke.intl.${domain}` : `https://tke.${domain}`;
}

/** The URL every TKE call is POSTed to: the base plus `/` (the TC3 canonical URI is `/`). */
export function tkeRequestUrl(base: string): URL {
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/+$/, "") + "/";
  return url;
}

/** A bare host (`tke.ap-guangzhou.tencentcloudapi.com`) means HTTPS. */
function withScheme(value: string): string {
  return value.includes("://") ? value : `https://${value}`;
}

function validateBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError("tencentcloud:endpoint is not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError("tencentcloud:endpoint must use https or http");
  }
  if (url.search || url.hash) throw new TypeError("tencentcloud:endpoint must not have a query or fragment");
  return value;
}
