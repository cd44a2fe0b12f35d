/**
 * The emulator's HTTPS (CONNECT) proxy: a client that sets `HTTPS_PROXY=<emu.proxyUrl>` and trusts the
 * emulator CA reaches the emulator under the REAL vendor host names, with no DNS or endpoint change.
 * The proxy terminates TLS itself with a certificate from the emulator CA (the configured regions are in
 * the server certificate; any other region the routing knows gets one on demand) and serves the request
 * as the emulator does. Anything else is refused with 403 and never forwarded: while these tests run,
 * every `net` connection and `dns.lookup` in this process is watched, and a connection to a
 * non-loopback address is blocked and counted, so a leak fails the test without leaving the machine.
 */
import dns = require("node:dns");
import net = require("node:net");
import { ChildProcess, execFile } from "node:child_process";
import { request as httpRequest } from "node:http";
import { AddressInfo, Server, Socket, createServer } from "node:net";
import { connect as tlsConnect, TLSSocket } from "node:tls";
import { EmulatorHandle, startEmulator } from "../../../emulator";
import { exited, firstLine, killRemaining, spawnNpmEmulator } from "./cli-process";
import { tkeHeaders } from "./client";

jest.setTimeout(60_000);

let emu: EmulatorHandle;
/** A loopback listener that must never be reached through the proxy. */
let canary: Server;
let canaryPort = 0;
let canaryHits = 0;
beforeAll(async () => {
  emu = await startEmulator();
  canary = createServer((s) => {
    canaryHits++;
    s.destroy();
  });
  await new Promise<void>((resolve) => canary.listen(0, "127.0.0.1", () => resolve()));
  canaryPort = (canary.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => canary.close(() => resolve()));
  await emu.stop();
});

/** Outbound activity seen in this process while `fn` runs (connections to the proxy itself excluded). */
async function watchOutbound<T>(fn: () => Promise<T>): Promise<{ value: T; connects: string[]; lookups: string[] }> {
  const connects: string[] = [];
  const lookups: string[] = [];
  const proto = net.Socket.prototype as unknown as { connect: (...a: unknown[]) => unknown };
  const realConnect = proto.connect;
  const realLookup = dns.lookup;
  proto.connect = function (this: Socket, ...args: unknown[]) {
    const o = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; port?: number } | undefined;
    const host = (o && typeof o === "object" && o.host) || "localhost";
    const port = o && typeof o === "object" ? Number(o.port) : NaN;
    if (!(host === "127.0.0.1" && port === emu.proxyPort)) connects.push(`${host}:${port}`);
    // Block anything that would leave the machine; loopback (the canary) goes through and is counted.
    if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
      process.nextTick(() => this.destroy(new Error(`blocked outbound connection to ${host}:${port}`)));
      return this;
    }
    return realConnect.apply(this, args);
  };
  (dns as { lookup: unknown }).lookup = (hostname: string, options: unknown, callback?: unknown) => {
    lookups.push(hostname);
    const cb = (typeof options === "function" ? options : callback) as (e: Error) => void;
    process.nextTick(() => cb(Object.assign(new Error(`blocked lookup of ${hostname}`), { code: "ENOTFOUND" })));
  };
  try {
    const value = await fn();
    // Let anything the proxy might start after answering show itself.
    await new Promise((r) => setTimeout(r, 200));
    return { value, connects, lookups };
  } finally {
    proto.connect = realConnect;
    (dns as { lookup: unknown }).lookup = realLookup;
  }
}

interface ProxyAnswer {
  status: number;
  head: string;
  body: string;
  socket: Socket;
}

/** Sends `requestText` to the proxy port as a raw client would; resolves with the status line's code. */
function rawToProxy(port: number, requestText: string): Promise<ProxyAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (ended: boolean) => {
      const text = buf.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        if (ended) reject(new Error(`proxy closed without an answer: ${JSON.stringify(text)}`));
        return;
      }
      const head = text.slice(0, end);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
      // A 200 opens the tunnel (hand the socket over now); a refusal is read to its end.
      if (status !== 200 && !ended) return;
      done = true;
      socket.removeAllListeners("data");
      socket.pause();
      resolve({ status, head, body: text.slice(end + 4), socket });
    };
    socket.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!done) finish(false);
    });
    socket.on("end", () => !done && finish(true));
    socket.on("close", () => !done && finish(true));
    socket.on("error", (e) => !done && reject(e));
    socket.write(requestText);
  });
}

