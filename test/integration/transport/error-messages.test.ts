/**
 * Failures below HTTP get a message of their own, not a bare undici code: a proxy refusing the tunnel, a
 * header that cannot be sent, TLS and DNS failures. Each message says what failed and where, and never
 * carries a secret.
 */
import { clearSecretValues, HttpTransport, TransportError, type RequestSpec } from "../../../provider/http";
import { resolveHuaweiCredentials } from "../../../provider/huaweicloud/credentials";
import { resetStackConfig } from "../../support/provider-stack-config";
import { tencentApis } from "../../../provider/resources/tencent-apis";
import { contextWith } from "../../../provider/resources/context";
import { closeSharedTransports } from "../../../provider/http";
import type { Inputs } from "../../../provider/resources/lifecycle";
import { startConnectProxy, startServer, type LoopbackServer } from "../../support/loopback";
import { expectNoSecrets } from "../../support/secret-scan";
import { rejectionOf } from "../../support/failures";
import { startRefusingProxy, type RefusingProxy } from "./misbehaving-servers";
import { createTestCa, issueLoopbackCert } from "./test-pki";

const PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];
const savedEnv: Record<string, string | undefined> = {};
const transports: HttpTransport[] = [];
const closers: Array<() => Promise<void>> = [];

function transport(opts: ConstructorParameters<typeof HttpTransport>[0] = {}): HttpTransport {
  const t = new HttpTransport({
    proxy: {},
    rateLimiter: { acquire: async () => undefined },
    sleep: async () => undefined,
    debug: false,
    ...opts,
  });
  transports.push(t);
  return t;
}
const call = (url: string, extra: Partial<RequestSpec> = {}): RequestSpec => ({
  vendor: "huaweicloud",
  operation: "CreateClusterKubeconfig",
  method: "POST",
  url,
  ...extra,
});
async function plainServer(): Promise<LoopbackServer> {
  const s = await startServer((_req, res) => {
    res.end("{}");
  });
  closers.push(() => s.close());
  return s;
}
/** A TLS server answering "never" with `tls` (default: a certificate from a CA nobody trusts). */
async function tlsServer(tls?: Awaited<ReturnType<typeof issueLoopbackCert>>): Promise<LoopbackServer> {
  const cert = tls || (await issueLoopbackCert(await createTestCa("untrusted CA")));
  const s = await startServer(
    (_req, res) => {
      res.end("never");
    },
    { tls: cert },
  );
  closers.push(() => s.close());
  return s;
}
async function refusingProxy(status: number, reason: string): Promise<RefusingProxy> {
  const p = await startRefusingProxy(status, reason);
  closers.push(() => p.close());
  return p;
}

beforeEach(() => {
  clearSecretValues();
  for (const k of PROXY_VARS) {
    savedEnv[k] = process.env[k];
    delete process.env[k];
  }
});
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(closers.splice(0).map((c) => c()));
  for (const k of PROXY_VARS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetStackConfig();
  await closeSharedTransports();
});

describe("a proxy that refuses the CONNECT tunnel", () => {
  const PASSWORD = "FAKE-proxy-pass-0123";

  it("407: names the proxy without its userinfo and the status; final", async () => {
    const proxy = await refusingProxy(407, "Proxy Authentication Required");
    const url = `http://corp-user:${PASSWORD}@${proxy.host}`;
    const t = transport({ proxy: { httpsProxy: url }, retry: { maxAttempts: 3 } });
    const err = await rejectionOf(t.request(call("https://127.0.0.1:9/v1/cert?x=1")));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toContain(
      `the proxy ${proxy.host} refused the tunnel to 127.0.0.1:9 with 407 Proxy Authentication Required`,
    );
    expect(err.message).not.toContain("UND_ERR_ABORTED");
    expect(err.message).not.toContain("corp-user");
    expect(err.retryable).toBe(false);
    expect(err.notSent).toBe(true);
    expect(err.attempts).toBe(1);
    expect(proxy.connects).toEqual(["127.0.0.1:9"]);
    expectNoSecrets(err, { PASSWORD });
  });

  it("502 from HTTPS_PROXY in the environment: named, and retried (nothing reached the server)", async () => {
    const proxy = await refusingProxy(502, "Bad Gateway");
    process.env.HTTPS_PROXY = proxy.url;
    const t = transport({ proxy: undefined, retry: { maxAttempts: 2 } });
    const err = await rejectionOf(t.request(call("https://127.0.0.1:9/", { mutating: true })));
    expect(err.message).toContain(`the proxy ${proxy.host} refused the tunnel to 127.0.0.1:9 with 502 Bad Gateway`);
    expect(err.notSent).toBe(true);
    expect(err.attempts).toBe(2);
    expect(proxy.connects).toHaveLength(2);
  });

  it("403 for a plain-http target through HTTP_PROXY", async () => {
    const proxy = await refusingProxy(403, "Forbidden");
    const t = transport({ proxy: { httpProxy: proxy.url } });
    const err = await rejectionOf(t.request(call("http://127.0.0.1:9/")));
    expect(err.message).toContain(`the proxy ${proxy.host} refused the tunnel to 127.0.0.1:9 with 403 Forbidden`);
  });
});

