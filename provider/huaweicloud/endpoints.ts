/**
 * Huawei Cloud endpoint resolution: which hosts are confirmed by the vendor's SDKs and docs, and which are not, is
 * in docs/endpoints.md. Pure: no I/O, no environment access.
 */
import { InvalidInputError } from "../errors";
import { checkedBaseUrl, isDomainName } from "../http/base-url";

/** Services this package calls. */
export type HuaweiService = "ucs" | "cce" | "iam" | "vpcep";

export const HUAWEI_SERVICES: readonly HuaweiService[] = ["ucs", "cce", "iam", "vpcep"];

/** Default cloud domain (tf `defaultCloud`). */
export const DEFAULT_CLOUD = "myhuaweicloud.com";
/** Cloud domain of `eu-west-1*` regions (tf `defaultEuropeCloud`; go-sdk `eu-west-101` → `.eu`). */
export const DEFAULT_EUROPE_CLOUD = "myhuaweicloud.eu";

/** UCS is global: one host per site (support.huaweicloud.com api-ucs ucs_api_0002). */
export const UCS_GLOBAL_ENDPOINT = "https://ucs.myhuaweicloud.com";
/**
 * The Huawei Cloud International site's UCS host (support.huaweicloud.com/intl/en-us/api-ucs/ucs_api_0002.html).
 * No SDK lists it and no setting selects it by name: set it as the `ucs` endpoint override (docs/endpoints.md).
 */
export const UCS_INTL_ENDPOINT = "https://ucs-intl.myhuaweicloud.com";

export interface HuaweiEndpointOptions {
  /** Region id, e.g. `cn-north-4`, `eu-west-101`, `eu-de`. Needed by CCE and VPCEP. */
  region?: string;
  /** Cloud domain, e.g. `myhuaweicloud.com` (default) or `otc.t-systems.com` (Open Telekom Cloud). */
  cloud?: string;
  /**
   * Per-service base URLs that win over everything else. A base may carry a path prefix
   * (the emulator uses `https://127.0.0.1:PORT/cce.cn-north-4.myhuaweicloud.com`).
   */
  overrides?: Partial<Record<HuaweiService, string>>;
}

/** Resolved base URLs (no trailing `/`). A regional service is absent when no region is known. */
export type HuaweiEndpoints = Partial<Record<HuaweiService, string>> & { region?: string };

/** The cloud domain for a region: explicit `cloud`, else `.eu` for `eu-west-1*`, else the default. */
export function cloudDomainFor(region: string | undefined, cloud?: string): string {
  if (cloud) return cloud;
  if (region && region.startsWith("eu-west-1")) return DEFAULT_EUROPE_CLOUD;
  return DEFAULT_CLOUD;
}

/**
 * Resolves the base URL of every service; regional services need `region`. The settings are checked, with their
 * sources named, before they get here (provider/resources/settings.ts); this refuses anything that would still
 * change which host a URL names.
 */
export function resolveHuaweiEndpoints(opts: HuaweiEndpointOptions = {}): HuaweiEndpoints {
  const region = opts.region || undefined;
  if (region !== undefined && !REGION_LABEL.test(region)) {
    throw new InvalidInputError("region must be one DNS label such as cn-north-4");
  }
  if (opts.cloud && !isDomainName(opts.cloud)) {
    throw new InvalidInputError("cloud must be a DNS domain such as myhuaweicloud.com");
  }
  const cloud = cloudDomainFor(region, opts.cloud);
  const out: HuaweiEndpoints = { region };
  out.ucs = ucsEndpoint(region, cloud);
  // IAM without a region: the global host (go-sdk default `https://iam.myhuaweicloud.com`).
  out.iam = region ? `https://iam.${region}.${cloud}` : `https://iam.${cloud}`;
  if (region) {
    out.cce = `https://cce.${region}.${cloud}`;
    out.vpcep = `https://vpcep.${region}.${cloud}`;
  }
  for (const service of HUAWEI_SERVICES) {
    const override = opts.overrides && opts.overrides[service];
    if (override) out[service] = checkedBaseUrl(`endpoint override for ${service}`, override);
  }
  return out;
}

/**
 * UCS: the global host on the default cloud; `ucs.{region}.{cloud}` for `eu-west-1*` regions (tf
 * `GetServiceEndpoint`) and for other clouds (OTC pattern `ucs.{region_id}.{domain}`, unconfirmed).
 */
function ucsEndpoint(region: string | undefined, cloud: string): string {
  const defaultCloud = cloud === DEFAULT_CLOUD;
  if (defaultCloud && !(region && region.startsWith("eu-west-1"))) return UCS_GLOBAL_ENDPOINT;
  return region ? `https://ucs.${region}.${cloud}` : `https://ucs.${cloud}`;
}

/** One DNS label (the region part of a host name). */
const REGION_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** Query values; `undefined` entries are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/** RFC 3986 escaping (space → `%20`, `!'()*` escaped), the form the signers canonicalize to. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * Joins a base URL (which may carry a path prefix) and an absolute API path, then appends the query.
 * `path` must start with `/` and already have its variable segments escaped (see {@link pathSegment}).
 */
export function joinUrl(base: string, path: string, query?: QueryParams): URL {
  if (!path.startsWith("/")) throw new InvalidInputError("API path must start with /");
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/+$/, "") + path;
  const pairs: string[] = [];
  if (query) {
    for (const key of Object.keys(query)) {
      const v = query[key];
      if (v !== undefined) pairs.push(`${rfc3986(key)}=${rfc3986(String(v))}`);
    }
  }
  url.search = pairs.length ? "?" + pairs.join("&") : "";
  return url;
}

/**
 * Escapes one path parameter with encodeURIComponent. Empty, `.` and `..` are refused: URL parsers
 * collapse them (also as `%2e`), which would send the request to a different resource.
 */
export function pathSegment(name: string, value: string): string {
  if (typeof value !== "string" || value === "" || value === "." || value === "..") {
    throw new InvalidInputError(`${name} must be a non-empty string other than "." or ".."`);
  }
  return encodeURIComponent(value);
}
