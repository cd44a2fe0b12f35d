import { ServerError, TRANSPORT_DEFAULTS, type RequestSpec } from "../../../provider/http";
import { startStreamingServer, type StreamingServer } from "./misbehaving-servers";
import { rejectionOf } from "../../support/failures";
import { recordingTransport } from "./harness";

const MiB = 1024 * 1024;
const servers: StreamingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(opts: Parameters<typeof startStreamingServer>[0]): Promise<StreamingServer> {
  const s = await startStreamingServer(opts);
  servers.push(s);
  return s;
}

const get = (url: string): RequestSpec => ({
  vendor: "tencentcloud",
  operation: "DescribeClusterKubeconfig",
  method: "POST",
  url,
});

describe("response body cap", () => {
  it("defaults to 8 MiB", () => {
    expect(TRANSPORT_DEFAULTS.maxResponseBytes).toBe(8 * MiB);
  });

  it("stops reading a streamed body once it passes the cap and closes the connection", async () => {
    const total = 64 * MiB;
    const s = await serve({ totalBytes: total });
    const { transport } = recordingTransport({ maxResponseBytes: MiB, retry: { maxAttempts: 3 } });
    try {
      const err = await rejectionOf(transport.request(get(s.url)));
      expect(err).toBeInstanceOf(ServerError);
      expect(err.code).toBe("RESPONSE_TOO_LARGE");
      expect(err.retryable).toBe(false);
      expect(err.attempts).toBe(1);
      expect(err.status).toBe(200);
      expect(err.message).toContain("tencentcloud DescribeClusterKubeconfig failed");
      expect(err.message).toContain("1 MiB");
      expect(s.results).toHaveLength(1);
      const seen = await s.results[0];
      // The server saw the connection close long before it could write the whole body.
      expect(seen.closedEarly).toBe(true);
      expect(seen.written).toBeLessThan(total);
    } finally {
      await transport.close();
    }
  });

  it("refuses an announced Content-Length over the cap without reading the body", async () => {
    const total = 64 * MiB;
    const s = await serve({ totalBytes: total, contentLength: true, status: 500 });
    const { transport } = recordingTransport({ maxResponseBytes: MiB });
    try {
      const err = await rejectionOf(transport.request(get(s.url)));
      expect(err.code).toBe("RESPONSE_TOO_LARGE");
      expect(err.status).toBe(500);
      expect(err.attempts).toBe(1);
      expect(err.message).toContain("1 MiB");
      const seen = await s.results[0];
      expect(seen.closedEarly).toBe(true);
      expect(seen.written).toBeLessThan(total);
    } finally {
      await transport.close();
    }
  });

  it.each([
    ["streamed", false],
    ["with Content-Length", true],
  ])("accepts a body of exactly the cap (%s)", async (_how, contentLength) => {
    const s = await serve({ totalBytes: MiB, contentLength });
    const { transport } = recordingTransport({ maxResponseBytes: MiB });
    try {
      const res = await transport.request(get(s.url));
      expect(res.body.length).toBe(MiB);
      expect((await s.results[0]).closedEarly).toBe(false);
    } finally {
      await transport.close();
    }
  });
});
