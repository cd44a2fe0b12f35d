/**
 * Host/path routing: by the Host header (port stripped) when it names a vendor host, else by the
 * first path segment when it is a vendor host name (the rest of the path is the API path).
 */
import { ServiceName } from "./env";

export interface Target {
  service: ServiceName;
  region: string;
  /** Path with any host-name prefix removed. */
  apiPath: string;
}

/** Recognizes the vendor host names the emulator stands in for. */
export function serviceForHost(host: string): { service: ServiceName; region: string } | undefined {
  const h = host.toLowerCase().replace(/:\d+$/, "");
  let m = /^ucs(?:-intl)?(?:\.([a-z0-9-]+))?\.myhuaweicloud\.(?:com|eu)$/.exec(h);
  if (m) return { service: "ucs", region: m[1] || "cn-north-4" };
  m = /^(cce|iam|vpcep)(?:\.([a-z0-9-]+))?\.myhuaweicloud\.(?:com|eu)$/.exec(h);
  if (m) return { service: m[1] as ServiceName, region: m[2] || "cn-north-4" };
  m = /^tke(?:\.intl)?(?:\.([a-z0-9-]+))?\.tencentcloudapi\.com$/.exec(h);
  if (m) return { service: "tke", region: m[1] || "" };
  return undefined;
}

export function resolveTarget(hostHeader: string, rawPath: string): Target | undefined {
  const byHost = serviceForHost(hostHeader);
  if (byHost) return { ...byHost, apiPath: rawPath || "/" };
  const m = /^\/([^/]+)(\/.*)?$/.exec(rawPath);
  if (!m) return undefined;
  const byPrefix = serviceForHost(m[1]);
  if (!byPrefix) return undefined;
  return { ...byPrefix, apiPath: m[2] || "/" };
}
