/**
 * The vendors' own clients are accepted by the emulator: their signatures verify, their requests route, and
 * the emulator refuses them as the vendor would when the key, the body or the clock is wrong.
 *
 * The requests are made by the vendors' SDKs, addressed to the REAL host names
 * (`tke.tencentcloudapi.com`, `ucs.myhuaweicloud.com`, `cce.cn-north-4.myhuaweicloud.com`):
 * `dns.lookup` is patched in this test process so those names (and only names under
 * `.tencentcloudapi.com` / `.myhuaweicloud.com`) resolve to 127.0.0.1, and the SDK is given
 * `host:PORT` as its endpoint. TLS is verified against the emulator CA (an `https.Agent` with `ca`):
 * the server certificate names these hosts, so SNI/hostname checks pass.
 *
 * - Tencent: `tencentcloud-sdk-nodejs-tke` `tke.v20180525.Client#DescribeClusterKubeconfig`
 *   (`profile.httpProfile.endpoint` = host:PORT, `profile.httpProfile.agent` = the CA-trusting agent).
 *   The SDK signs the Host header WITH the port (`new URL(url).host`) but the canonical `host:` line
 *   without it (`urlObj.hostname`, tencentcloud/common/sign.js); the service comes from the host's
 *   first label (abstract_client.js `endpoint.split(".")[0]`).
 * - Huawei: `@huaweicloud/huaweicloud-sdk-core` `HcClient#sendRequest` (the generic call every generated
 *   service client makes), built by `ClientBuilder` with `GlobalCredentials` (UCS, X-Domain-Id) or
 *   `BasicCredentials` (CCE, X-Project-Id). Signing is the SDK's own `AKSKSigner`, sending its own
 *   axios-based `DefaultHttpClient` (`axiosRequestConfig.httpsAgent` = the CA-trusting agent). The UCS and
 *   CCE service packages are not installed, so the request specs (method/url/pathParams) are written
 *   here exactly as their generated `RequestCreator`s would.
 *
 * Negative cases use the same SDK calls: a wrong secret key; a body changed in flight AFTER signing
 * (the agent's socket rewrites one same-length value in the request bytes, as a middlebox would);
 * and a skewed clock (the SDKs sign with the real time, so the emulator clock is moved instead).
 *
 * The last block needs none of that: each call runs in a child node process (sdk-via-proxy.js) with the
 * SDK left as shipped, its DEFAULT endpoint or the real host name, the emulator's CONNECT proxy set
 * through the SDK's documented proxy option (Tencent `httpProfile.proxy` or `http_proxy`, Huawei
 * `ClientBuilder#withProxyAgent`) and the emulator CA through NODE_EXTRA_CA_CERTS (neither SDK passes
 * a CA to the TLS connection it opens inside the tunnel).
 */
