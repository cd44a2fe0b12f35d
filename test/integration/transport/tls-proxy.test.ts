import { HttpTransport, TransportError } from "../../../provider/http";
import { startConnectProxy, startServer, type ConnectProxy, type LoopbackServer } from "../../support/loopback";
import { rejectionOf } from "../../support/failures";
import { createTestCa, issueLoopbackCert, type TestCa } from "./test-pki";

const noLimit = { acquire: async () => undefined };
const PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];

let trustedCa: TestCa;
let otherCa: TestCa;
let server: LoopbackServer; // certificate from trustedCa
let rogue: LoopbackServer; // certificate from otherCa
let proxy: ConnectProxy;
const transports: HttpTransport[] = [];
const savedEnv: Record<string, string | undefined> = {};

function transport(opts: ConstructorParameters<typeof HttpTransport>[0]): HttpTransport {
  const t = new HttpTransport({ rateLimiter: noLimit, debug: false, retry: { maxAttempts: 1 }, ...opts });
  transports.push(t);
  return t;
}
const get = (url: string) => ({
  vendor: "tencentcloud" as const,
  operation: "DescribeClusters",
  method: "GET" as const,
  url,
});

beforeAll(async () => {
  trustedCa = await createTestCa("transport test CA");
  otherCa = await createTestCa("someone else's CA");
  server = await startServer(
    (req, res) => {
      res.end(`hello ${req.url}`);
    },
    { tls: await issueLoopbackCert(trustedCa) },
  );
  rogue = await startServer(
    (_req, res) => {
      res.end("should never be read");
    },
    { tls: await issueLoopbackCert(otherCa) },
  );
});
afterAll(async () => {
  await Promise.all([server.close(), rogue.close()]);
});
beforeEach(async () => {
  for (const k of PROXY_VARS) {
    savedEnv[k] = process.env[k];
    delete process.env[k];
  }
  proxy = await startConnectProxy();
});
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await proxy.close();
  for (const k of PROXY_VARS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe("TLS", () => {
  it("trusts a server whose CA is in extraCaPem", async () => {
    const res = await transport({ extraCaPem: trustedCa.certPem, proxy: {} }).request(get(`${server.url}/a`));
    expect(res.body.toString()).toBe("hello /a");
  });

  it("refuses a server certificate from an untrusted CA, once, without retrying", async () => {
    const t = transport({ extraCaPem: trustedCa.certPem, proxy: {}, retry: { maxAttempts: 4 } });
    const err = await rejectionOf(t.request(get(rogue.url)));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(err.message).toContain(`TLS verification of 127.0.0.1:${rogue.port} failed`);
    expect(rogue.requests).toHaveLength(0);
  });

  it("refuses the test server without the extra CA (system roots only)", async () => {
    const err = await rejectionOf(transport({ proxy: {} }).request(get(server.url)));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toContain("TLS verification");
  });
});

describe("proxy", () => {
  it("sends requests through an explicit https proxy (CONNECT tunnel, CA checked end to end)", async () => {
    const t = transport({ extraCaPem: trustedCa.certPem, proxy: { httpsProxy: proxy.url } });
    const res = await t.request(get(`${server.url}/via-proxy`));
    expect(res.body.toString()).toBe("hello /via-proxy");
    expect(proxy.connects).toEqual([`127.0.0.1:${server.port}`]);
  });

  it("still refuses an untrusted certificate through the proxy tunnel", async () => {
    const t = transport({ extraCaPem: trustedCa.certPem, proxy: { httpsProxy: proxy.url } });
    const err = await rejectionOf(t.request(get(rogue.url)));
    expect(err).toBeInstanceOf(TransportError);
    expect(proxy.connects).toEqual([`127.0.0.1:${rogue.port}`]);
    expect(rogue.requests).toHaveLength(0);
  });

  it.each(["HTTPS_PROXY", "https_proxy"])("honours %s from the environment", async (name) => {
    process.env[name] = proxy.url;
    const res = await transport({ extraCaPem: trustedCa.certPem }).request(get(`${server.url}/env`));
    expect(res.body.toString()).toBe("hello /env");
    expect(proxy.connects).toEqual([`127.0.0.1:${server.port}`]);
  });

  it.each(["NO_PROXY", "no_proxy"])("%s bypasses the proxy", async (name) => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env[name] = "127.0.0.1";
    const res = await transport({ extraCaPem: trustedCa.certPem }).request(get(`${server.url}/direct`));
    expect(res.body.toString()).toBe("hello /direct");
    expect(proxy.connects).toEqual([]);
    expect(server.requests.some((r) => r.url === "/direct")).toBe(true);
  });

  it("explicit noProxy bypasses an explicit proxy", async () => {
    const t = transport({
      extraCaPem: trustedCa.certPem,
      proxy: { httpsProxy: proxy.url, noProxy: "localhost,127.0.0.1" },
    });
    await t.request(get(`${server.url}/explicit-direct`));
    expect(proxy.connects).toEqual([]);
  });

  it("explicit proxy settings replace the environment (empty = direct)", async () => {
    process.env.HTTPS_PROXY = proxy.url;
    await transport({ extraCaPem: trustedCa.certPem, proxy: {} }).request(get(`${server.url}/x`));
    expect(proxy.connects).toEqual([]);
  });

  it("plain http targets go through HTTP_PROXY as well", async () => {
    const plain = await startServer((_req, res) => {
      res.end("plain");
    });
    try {
      const res = await transport({ proxy: { httpProxy: proxy.url } }).request(get(`${plain.url}/p`));
      expect(res.body.toString()).toBe("plain");
      expect(proxy.connects).toEqual([`127.0.0.1:${plain.port}`]);
    } finally {
      await plain.close();
    }
  });
});
