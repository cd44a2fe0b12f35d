/**
 * Tencent Cloud TKE endpoint resolution. The host is `tke.{domain}`, as the Tencent SDKs build
 * `{service}.{RootDomain}` and terraform-provider-tencentcloud's `domain` (`TENCENTCLOUD_DOMAIN`) sets that root
 * domain; docs/endpoints.md lists the hosts the vendor documents. Pure.
 */
import { InvalidInputError } from "../errors";
import { checkedBaseUrl, isDomainName } from "../http/base-url";

/** Default root domain (`TENCENTCLOUD_DOMAIN` replaces it): the nearest-region host of the China site, as the SDKs. */
const DEFAULT_TENCENT_DOMAIN = "tencentcloudapi.com";
/** The nearest-region host of the international site: root domain `intl.tencentcloudapi.com`. */
export const TKE_INTL_ENDPOINT = "https://tke.intl.tencentcloudapi.com";

export interface TencentEndpointOptions {
  /** Full base URL override (may carry a path prefix, e.g. the emulator's `https://127.0.0.1:PORT/tke.tencentcloudapi.com`). */
  endpoint?: string;
  /**
   * Root domain: `tencentcloudapi.com` (default), `intl.tencentcloudapi.com` (international site),
   * `{region}.tencentcloudapi.com` (region-specific host) or a private one.
   */
  domain?: string;
}

/**
 * The TKE base URL (no trailing `/`): `endpoint`, else `https://tke.{domain}`. The settings are checked, with their
 * sources named, before they get here (provider/resources/settings.ts); this refuses anything that would still
 * change which host the URL names.
 */
export function resolveTkeEndpoint(opts: TencentEndpointOptions = {}): string {
  if (opts.endpoint) return checkedBaseUrl("tencentcloud:endpoint", opts.endpoint);
  const domain = opts.domain || DEFAULT_TENCENT_DOMAIN;
  if (!isDomainName(domain))
    throw new InvalidInputError("tencentcloud:domain must be a DNS domain such as tencentcloudapi.com");
  return `https://tke.${domain}`;
}

/** The URL every TKE call is POSTed to: the base plus `/` (the TC3 canonical URI is `/`). */
export function tkeRequestUrl(base: string): URL {
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/+$/, "") + "/";
  return url;
}