// The module object itself (not a named import): patching its `lookup` reaches net.connect.
import dns = require("node:dns");
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Agent as HttpsAgent, AgentOptions } from "node:https";
import { Duplex } from "node:stream";
import { load } from "js-yaml";
import { Client as TkeClient } from "tencentcloud-sdk-nodejs-tke/tencentcloud/services/tke/v20180525/tke_client";
import { BasicCredentials, GlobalCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import { ClientBuilder } from "@huaweicloud/huaweicloud-sdk-core/ClientBuilder";
import { HcClient } from "@huaweicloud/huaweicloud-sdk-core/HcClient";
import { EmulatorHandle, startEmulator } from "../../../emulator";

const VENDOR_HOST = /(^|\.)(tencentcloudapi\.com|myhuaweicloud\.com)$/i;
type LookupFn = typeof dns.lookup;
const realLookup: LookupFn = dns.lookup;
/** Host names the patched lookup answered (shows the SDKs really dialled the vendor names). */
const resolved = new Set<string>();

/** Resolves the vendor domains to loopback; everything else goes to the real resolver. */
function loopbackLookup(hostname: string, options: unknown, callback?: unknown): void {
  const cb = (typeof options === "function" ? options : callback) as (
    err: Error | null,
    address: string | { address: string; family: number }[],
    family?: number,
  ) => void;
  const opts = (typeof options === "object" && options !== null ? options : {}) as { all?: boolean };
  if (!VENDOR_HOST.test(hostname)) {
    (realLookup as unknown as (...a: unknown[]) => void)(hostname, options, callback);
    return;
  }
  resolved.add(hostname.toLowerCase());
  if (opts.all) process.nextTick(() => cb(null, [{ address: "127.0.0.1", family: 4 }]));
  else process.nextTick(() => cb(null, "127.0.0.1", 4));
}

/**
 * An agent trusting the emulator CA. With `rewrite`, every plaintext chunk written to the TLS socket
 * has `from` replaced by `to` (same length, so Content-Length stays right): a body tampered after signing.
 */
class EmulatorAgent extends HttpsAgent {
  constructor(
    opts: AgentOptions,
    private readonly rewrite?: { from: string; to: string },
  ) {
    super(opts);
  }
  override createConnection(options: unknown, cb?: unknown): Duplex {
    const create = HttpsAgent.prototype.createConnection as unknown as (
      this: HttpsAgent,
      o: unknown,
      c?: unknown,
    ) => Duplex;
    const socket = create.call(this, options, cb);
    const rw = this.rewrite;
    if (rw) {
      const write = socket.write.bind(socket) as (...a: unknown[]) => boolean;
      (socket as unknown as { write: (...a: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
        const text = Buffer.isBuffer(chunk) ? chunk.toString("latin1") : String(chunk);
        return write(Buffer.from(text.split(rw.from).join(rw.to), "latin1"), ...rest);
      };
    }
    return socket;
  }
}

let emu: EmulatorHandle;
let goodAgent: EmulatorAgent;
beforeAll(async () => {
  // The Huawei SDK configures log4js to print whole requests (fake credentials included) to stdout.
  require("log4js").configure({
    appenders: { out: { type: "stdout" } },
    categories: { default: { appenders: ["out"], level: "off" } },
  });
  (dns as { lookup: LookupFn }).lookup = loopbackLookup as unknown as LookupFn;
  // The SDKs sign with the real clock, so the emulator runs on it too (moved only for the skew cases).
  emu = await startEmulator();
  goodAgent = new EmulatorAgent({ ca: emu.caPem, keepAlive: false });
});
afterAll(async () => {
  (dns as { lookup: LookupFn }).lookup = realLookup;
  goodAgent.destroy();
  await emu.stop();
});

/** Moves the emulator clock by `ms` for the duration of `fn` (the SDK keeps signing with real time). */
async function withSkew<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  emu.clock.advance(ms);
  try {
    return await fn();
  } finally {
    emu.clock.advance(-ms);
  }
}

describe("tencentcloud-sdk-nodejs-tke against the emulator", () => {
  const tkeClient = (secretKey: string, agent: HttpsAgent) =>
    new TkeClient({
      credential: { secretId: emu.credentials.tencent.secretId, secretKey },
      region: emu.credentials.tencent.region,
      profile: { httpProfile: { endpoint: `tke.tencentcloudapi.com:${emu.port}`, agent, reqTimeout: 10 } },
    });

  /** Runs the SDK call; returns the response or the SDK's TencentCloudSDKError fields. */
  async function call(client: TkeClient, clusterId: string) {
    try {
      return { ok: await client.DescribeClusterKubeconfig({ ClusterId: clusterId, IsExtranet: true }) };
    } catch (e) {
      const err = e as { code?: string; requestId?: string; message?: string };
      return { code: err.code, requestId: err.requestId, message: err.message };
    }
  }

  it("DescribeClusterKubeconfig succeeds under the real host name, and the emulator saw the SDK's request", async () => {
    const id = emu.seed.tke.extranetCluster.id;
    const r = await call(tkeClient(emu.credentials.tencent.secretKey, goodAgent), id);
    expect(r.code).toBeUndefined();
    const kc = load(String(r.ok && r.ok.Kubeconfig)) as { clusters: { cluster: { server: string } }[] };
    expect(kc.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(r.ok && r.ok.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const last = emu.state.calls[emu.state.calls.length - 1];
    expect(last).toMatchObject({ service: "tke", operation: "DescribeClusterKubeconfig", status: 200 });
    // Routed by the Host header: the SDK's path is "/", with no host-name prefix.
    expect(last.path).toBe("/");
    expect(resolved.has("tke.tencentcloudapi.com")).toBe(true);
  });

  it("a wrong secret key is AuthFailure.SignatureFailure", async () => {
    const r = await call(tkeClient("FAKE-WRONG-SECRET-KEY", goodAgent), emu.seed.tke.extranetCluster.id);
    expect(r.code).toBe("AuthFailure.SignatureFailure");
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a body changed after signing is AuthFailure.SignatureFailure", async () => {
    const id = emu.seed.tke.extranetCluster.id;
    const tamper = new EmulatorAgent(
      { ca: emu.caPem, keepAlive: false },
      { from: id, to: emu.seed.tke.intranetCluster.id },
    );
    try {
      expect(id.length).toBe(emu.seed.tke.intranetCluster.id.length);
      const r = await call(tkeClient(emu.credentials.tencent.secretKey, tamper), id);
      expect(r.code).toBe("AuthFailure.SignatureFailure");
      // Control: without the marker in the body the same agent changes nothing and the call succeeds.
      const ok = await call(tkeClient(emu.credentials.tencent.secretKey, tamper), emu.seed.tke.intranetCluster.id);
      expect(ok.code).toBeUndefined();
    } finally {
      tamper.destroy();
    }
  });

  it("a clock more than 5 minutes off is AuthFailure.SignatureExpire", async () => {
    const client = tkeClient(emu.credentials.tencent.secretKey, goodAgent);
    const r = await withSkew(6 * 60 * 1000, () => call(client, emu.seed.tke.extranetCluster.id));
    expect(r.code).toBe("AuthFailure.SignatureExpire");
  });
});

describe("@huaweicloud/huaweicloud-sdk-core (AKSKSigner + DefaultHttpClient) against the emulator", () => {
  const hw = () => emu.credentials.huawei;
  const ucsClient = (sk: string, agent: HttpsAgent): HcClient =>
    new ClientBuilder<HcClient>((c) => c)
      .withCredential(new GlobalCredentials().withAk(hw().accessKey).withSk(sk).withDomainId(hw().domainId))
      .withEndpoint(`https://ucs.myhuaweicloud.com:${emu.port}`)
      .withOptions({ axiosRequestConfig: { httpsAgent: agent, timeout: 10000 } })
      .build();
  const cceClient = (sk: string, agent: HttpsAgent): HcClient =>
    new ClientBuilder<HcClient>((c) => c)
      .withCredential(new BasicCredentials().withAk(hw().accessKey).withSk(sk).withProjectId(hw().projectId))
      .withEndpoint(`https://cce.cn-north-4.myhuaweicloud.com:${emu.port}`)
      .withOptions({ axiosRequestConfig: { httpsAgent: agent, timeout: 10000 } })
      .build();

  /** UCS CreateClusterKubeconfig as huaweicloud-sdk-ucs's RequestCreator builds it. */
  const ucsKubeconfig = (client: HcClient, clusterId: string) =>
    send(client, {
      method: "POST",
      url: "/v1/clusters/{cluster_id}/kubeconfig",
      contentType: "application/json",
      queryParams: {},
      pathParams: { cluster_id: clusterId },
      headers: {},
      data: {},
    });
  /** CCE CreateKubernetesClusterCert as huaweicloud-sdk-cce's RequestCreator builds it. */
  const cceClusterCert = (client: HcClient, clusterId: string, duration: number) =>
    send(client, {
      method: "POST",
      url: "/api/v3/projects/{project_id}/clusters/{cluster_id}/clustercert",
      contentType: "application/json",
      queryParams: {},
      pathParams: { cluster_id: clusterId },
      headers: {},
      data: { duration },
    });

  /** The SDK's result, or the status/body of the SDK's ServiceResponseException. */
  async function send(client: HcClient, options: Parameters<HcClient["sendRequest"]>[0]) {
    try {
      const ok = await client.sendRequest<Record<string, unknown> & { httpStatusCode?: number }>(options);
      return { status: ok.httpStatusCode, ok };
    } catch (e) {
      const err = e as { status?: number; errorCode?: string; requestId?: string; httpStatusCode?: number };
      return { status: err.status || err.httpStatusCode, code: err.errorCode, requestId: err.requestId };
    }
  }

  it("UCS CreateClusterKubeconfig (201) and CCE clustercert (200) succeed under the real host names", async () => {
    const u = await ucsKubeconfig(ucsClient(hw().secretKey, goodAgent), emu.seed.ucs.clusters[0].id);
    expect(u.status).toBe(201);
    expect(u.ok && u.ok.kind).toBe("Config");
    const c = await cceClusterCert(cceClient(hw().secretKey, goodAgent), emu.seed.cce.publicCluster.id, 3);
    expect(c.status).toBe(200);
    expect(c.ok && (c.ok.clusters as unknown[]).length).toBe(3);
    const seen = emu.state.calls.slice(-2).map((x) => [x.service, x.status]);
    expect(seen).toEqual([
      ["ucs", 201],
      ["cce", 200],
    ]);
    expect(resolved.has("ucs.myhuaweicloud.com")).toBe(true);
    expect(resolved.has("cce.cn-north-4.myhuaweicloud.com")).toBe(true);
  });

  it("a wrong secret key is APIGW.0301 (401) for UCS and CCE", async () => {
    const u = await ucsKubeconfig(ucsClient("FAKE-WRONG-SK", goodAgent), emu.seed.ucs.clusters[0].id);
    expect([u.status, u.code]).toEqual([401, "APIGW.0301"]);
    expect(u.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const c = await cceClusterCert(cceClient("FAKE-WRONG-SK", goodAgent), emu.seed.cce.publicCluster.id, 3);
    expect([c.status, c.code]).toEqual([401, "APIGW.0301"]);
  });

  it("a body changed after signing is APIGW.0301 (401)", async () => {
    const tamper = new EmulatorAgent({ ca: emu.caPem, keepAlive: false }, { from: '"duration":3', to: '"duration":9' });
    try {
      const c = await cceClusterCert(cceClient(hw().secretKey, tamper), emu.seed.cce.publicCluster.id, 3);
      expect([c.status, c.code]).toEqual([401, "APIGW.0301"]);
      // Control: the same agent leaves a request without the marker alone, so the rewrite is what failed it.
      const ok = await cceClusterCert(cceClient(hw().secretKey, tamper), emu.seed.cce.publicCluster.id, 4);
      expect(ok.status).toBe(200);
    } finally {
      tamper.destroy();
    }
  });

  it("a clock more than 15 minutes off is APIGW.0303 (401) for UCS and CCE", async () => {
    const u = await withSkew(-16 * 60 * 1000, () =>
      ucsKubeconfig(ucsClient(hw().secretKey, goodAgent), emu.seed.ucs.clusters[0].id),
    );
    expect([u.status, u.code]).toEqual([401, "APIGW.0303"]);
    const c = await withSkew(16 * 60 * 1000, () =>
      cceClusterCert(cceClient(hw().secretKey, goodAgent), emu.seed.cce.publicCluster.id, 3),
    );
    expect([c.status, c.code]).toEqual([401, "APIGW.0303"]);
  });
});

/** What sdk-via-proxy.js reports: the SDK's answer or error, and every connection and lookup it made. */
interface ChildResult {
  ok?: Record<string, any>;
  status?: number;
  error?: { code?: string; status?: number; requestId?: string; message?: string };
  crash?: string;
  connects: string[];
  lookups: string[];
}

/**
 * Runs one SDK call in a child node process. Its environment is built here, not inherited: PATH, the
 * emulator CA as NODE_EXTRA_CA_CERTS (unless `ca: false`) and `extraEnv`; no other proxy variables.
 */
function sdkChild(job: Record<string, unknown>, opts: { ca?: boolean; extraEnv?: Record<string, string> } = {}) {
  const env: Record<string, string> = { PATH: process.env.PATH || "", ...(opts.extraEnv || {}) };
  if (opts.ca !== false) env.NODE_EXTRA_CA_CERTS = emu.caPath;
  return new Promise<ChildResult>((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, "sdk-via-proxy.js"), JSON.stringify(job)], {
      cwd: __dirname,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (!line) return reject(new Error(`sdk child exited ${code} without a result: ${out} ${err}`));
      resolve(JSON.parse(line.slice("RESULT ".length)) as ChildResult);
    });
  });
}

describe("the official SDKs, unmodified, through the emulator's CONNECT proxy", () => {
  jest.setTimeout(60_000);
  const tc = () => emu.credentials.tencent;
  const hw = () => emu.credentials.huawei;
  /** The only connection a proxied client may open: to the proxy, by address (so no lookup either). */
  const onlyTheProxy = (r: ChildResult) => {
    expect(r.connects).toEqual([`127.0.0.1:${emu.proxyPort}`]);
    expect(r.lookups).toEqual([]);
  };
  const tkeJob = (o: { secretKey?: string; proxy?: string } = {}) => ({
    sdk: "tencent",
    action: "DescribeClusterKubeconfig",
    params: { ClusterId: emu.seed.tke.extranetCluster.id, IsExtranet: true },
    secretId: tc().secretId,
    secretKey: o.secretKey || tc().secretKey,
    region: tc().region,
    proxy: o.proxy,
  });
  const ucsShowCluster = (sk: string) => ({
    sdk: "huawei",
    credential: "global",
    ak: hw().accessKey,
    sk,
    domainId: hw().domainId,
    endpoint: "https://ucs.myhuaweicloud.com",
    proxy: emu.proxyUrl,
    // huaweicloud-sdk-ucs ShowCluster, as its RequestCreator builds it.
    request: {
      method: "GET",
      url: "/v1/clusters/{cluster_id}",
      contentType: "application/json",
      queryParams: {},
      pathParams: { cluster_id: emu.seed.ucs.clusters[0].id },
      headers: {},
    },
  });

  it("TKE DescribeClusterKubeconfig with the DEFAULT endpoint and httpProfile.proxy gets the seeded cluster", async () => {
    const before = emu.state.calls.length;
    const r = await sdkChild(tkeJob({ proxy: emu.proxyUrl }));
    expect(r.crash).toBeUndefined();
    expect(r.error).toBeUndefined();
    const kc = load(String(r.ok && r.ok.Kubeconfig)) as { clusters: { cluster: { server: string } }[] };
    expect(kc.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    onlyTheProxy(r);
    // Signed for service `tke` and host `tke.tencentcloudapi.com`, routed by that Host header.
    expect(emu.state.calls.slice(before)).toEqual([
      expect.objectContaining({ service: "tke", operation: "DescribeClusterKubeconfig", status: 200, path: "/" }),
    ]);
    expect(emu.state.proxyRequests[emu.state.proxyRequests.length - 1]).toMatchObject({
      method: "CONNECT",
      target: "tke.tencentcloudapi.com:443",
      status: 200,
    });
  });

  it("TKE with the proxy from the environment (http_proxy, which the SDK reads) works the same", async () => {
    const r = await sdkChild(tkeJob(), { extraEnv: { http_proxy: emu.proxyUrl } });
    expect(r.error).toBeUndefined();
    expect(String(r.ok && r.ok.Kubeconfig)).toContain("apiVersion: v1");
    onlyTheProxy(r);
  });

  it("TKE with a wrong secret key is still AuthFailure.SignatureFailure", async () => {
    const r = await sdkChild(tkeJob({ secretKey: "FAKE-WRONG-SECRET-KEY", proxy: emu.proxyUrl }));
    expect(r.error && r.error.code).toBe("AuthFailure.SignatureFailure");
    expect(r.error && r.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    onlyTheProxy(r);
  });

  it("without the emulator CA both SDKs refuse the tunnel's certificate (they verify TLS)", async () => {
    const before = emu.state.calls.length;
    const t = await sdkChild(tkeJob({ proxy: emu.proxyUrl }), { ca: false });
    expect(t.ok).toBeUndefined();
    expect(t.error && t.error.message).toMatch(/certificate/i);
    // ClientBuilder passes `disableSslVerification: true`, which its HTTP client never reads.
    const h = await sdkChild(ucsShowCluster(hw().secretKey), { ca: false });
    expect(h.ok).toBeUndefined();
    expect(h.error && h.error.message).toMatch(/certificate/i);
    expect(emu.state.calls.length).toBe(before);
  });

  it("Huawei UCS ShowCluster at https://ucs.myhuaweicloud.com with withProxyAgent gets the seeded cluster", async () => {
    const before = emu.state.calls.length;
    const r = await sdkChild(ucsShowCluster(hw().secretKey));
    expect(r.crash).toBeUndefined();
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.ok).toMatchObject({ kind: "Cluster", metadata: { name: emu.seed.ucs.clusters[0].name } });
    onlyTheProxy(r);
    expect(emu.state.calls.slice(before)).toEqual([
      expect.objectContaining({ service: "ucs", operation: "ShowCluster", status: 200 }),
    ]);
  });

  it("Huawei CCE clustercert at https://cce.cn-north-4.myhuaweicloud.com answers the kubeconfig", async () => {
    const r = await sdkChild({
      sdk: "huawei",
      credential: "basic",
      ak: hw().accessKey,
      sk: hw().secretKey,
      projectId: hw().projectId,
      endpoint: "https://cce.cn-north-4.myhuaweicloud.com",
      proxy: emu.proxyUrl,
      request: {
        method: "POST",
        url: "/api/v3/projects/{project_id}/clusters/{cluster_id}/clustercert",
        contentType: "application/json",
        queryParams: {},
        pathParams: { cluster_id: emu.seed.cce.publicCluster.id },
        headers: {},
        data: { duration: 3 },
      },
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.ok && r.ok.kind).toBe("Config");
    onlyTheProxy(r);
  });

  it("Huawei with a wrong secret key is still APIGW.0301 (401)", async () => {
    const r = await sdkChild(ucsShowCluster("FAKE-WRONG-SK"));
    expect(r.error).toMatchObject({ status: 401, code: "APIGW.0301" });
    onlyTheProxy(r);
  });
});
