import { AbortedError, TimeoutError } from "../../../provider/http";
import { startServer, type LoopbackServer } from "../../support/loopback";
import { rejectionOf } from "../../support/failures";
import { get, recordingTransport } from "./harness";

let server: LoopbackServer;
beforeEach(async () => {
  // Hangs: reads the request, never answers (the socket is closed by server.close()).
  server = await startServer(() => undefined);
});
afterEach(async () => {
  await server.close();
});

describe("timeouts", () => {
  it("the per-attempt timeout fires on a hanging server, and reads are retried", async () => {
    const { transport, delays } = recordingTransport({ requestTimeoutMs: 100, retry: { maxAttempts: 2 } });
    const err = await rejectionOf(transport.request(get(server.url)));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.code).toBe("TIMEOUT");
    expect(err.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(delays).toHaveLength(1);
    await transport.close();
  });

  it("a mutating request is not retried after a timeout", async () => {
    const { transport } = recordingTransport({ requestTimeoutMs: 100 });
    const err = await rejectionOf(transport.request(get(server.url, { method: "POST", mutating: true })));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.notSent).toBe(false);
    expect(err.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it("the overall timeoutMs ends the request across attempts", async () => {
    const { transport } = recordingTransport({ requestTimeoutMs: 60_000 });
    const err = await rejectionOf(transport.request(get(server.url, { timeoutMs: 150 })));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toContain("overall timeout of 150 ms");
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it("a body that stalls after the headers also times out", async () => {
    const stalling = await startServer((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
    });
    const { transport } = recordingTransport({ requestTimeoutMs: 100, retry: { maxAttempts: 1 } });
    const err = await rejectionOf(transport.request(get(stalling.url)));
    expect(err).toBeInstanceOf(TimeoutError);
    await transport.close();
    await stalling.close();
  });
});

describe("abort", () => {
  it("an abort signal cancels an in-flight request, final and not retried", async () => {
    const { transport } = recordingTransport({ requestTimeoutMs: 60_000 });
    const ctl = new AbortController();
    const pending = transport.request(get(server.url, { signal: ctl.signal }));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    ctl.abort(new Error("user pressed ctrl-c"));
    const err = await rejectionOf(pending);
    expect(err).toBeInstanceOf(AbortedError);
    expect(err.code).toBe("ABORTED");
    expect(err.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it("an already-aborted signal sends nothing", async () => {
    const { transport, limiterKeys } = recordingTransport();
    const ctl = new AbortController();
    ctl.abort();
    const err = await rejectionOf(transport.request(get(server.url, { signal: ctl.signal })));
    expect(err).toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(0);
    expect(limiterKeys).toEqual([]);
  });

  it("aborting during the backoff sleep stops the retries", async () => {
    const failing = await startServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const ctl = new AbortController();
    const { transport } = recordingTransport({
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
          ctl.abort();
        }),
    });
    const err = await rejectionOf(transport.request(get(failing.url, { signal: ctl.signal })));
    expect(err).toBeInstanceOf(AbortedError);
    expect(failing.requests).toHaveLength(1);
    await transport.close();
    await failing.close();
  });
});
