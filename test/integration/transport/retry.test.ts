import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  RateLimiter,
  ServerError,
  ThrottledError,
  TransportError,
  VendorApiError,
  errorFromStatus,
} from "../../../provider/http";
import type { ServerResponse } from "http";
import { refusedPort, startServer, type LoopbackServer } from "../../support/loopback";
import { rejectionOf } from "../../support/failures";
import { get, recordingTransport } from "./harness";
import { FakeClock } from "../../unit/http/fake-clock";

let server: LoopbackServer | undefined;
afterEach(async () => {
  if (server) await server.close();
  server = undefined;
});

/** A handler that answers every request with `body` (HTTP 200). */
const answering = (body: string) => (_req: unknown, res: ServerResponse) => {
  res.end(body);
};

/** Serves `statuses` in order (then 200 "ok"), optionally with extra headers per response. */
async function serveSequence(statuses: number[], headers: Array<Record<string, string>> = []): Promise<LoopbackServer> {
  server = await startServer((_req, res, i) => {
    res.writeHead(i < statuses.length ? statuses[i] : 200, headers[i] || {});
    res.end(i < statuses.length ? `{"error_code":"X.${statuses[i]}"}` : "ok");
  });
  return server;
}

/** The TKE operation the Tencent cases call (a POST that answers errors inside HTTP 200). */
const TKE = { vendor: "tencentcloud" as const, operation: "DescribeClusterKubeconfig" };
const tkeCall = (url: string) => ({ ...TKE, method: "POST" as const, url });