describe("header values that cannot be sent", () => {
  const TOKEN = "FAKEtoken-0123456789abcdef";

  it.each([
    ["a CR/LF", `${TOKEN}\r\nX-Injected: 1`, /line break \(CR\/LF\)/],
    ["a zero-width space", `${TOKEN}\u200b`, /U\+200B/],
    ["a non-Latin-1 letter", `${TOKEN}\u0416`, /U\+0416/],
    ["a NUL", `${TOKEN}\u0000`, /control character U\+0000/],
  ])("%s: fails before sending, naming the header but not the value", async (_how, value, what) => {
    const s = await plainServer();
    const err = await rejectionOf(
      transport({ retry: { maxAttempts: 3 } }).request(call(s.url, { headers: { "X-Security-Token": value } })),
    );
    expect(err.code).toBe("INVALID_HEADER");
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toContain("header x-security-token");
    expect(err.message).toMatch(what);
    expect(err.message).not.toContain("UND_ERR_INVALID_ARG");
    expect(err.retryable).toBe(false);
    expect(err.notSent).toBe(true);
    expect(err.attempts).toBe(1);
    expect(s.requests).toHaveLength(0);
    expectNoSecrets(err, { TOKEN });
  });

  it("names the setting a resolved credential came from, also in a header the signer adds", async () => {
    const s = await plainServer();
    const settings = resolveHuaweiCredentials({
      config: {
        "huaweicloud:accessKey": "FAKEAKEXAMPLE\u200b0000",
        "huaweicloud:secretKey": "FAKEsk-0123456789abcdefghij",
      },
    });
    const ak = (settings.credentials as { accessKey: string }).accessKey;
    const err = await rejectionOf(
      transport().request(
        call(s.url, { sign: () => ({ Authorization: `SDK-HMAC-SHA256 Access=${ak}, Signature=00` }) }),
      ),
    );
    expect(err.message).toContain("header authorization");
    expect(err.message).toContain("U+200B");
    expect(err.message).toContain("accessKey from stack config (huaweicloud:accessKey, huaweicloud:secretKey)");
    expect(s.requests).toHaveLength(0);
    expectNoSecrets(err, { ak: "FAKEAKEXAMPLE" });
  });
});

describe("TLS and DNS failures name the host, not the URL", () => {
  const QUERY_SECRET = "FAKEquery-0123456789abcdef";

  it("an untrusted certificate: host, code and the generic CA-bundle hint", async () => {
    const rogue = await tlsServer();
    const err = await rejectionOf(transport().request(call(`${rogue.url}/v3/projects?token=${QUERY_SECRET}`)));
    expect(err.message).toContain(`TLS verification of 127.0.0.1:${rogue.port} failed`);
    expect(err.message).toMatch(/\((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\)/);
    expect(err.message).toContain("extra CA bundle");
    expect(err.message).not.toContain("/v3/projects");
    expectNoSecrets(err, { QUERY_SECRET });
  });

  it("through a CONNECT proxy: the target host and the proxy, with the caller's hint", async () => {
    const rogue = await tlsServer();
    const proxy = await startConnectProxy();
    closers.push(() => proxy.close());
    const t = transport({ proxy: { httpsProxy: proxy.url }, caBundleHint: "add it with my:setting" });
    const err = await rejectionOf(t.request(call(`${rogue.url}/x`)));
    expect(err.message).toContain(
      `TLS verification of 127.0.0.1:${rogue.port} (through the proxy 127.0.0.1:${proxy.port}) failed`,
    );
    expect(err.message).toContain("add it with my:setting");
    expect(err.message).not.toContain("extra CA bundle");
  });

  it("a certificate for another name says so instead of suggesting a CA bundle", async () => {
    const ca = await createTestCa("trusted CA");
    const s = await tlsServer(await issueLoopbackCert(ca, [{ type: "dns", value: "api.example.invalid" }]));
    const err = await rejectionOf(transport({ extraCaPem: ca.certPem }).request(call(`${s.url}/`)));
    expect(err.message).toContain(`TLS verification of 127.0.0.1:${s.port} failed (ERR_TLS_CERT_ALTNAME_INVALID)`);
    expect(err.message).toContain("does not name this host");
    expect(err.message).not.toContain("CA bundle");
  });

  it("a host name that does not resolve", async () => {
    const err = await rejectionOf(transport().request(call(`https://no-such-host.invalid/v1?token=${QUERY_SECRET}`)));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toMatch(/host name no-such-host\.invalid not resolved \((ENOTFOUND|EAI_AGAIN)\)/);
    expect(err.notSent).toBe(true);
    expectNoSecrets(err, { QUERY_SECRET });
  });

  it("the resources pass the cloudkubeconfig:caBundle hint", async () => {
    const rogue = await tlsServer();
    resetStackConfig({
      "tencentcloud:secretId": "FAKEIDEXAMPLE0000",
      "tencentcloud:secretKey": "FAKEkey-0123456789abcdef",
      "tencentcloud:endpoint": rogue.url,
      "cloudkubeconfig:maxAttempts": "1",
    });
    const { tke } = tencentApis({ region: "ap-guangzhou" } as Inputs, contextWith());
    const err = await rejectionOf(tke.describeClusters(["cls-abc12345"]));
    expect(err.message).toContain(`TLS verification of 127.0.0.1:${rogue.port} failed`);
    expect(err.message).toContain("cloudkubeconfig:caBundle");
    expect(err.message).toContain("CLOUD_KUBECONFIG_CA_BUNDLE");
  });
});