const connectTo = (authority: string, port = emu.proxyPort) =>
  rawToProxy(port, `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`);

/** TLS over an open tunnel, verified against the emulator CA for `servername`. */
function tlsOver(socket: Socket, servername: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const t = tlsConnect({ socket, servername, ca: emu.caPem });
    t.once("secureConnect", () => resolve(t));
    t.once("error", reject);
  });
}

/** One HTTP/1.1 request over an established TLS socket (no agent); resolves with status and JSON body. */
function httpOver(
  t: TLSSocket,
  host: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host,
        method: opts.method || "GET",
        path: opts.path || "/",
        headers: opts.headers,
        // No agent: the request goes on this socket (http, since the socket is already TLS).
        createConnection: () => t,
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode || 0, json });
        });
      },
    );
    req.once("error", reject);
    req.end(opts.body);
  });
}

/** CONNECT, TLS for `host` (verified), and one request; the tunnel is closed afterwards. */
async function viaProxy(host: string, opts: Parameters<typeof httpOver>[2] = {}) {
  const a = await connectTo(`${host}:443`);
  expect(a.status).toBe(200);
  const t = await tlsOver(a.socket, host);
  try {
    return { ...(await httpOver(t, host, opts)), peer: t.getPeerCertificate() };
  } finally {
    t.destroy();
  }
}

describe("emulator CONNECT proxy: vendor hosts", () => {
  it("the handle names the proxy: http://127.0.0.1:<proxyPort>, a port of its own", () => {
    expect(emu.proxyUrl).toBe(`http://127.0.0.1:${emu.proxyPort}`);
    expect(emu.proxyPort).toBeGreaterThan(0);
    expect(emu.proxyPort).not.toBe(emu.port);
  });

  it("a signed TKE call to https://tke.tencentcloudapi.com through the tunnel gets the seeded kubeconfig", async () => {
    const body = JSON.stringify({ ClusterId: emu.seed.tke.extranetCluster.id, IsExtranet: true });
    const url = new URL("https://tke.tencentcloudapi.com/");
    const headers = tkeHeaders(emu, url, "DescribeClusterKubeconfig", Buffer.from(body));
    const before = emu.state.calls.length;
    const {
      value: r,
      connects,
      lookups,
    } = await watchOutbound(() => viaProxy("tke.tencentcloudapi.com", { method: "POST", headers, body }));
    expect(r.status).toBe(200);
    expect(r.json.Response.Error).toBeUndefined();
    expect(r.json.Response.Kubeconfig).toContain("apiVersion: v1");
    expect(emu.state.calls.slice(before)).toEqual([
      expect.objectContaining({ service: "tke", operation: "DescribeClusterKubeconfig", status: 200, path: "/" }),
    ]);
    expect(connects).toEqual([]);
    expect(lookups).toEqual([]);
  });

  it("every vendor host in the server certificate is tunnelled, verified for its name, and routed by it", async () => {
    const hosts = [
      ["ucs.myhuaweicloud.com", "ucs"],
      ["ucs-intl.myhuaweicloud.com", "ucs"],
      ["iam.myhuaweicloud.com", "iam"],
      ["cce.cn-north-4.myhuaweicloud.com", "cce"],
      ["iam.cn-north-4.myhuaweicloud.com", "iam"],
      ["vpcep.cn-north-4.myhuaweicloud.com", "vpcep"],
      ["tke.tencentcloudapi.com", "tke"],
      ["tke.intl.tencentcloudapi.com", "tke"],
      ["tke.ap-guangzhou.tencentcloudapi.com", "tke"],
    ];
    for (const [host, service] of hosts) {
      const before = emu.state.calls.length;
      // Unsigned: the emulator's own authentication answers, under the service the Host header names.
      const r = await viaProxy(host, { path: "/v1/anything" });
      expect([host, r.status]).toEqual([host, service === "tke" ? 200 : 401]);
      expect(emu.state.calls.slice(before).map((c) => c.service)).toEqual([service]);
    }
  });

  it("a region outside the server certificate gets a certificate for its host name on demand", async () => {
    for (const [host, service] of [
      ["cce.ap-southeast-3.myhuaweicloud.com", "cce"],
      ["vpcep.eu-west-101.myhuaweicloud.eu", "vpcep"],
      ["tke.ap-singapore.tencentcloudapi.com", "tke"],
    ]) {
      const before = emu.state.calls.length;
      const r = await viaProxy(host);
      expect(r.peer.subjectaltname).toBe(`DNS:${host}`);
      expect(emu.state.calls.slice(before).map((c) => c.service)).toEqual([service]);
    }
  });

  it("the tunnel carries several requests on one TLS connection (keep-alive)", async () => {
    const a = await connectTo("ucs.myhuaweicloud.com:443");
    const t = await tlsOver(a.socket, "ucs.myhuaweicloud.com");
    try {
      const before = emu.state.calls.length;
      expect((await httpOver(t, "ucs.myhuaweicloud.com", { headers: { connection: "keep-alive" } })).status).toBe(401);
      expect((await httpOver(t, "ucs.myhuaweicloud.com")).status).toBe(401);
      expect(emu.state.calls.length - before).toBe(2);
    } finally {
      t.destroy();
    }
  });

  it("CONNECTs are recorded in state.proxyRequests with their answer", async () => {
    const n = emu.state.proxyRequests.length;
    (await connectTo("iam.myhuaweicloud.com:443")).socket.destroy();
    await connectTo("example.com:443");
    expect(emu.state.proxyRequests.slice(n)).toEqual([
      expect.objectContaining({ method: "CONNECT", target: "iam.myhuaweicloud.com:443", status: 200 }),
      expect.objectContaining({ method: "CONNECT", target: "example.com:443", status: 403 }),
    ]);
    expect(emu.state.proxyRequests[n].at).toBeInstanceOf(Date);
  });
});

