/**
 * `NODE_TLS_REJECT_UNAUTHORIZED=0` turns off certificate checks for every TLS connection that does not
 * say otherwise. The transport says otherwise: direct, through a CONNECT tunnel, and to an https proxy.
 * The call runs in a child process whose real environment has the variable: Jest hands each test file
 * a copy of `process.env`, and setting it there would not reach Node's `tls` module.
 */
import { execFile } from "child_process";
import { join } from "path";
import type { TransportOptions } from "../../../provider/http";
import { startConnectProxy, startServer, type ConnectProxy, type LoopbackServer } from "../../support/loopback";
import { startTlsConnectProxy, type RefusingProxy } from "./misbehaving-servers";
import { createTestCa, issueLoopbackCert, type TestCa } from "./test-pki";

jest.setTimeout(60_000);

let trustedCa: TestCa;
let rogue: LoopbackServer; // certificate from an untrusted CA
let good: LoopbackServer; // certificate from trustedCa
let proxy: ConnectProxy;
let trustedTlsProxy: RefusingProxy;
let rogueTlsProxy: RefusingProxy;

interface Outcome {
  ok: boolean;
  body?: string;
  name?: string;
  code?: string;
  message?: string;
}

/** One GET through a fresh transport in a child process with `NODE_TLS_REJECT_UNAUTHORIZED=0`. */
function callInChild(url: string, options: TransportOptions): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: "0" };
  for (const k of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"]) delete env[k];
  env.TLS_ENV_CHILD_CALL = JSON.stringify({ url, options: { retry: { maxAttempts: 1 }, ...options } });
  const child = join(__dirname, "tls-env-child.ts");
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", child], { env }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`child failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop() || "{}"));
    });
  });
}

beforeAll(async () => {
  trustedCa = await createTestCa("transport test CA");
  const otherCa = await createTestCa("nobody trusts this CA");
  rogue = await startServer((_req, res) => void res.end("should never be read"), {
    tls: await issueLoopbackCert(otherCa),
  });
  good = await startServer((_req, res) => void res.end("ok"), { tls: await issueLoopbackCert(trustedCa) });
  proxy = await startConnectProxy();
  trustedTlsProxy = await startTlsConnectProxy(await issueLoopbackCert(trustedCa));
  rogueTlsProxy = await startTlsConnectProxy(await issueLoopbackCert(otherCa));
});
afterAll(async () => {
  await Promise.all([rogue.close(), good.close(), proxy.close(), trustedTlsProxy.close(), rogueTlsProxy.close()]);
});

describe("with NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment, certificates are still verified", () => {
  it("direct, system roots only", async () => {
    const out = await callInChild(rogue.url, { proxy: {} });
    expect(out).toMatchObject({ ok: false, code: "TRANSPORT_ERROR" });
    expect(out.message).toContain("TLS verification");
    expect(rogue.requests).toHaveLength(0);
  });

  it("direct, with an extra CA bundle that does not cover the server", async () => {
    const out = await callInChild(rogue.url, { proxy: {}, extraCaPem: trustedCa.certPem });
    expect(out.ok).toBe(false);
    expect(out.message).toContain("TLS verification");
    expect(rogue.requests).toHaveLength(0);
  });

  it("to the target through a CONNECT tunnel", async () => {
    const out = await callInChild(rogue.url, { proxy: { httpsProxy: proxy.url } });
    expect(out.ok).toBe(false);
    expect(out.message).toContain("TLS verification");
    expect(proxy.connects).toContain(`127.0.0.1:${rogue.port}`);
    expect(rogue.requests).toHaveLength(0);
  });

  it("to an https proxy whose own certificate is untrusted", async () => {
    const out = await callInChild(good.url, {
      proxy: { httpsProxy: rogueTlsProxy.url },
      extraCaPem: trustedCa.certPem,
    });
    expect(out).toMatchObject({ ok: false, code: "TRANSPORT_ERROR" });
    expect(rogueTlsProxy.connects).toEqual([]);
    expect(good.requests).toHaveLength(0);
  });

  it("while a trusted https proxy and a trusted server still work (control)", async () => {
    const out = await callInChild(good.url, {
      proxy: { httpsProxy: trustedTlsProxy.url },
      extraCaPem: trustedCa.certPem,
    });
    expect(out).toEqual({ ok: true, status: 200, body: "ok" });
    expect(trustedTlsProxy.connects).toEqual([`127.0.0.1:${good.port}`]);
  });
});