describe("retries", () => {
  it.each([429, 500, 502, 503, 504])("retries HTTP %i and then succeeds", async (status) => {
    const s = await serveSequence([status, status]);
    const { transport, delays, limiterKeys } = recordingTransport();
    const res = await transport.request(get(`${s.url}/v1/x`));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("ok");
    expect(s.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
    // The limiter is consulted before every attempt, under vendor:operation.
    expect(limiterKeys).toEqual(["huaweicloud:ShowCluster", "huaweicloud:ShowCluster", "huaweicloud:ShowCluster"]);
  });

  it("backs off with full jitter: random() * min(maxDelay, base * 2^retry)", async () => {
    const s = await serveSequence([503, 503, 503]);
    const { transport, delays } = recordingTransport({
      random: () => 0.25,
      retry: { baseDelayMs: 100, maxDelayMs: 300, maxAttempts: 4 },
    });
    await transport.request(get(s.url));
    expect(delays).toEqual([25, 50, 75]);
  });

  it("gives up after maxAttempts with the last error and the attempt count", async () => {
    const s = await serveSequence([503, 503, 503, 503, 503]);
    const { transport } = recordingTransport({ retry: { maxAttempts: 3 } });
    const err = await rejectionOf(transport.request(get(s.url)));
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(503);
    expect(err.attempts).toBe(3);
    expect(err.message).toContain("after 3 attempts");
    expect(s.requests).toHaveLength(3);
  });

  it("throttled answers have a budget of their own: maxAttempts more attempts, the vendor having done nothing", async () => {
    const s = await serveSequence([429, 429, 429, 503, 429]);
    const { transport } = recordingTransport({ retry: { maxAttempts: 3 } });
    const res = await transport.request(get(s.url));
    expect(res.status).toBe(200);
    expect(s.requests).toHaveLength(6);
  });

  it("a call answered only by throttling gives up after twice maxAttempts", async () => {
    const s = await serveSequence(Array.from({ length: 10 }, () => 429));
    const { transport } = recordingTransport({ retry: { maxAttempts: 3 } });
    const err = await rejectionOf(transport.request(get(s.url)));
    expect(err).toBeInstanceOf(ThrottledError);
    expect(err.attempts).toBe(6);
    expect(s.requests).toHaveLength(6);
  });

  it.each([
    [400, InvalidRequestError],
    [401, AuthError],
    [403, AuthError],
    [404, NotFoundError],
    [409, InvalidRequestError],
    [422, InvalidRequestError],
    [501, ServerError],
  ])("fails at once on HTTP %i with one attempt", async (status, cls) => {
    const s = await serveSequence([status], [{ "x-request-id": "req-123" }]);
    const { transport, delays } = recordingTransport();
    const err = await rejectionOf(transport.request(get(s.url)));
    expect(err).toBeInstanceOf(cls);
    expect(err.status).toBe(status);
    expect(err.attempts).toBe(1);
    expect(err.requestId).toBe("req-123");
    expect(err.message).toContain("request id req-123");
    expect(s.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("reads a fresh signature before every attempt", async () => {
    const s = await serveSequence([500, 502]);
    let n = 0;
    const seen: Array<{ host: string; body: string }> = [];
    const { transport } = recordingTransport();
    await transport.request(
      get(s.url + "/p?q=1", {
        method: "POST",
        body: '{"a":1}',
        headers: { "Content-Type": "application/json" },
        sign: (req: { url: URL; headers: Record<string, string>; body: Uint8Array }) => {
          seen.push({ host: req.headers.host, body: Buffer.from(req.body).toString() });
          n++;
          return { "X-Sdk-Date": `stamp-${n}` };
        },
      }),
    );
    expect(s.requests.map((r) => r.headers["x-sdk-date"])).toEqual(["stamp-1", "stamp-2", "stamp-3"]);
    expect(seen).toEqual(Array(3).fill({ host: `127.0.0.1:${s.port}`, body: '{"a":1}' }));
    expect(s.requests[0].headers["content-type"]).toBe("application/json");
    expect(s.requests[0].body.toString()).toBe('{"a":1}');
  });

  it("retries a retryable error that interpret() finds in an HTTP 200 (Tencent throttling)", async () => {
    server = await startServer((_req, res, i) => {
      res.end(i < 2 ? '{"Response":{"Error":{"Code":"RequestLimitExceeded"}}}' : '{"Response":{"Kubeconfig":"x"}}');
    });
    const { transport } = recordingTransport();
    const res = await transport.request({
      ...tkeCall(server.url),
      mutating: true,
      interpret: (r) =>
        r.body.toString().includes("RequestLimitExceeded")
          ? new ThrottledError({ ...TKE, status: r.status, vendorCode: "RequestLimitExceeded", retryable: true })
          : undefined,
    });
    expect(JSON.parse(res.body.toString())).toEqual({ Response: { Kubeconfig: "x" } });
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry what interpret() marks non-retryable, and keeps its class and vendor code", async () => {
    server = await startServer(answering('{"Response":{"Error":{"Code":"InvalidParameter"}}}'));
    const { transport } = recordingTransport();
    const err = await rejectionOf(
      transport.request({
        ...tkeCall(server.url),
        interpret: (r) =>
          errorFromStatus({ ...TKE, status: 400, vendorCode: "InvalidParameter", requestId: r.headers["x-none"] }),
      }),
    );
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.vendorCode).toBe("InvalidParameter");
    expect(err.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it("maps an interpret() that throws to a non-retryable ServerError", async () => {
    server = await startServer(answering("<html>not json</html>"));
    const { transport } = recordingTransport();
    const err = await rejectionOf(
      transport.request({ ...get(server.url), interpret: (r) => JSON.parse(r.body.toString()) && undefined }),
    );
    expect(err).toBeInstanceOf(ServerError);
    expect(err.message).toContain("unparseable response (SyntaxError)");
    expect(err.message).not.toContain("html");
    expect(server.requests).toHaveLength(1);
  });
});

describe("Retry-After", () => {
  it("honours delta-seconds", async () => {
    const s = await serveSequence([429, 503], [{ "retry-after": "2" }, { "retry-after": "0" }]);
    const { transport, delays } = recordingTransport();
    await transport.request(get(s.url));
    expect(delays).toEqual([2000, 0]);
  });

  it("honours an HTTP date against the injected clock", async () => {
    const now = Date.UTC(2025, 0, 2, 3, 4, 5);
    const at = new Date(now + 3000).toUTCString();
    const s = await serveSequence([503], [{ "retry-after": at }]);
    const { transport, delays } = recordingTransport({ now: () => now });
    await transport.request(get(s.url));
    expect(delays).toEqual([3000]);
  });

  it("a throttled answer slows its whole key in the process's limiter: paused for Retry-After, rate halved", async () => {
    const s = await serveSequence([429], [{ "retry-after": "2" }]);
    const clock = new FakeClock();
    const limiter = new RateLimiter({ env: "huaweicloud:ShowCluster=10", now: clock.now, sleep: clock.sleep });
    const { transport } = recordingTransport({ rateLimiter: limiter, now: clock.now });
    const done = transport.request(get(s.url));
    // The answer is in when the transport asks the limiter again (it is then held until the Retry-After).
    for (let i = 0; i < 400 && limiter.currentRate("huaweicloud:ShowCluster") === 10; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(limiter.currentRate("huaweicloud:ShowCluster")).toBe(5);
    // Another caller of the same key waits out the Retry-After too, and then an interval at the halved rate.
    const admitted: number[] = [];
    const other = limiter.acquire("huaweicloud:ShowCluster").then(() => admitted.push(clock.t));
    await clock.advance(1990, 10);
    expect(admitted).toEqual([]);
    expect(s.requests).toHaveLength(1);
    await clock.advance(10, 10);
    expect((await done).status).toBe(200);
    await clock.advance(300, 10);
    await other;
    expect(admitted).toEqual([2200]);
    expect(s.requests).toHaveLength(2);
  });

  it("fails instead of sleeping when Retry-After exceeds maxDelayMs", async () => {
    const s = await serveSequence([429], [{ "retry-after": "3600" }]);
    const { transport, delays } = recordingTransport({ retry: { maxDelayMs: 10_000 } });
    const err = await rejectionOf(transport.request(get(s.url)));
    expect(err).toBeInstanceOf(ThrottledError);
    expect(err.attempts).toBe(1);
    expect(delays).toEqual([]);
  });

  it("stops early when the next delay would pass the overall deadline", async () => {
    const s = await serveSequence([503], [{ "retry-after": "5" }]);
    const { transport, delays } = recordingTransport();
    const err = await rejectionOf(transport.request(get(s.url, { timeoutMs: 2000 })));
    expect(err).toBeInstanceOf(ServerError);
    expect(delays).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });
});

describe("mutating requests", () => {
  const post = (url: string) => ({
    vendor: "huaweicloud" as const,
    operation: "CreateClusterKubeconfig",
    method: "POST" as const,
    url,
    body: "{}",
    mutating: true,
  });

  it.each([500, 502, 503, 504])("are not retried after HTTP %i", async (status) => {
    const s = await serveSequence([status]);
    const { transport } = recordingTransport();
    const err = await rejectionOf(transport.request(post(s.url)));
    expect(err).toBeInstanceOf(ServerError);
    expect(err.retryable).toBe(true); // retryable in general, but not for a call that may have acted
    expect(err.attempts).toBe(1);
    expect(s.requests).toHaveLength(1);
  });

  it("are retried after HTTP 429", async () => {
    const s = await serveSequence([429]);
    const { transport } = recordingTransport();
    const res = await transport.request(post(s.url));
    expect(res.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it("are retried after ECONNREFUSED (nothing was sent) and then succeed", async () => {
    const port = await refusedPort();
    const { transport } = recordingTransport({
      // The server comes up while the transport backs off after the refused first attempt.
      sleep: async () => {
        if (!server)
          server = await startServer(
            (_req, res) => {
              res.end("created");
            },
            { port },
          );
      },
      debug: false,
    });
    const res = await transport.request(post(`http://127.0.0.1:${port}/v1/cert`));
    expect(res.body.toString()).toBe("created");
    expect(server!.requests).toHaveLength(1);
  });

  it("report notSent on ECONNREFUSED after exhausting attempts", async () => {
    const port = await refusedPort();
    const { transport, delays } = recordingTransport({ retry: { maxAttempts: 3 } });
    const err = await rejectionOf(transport.request(post(`http://127.0.0.1:${port}/`)));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.notSent).toBe(true);
    expect(err.attempts).toBe(3);
    expect(delays).toHaveLength(2);
    expect((err.cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("are not retried after a connection reset once the request was sent; reads are", async () => {
    server = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    const { transport } = recordingTransport();
    const err = await rejectionOf(transport.request(post(server.url)));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.notSent).toBe(false);
    expect(err.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);

    const err2 = await rejectionOf(transport.request(get(server.url)));
    expect(err2).toBeInstanceOf(VendorApiError);
    expect(err2.attempts).toBe(4);
    expect(server.requests).toHaveLength(5);
  });
});