describe("emulator CONNECT proxy: everything else is refused (403) and nothing leaves", () => {
  it("CONNECT example.com:443 answers 403 and opens no connection and no lookup", async () => {
    const { value: a, connects, lookups } = await watchOutbound(() => connectTo("example.com:443"));
    expect(a.status).toBe(403);
    expect(a.body).toMatch(/not a vendor host/);
    expect(connects).toEqual([]);
    expect(lookups).toEqual([]);
  });

  it("look-alikes, other vendor services, other ports, addresses and loopback are all refused", async () => {
    const refused = [
      "cvm.tencentcloudapi.com:443",
      "tke.tencentcloudapi.com.example.com:443",
      "eviltke.tencentcloudapi.com:443",
      "ucs.myhuaweicloud.com.evil:443",
      "ecs.cn-north-4.myhuaweicloud.com:443",
      "ucs.myhuaweicloud.com:8443",
      "tke.tencentcloudapi.com:80",
      "ucs.myhuaweicloud.com",
      "ucs.myhuaweicloud.com:443@example.com:443",
      `127.0.0.1:${canaryPort}`,
      `localhost:${canaryPort}`,
      `[::1]:${canaryPort}`,
      `127.0.0.1:${emu.port}`,
      `127.0.0.1:${emu.proxyPort}`,
    ];
    const { value, connects, lookups } = await watchOutbound(async () => {
      const statuses: string[] = [];
      for (const target of refused) statuses.push(`${target} ${(await connectTo(target)).status}`);
      return statuses;
    });
    expect(value).toEqual(refused.map((t) => `${t} 403`));
    expect(connects).toEqual([]);
    expect(lookups).toEqual([]);
    expect(canaryHits).toBe(0);
  });

  it("plain proxy requests (absolute http:// URLs, origin-form) are refused, never forwarded", async () => {
    const { value, connects, lookups } = await watchOutbound(async () => [
      (await rawToProxy(emu.proxyPort, "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n")).status,
      (
        await rawToProxy(
          emu.proxyPort,
          "POST http://tke.tencentcloudapi.com/ HTTP/1.1\r\nHost: tke.tencentcloudapi.com\r\nContent-Length: 0\r\n\r\n",
        )
      ).status,
      (await rawToProxy(emu.proxyPort, `GET http://127.0.0.1:${canaryPort}/ HTTP/1.1\r\nHost: x\r\n\r\n`)).status,
      (await rawToProxy(emu.proxyPort, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).status,
    ]);
    expect(value).toEqual([403, 403, 403, 403]);
    expect(connects).toEqual([]);
    expect(lookups).toEqual([]);
    expect(canaryHits).toBe(0);
  });
});

describe("emulator CONNECT proxy: clients configured only by the environment", () => {
  /** curl honours HTTPS_PROXY and CURL_CA_BUNDLE; its environment is built here, not inherited. */
  const curl = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        "curl",
        ["-sS", "--max-time", "20", ...args],
        { env: { PATH: process.env.PATH || "", HTTPS_PROXY: emu.proxyUrl, CURL_CA_BUNDLE: emu.caPath } },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });

  it("curl with HTTPS_PROXY reaches https://tke.tencentcloudapi.com and is refused for https://example.com", async () => {
    const before = emu.state.calls.length;
    const ok = await curl([
      "-X",
      "POST",
      "-H",
      "X-TC-Action: DescribeClusters",
      "-d",
      "{}",
      "https://tke.tencentcloudapi.com/",
    ]);
    expect(ok.code).toBe(0);
    // Unsigned, so the emulator's TC3 check answers; what matters is who answered.
    expect(JSON.parse(ok.stdout).Response.Error.Code).toMatch(/^AuthFailure\./);
    expect(emu.state.calls.slice(before).map((c) => c.service)).toEqual(["tke"]);
    const refused = await curl(["https://example.com/"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/403/);
  });
});

