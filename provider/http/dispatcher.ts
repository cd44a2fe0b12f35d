/**
 * Builds the one undici dispatcher (connection pool) a transport uses. Proxy: `EnvHttpProxyAgent`
 * honours `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` in either case, or the explicit `proxy` settings; with no
 * proxy it is a plain `Agent`.
 * TLS verification is always on, whatever NODE_TLS_REJECT_UNAUTHORIZED says; there is deliberately no
 * option to turn it off.
 */
import { readFileSync } from "fs";
import { createSecureContext, rootCertificates } from "tls";
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";
import type { ProxyUrls } from "./proxy-route";

/**
 * CA list for an extra bundle: Node's bundled roots plus `NODE_EXTRA_CA_CERTS` (a custom `ca` replaces
 * both, so they are added back explicitly) plus `extraCaPem`. `undefined` when no extra bundle is given,
 * so Node's defaults apply unchanged.
 */
export function trustedCas(extraCaPem: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (!extraCaPem) return undefined;
  const cas = rootCertificates.slice();
  const extraFile = env.NODE_EXTRA_CA_CERTS;
  if (extraFile) {
    try {
      cas.push(readFileSync(extraFile, "utf8"));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; do the same (silently).
    }
  }
  cas.push(extraCaPem);
  return cas;
}

/** Creates the dispatcher; called lazily on the first request (no live handle at module load). */
export function createDispatcher(opts: {
  extraCaPem?: string;
  /** The proxies in effect (see `resolveProxyUrls`). */
  proxy: ProxyUrls;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}): Dispatcher {
  const ca = trustedCas(opts.extraCaPem);
  // One set of TLS options for the direct connection, the target through a CONNECT tunnel and an https proxy.
  // Parsing ~150 roots per connection is slow: build the secure context once per dispatcher.
  // `rejectUnauthorized` is explicit: left unset, Node reads NODE_TLS_REJECT_UNAUTHORIZED=0 from the
  // environment at every connect and silently skips certificate checks.
  const tls = {
    rejectUnauthorized: true,
    timeout: opts.connectTimeoutMs,
    ...(ca ? { secureContext: createSecureContext({ ca }) } : {}),
  };
  // "" = no proxy (undici falls back to the environment only on undefined); an undefined noProxy is read
  // from the environment per request.
  const { httpProxy, httpsProxy, noProxy } = opts.proxy;
  // No proxy at all: a plain pool, which skips the proxy agent's per-request NO_PROXY matching.
  if (!httpProxy && !httpsProxy) {
    return new Agent({ connect: tls, headersTimeout: opts.requestTimeoutMs, bodyTimeout: opts.requestTimeoutMs });
  }
  const proxy = noProxy !== undefined ? { httpProxy, httpsProxy, noProxy } : { httpProxy, httpsProxy };
  return new EnvHttpProxyAgent({
    connect: tls,
    requestTls: tls,
    proxyTls: tls,
    headersTimeout: opts.requestTimeoutMs,
    bodyTimeout: opts.requestTimeoutMs,
    ...proxy,
  });
}
