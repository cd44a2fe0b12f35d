/**
 * Which proxy a request goes through, the way undici's `EnvHttpProxyAgent` decides it: explicit settings
 * replace the environment entirely; `https:` targets use the https proxy, else the http one; `NO_PROXY`
 * entries match a host, its subdomains and optionally a port; `*` turns the proxy off. Used to build the
 * dispatcher and to name the proxy (never its userinfo) in error messages.
 */
import type { TransportOptions } from "./types";

export interface ProxyUrls {
  httpProxy: string;
  httpsProxy: string;
  /** Explicit `noProxy`; `undefined` means read `no_proxy`/`NO_PROXY` at request time, as undici does. */
  noProxy?: string;
}

/** The proxy URLs in effect ("" = none) for explicit settings, else the environment. */
export function resolveProxyUrls(explicit: TransportOptions["proxy"], env: NodeJS.ProcessEnv = process.env): ProxyUrls {
  if (explicit) {
    // undici falls back to the environment only on `undefined`: "" keeps it out.
    return {
      httpProxy: explicit.httpProxy || "",
      httpsProxy: explicit.httpsProxy || "",
      noProxy: explicit.noProxy || "",
    };
  }
  return {
    httpProxy: firstDefined(env.http_proxy, env.HTTP_PROXY) || "",
    httpsProxy: firstDefined(env.https_proxy, env.HTTPS_PROXY) || "",
  };
}

/** `host:port` of the proxy `url` goes through (no userinfo), or `undefined` when it goes direct. */
export function proxyHostFor(url: URL, urls: ProxyUrls, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const proxy = url.protocol === "https:" ? urls.httpsProxy || urls.httpProxy : urls.httpProxy;
  if (!proxy) return undefined;
  const noProxy = urls.noProxy !== undefined ? urls.noProxy : firstDefined(env.no_proxy, env.NO_PROXY) || "";
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  if (bypassed(url.host.replace(/:\d*$/, "").toLowerCase(), port, noProxy)) return undefined;
  try {
    const p = new URL(proxy);
    return `${p.hostname}:${p.port || (p.protocol === "https:" ? 443 : 80)}`;
  } catch {
    return "(unparseable proxy URL)";
  }
}

function bypassed(hostname: string, port: number, noProxy: string): boolean {
  if (noProxy === "*") return true;
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const m = /^(.+):(\d+)$/.exec(entry);
    const host = (m ? m[1] : entry).replace(/^\*?\./, "").toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return true;
  }
  return false;
}

function firstDefined(a: string | undefined, b: string | undefined): string | undefined {
  return a !== undefined ? a : b;
}