describe("emulator CONNECT proxy: lifecycle", () => {
  it("stop() closes the proxy port and any open tunnel", async () => {
    const own = await startEmulator();
    const a = await connectTo("ucs.myhuaweicloud.com:443", own.proxyPort);
    const t = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ socket: a.socket, servername: "ucs.myhuaweicloud.com", ca: own.caPem });
      s.once("secureConnect", () => resolve(s));
      s.once("error", reject);
    });
    const closed = new Promise<void>((resolve) => t.once("close", () => resolve()));
    await own.stop();
    await closed;
    await expect(
      new Promise((resolve, reject) => {
        const s = net.connect({ host: "127.0.0.1", port: own.proxyPort });
        s.once("connect", () => resolve(s.destroy()));
        s.once("error", reject);
      }),
    ).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("emulator CLI: the proxy", () => {
  const started: ChildProcess[] = [];
  afterAll(() => killRemaining(started));

  it("prints proxyUrl/proxyPort (--proxy-port) in its JSON line and serves CONNECT there", async () => {
    const p = spawnNpmEmulator(["--port", "0", "--proxy-port", "0"]);
    started.push(p);
    const { line } = await firstLine(p);
    const info = JSON.parse(line) as { proxyUrl: string; proxyPort: number; port: number };
    expect(info.proxyUrl).toBe(`http://127.0.0.1:${info.proxyPort}`);
    expect(info.proxyPort).not.toBe(info.port);
    const a = await connectTo("tke.tencentcloudapi.com:443", info.proxyPort);
    expect(a.status).toBe(200);
    a.socket.destroy();
    expect((await connectTo("example.com:443", info.proxyPort)).status).toBe(403);
    const stopped = exited(p);
    // SIGTERM to the process group (npm and its ts-node child); npm may end by the signal itself.
    process.kill(-p.pid!, "SIGTERM");
    const done = await stopped;
    expect(done.code === 0 || done.signal === "SIGTERM").toBe(true);
    // The emulator's own stop closes the proxy port (bounded wait: npm may exit first).
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: "127.0.0.1", port: info.proxyPort });
        s.once("connect", () => {
          s.destroy();
          setTimeout(() => resolve(false), 100);
        });
        s.once("error", () => resolve(true));
      });
    }
    expect(refused).toBe(true);
  });
});
