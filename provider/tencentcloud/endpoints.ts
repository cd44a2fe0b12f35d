/**
 * Tencent Cloud TKE endpoint resolution. The host is `tke.{domain}`, as the Tencent SDKs build
 * `{service}.{RootDomain}` and terraform-provider-tencentcloud's `domain` (`TENCENTCLOUD_DOMAIN`) sets that root
 * domain; docs/endpoints.md lists the hosts the vendor documents. Pure.
 */
import { InvalidInputError } from "../errors";

/** Default root domain (`TENCENTCLOUD_DOMAIN` replaces it). */
export const DEFAULT_TENCENT_DOMAIN = "tencentcloudapi.com";
/** The nearest-region host of the China site (SDK default). */
export const TKE_DEFAULT_ENDPOINT = "https://tke.tencentcloudapi.com";
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

/** Two or more DNS labels. */
const DOMAIN_NAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * The TKE base URL (no trailing `/`): `endpoint`, else `https://tke.{domain}`. The settings are checked, with their
 * sources named, before they get here (provider/resources/settings.ts); this refuses anything that would still
 * change which host the URL names.
 */
export function resolveTkeEndpoint(opts: TencentEndpointOptions = {}): string {
  if (opts.endpoint) return validateBaseUrl(withScheme(opts.endpoint)).replace(/\/+$/, "");
  const domain = opts.domain || DEFAULT_TENCENT_DOMAIN;
  if (!DOMAIN_NAME.test(domain))
    throw new InvalidInputError("tencentcloud:domain must be a DNS domain such as tencentcloudapi.com");
  return `https://tke.${domain}`;
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

/** Requests carry signed credentials: https only, and nothing in the URL but host, port and path. */
function validateBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError("tencentcloud:endpoint is not an absolute URL");
  }
  if (url.protocol !== "https:") throw new InvalidInputError("tencentcloud:endpoint must use https");
  if (url.username || url.password)
    throw new InvalidInputError("tencentcloud:endpoint must not carry a user name or password");
  if (/[?#\\\s]/.test(value)) {
    throw new InvalidInputError("tencentcloud:endpoint must not have a query, fragment, backslash or whitespace");
  }
  return value;
}
