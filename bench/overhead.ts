/**
 * Metric 4, per-request overhead: one signed TKE call through our transport (TencentClient → HttpTransport:
 * signing per attempt, rate limiter, timeouts, response interpretation) against a bare undici request that
 * sends the same pre-signed bytes to the same emulator route over its own keep-alive pool. Alternated. The
 * emulator runs in its own process, so the measuring process does only the client's work.
 */
import { Agent, request } from "undici";
import { HttpTransport } from "../provider/http/transport";
import { RateLimiter } from "../provider/http/rate-limiter";
import { TencentClient } from "../provider/tencentcloud/client";
import { startEmulatorProcess } from "./emulator-process";
import { alternate, fromSamples, ratios, type Metric } from "./metric";

const ACTION = "DescribeClusterEndpointStatus";

export async function measureOverhead(runs: number): Promise<Metric[]> {
  const emulator = await startEmulatorProcess();
  const emu = emulator.info;
  const tc = emu.credentials.tencent;
  // Limits lifted so the comparison is the code path, not the configured vendor quota.
  const transport = new HttpTransport({
    extraCaPem: emu.caPem,
    rateLimiter: new RateLimiter({ env: "tencentcloud:*=1000000:1000000" }),
    debug: false,
  });
  const client = new TencentClient({
    credentials: { secretId: tc.secretId, secretKey: tc.secretKey },
    endpoint: emu.endpoints.tke,
    region: tc.region,
    transport,
  });
  const params = { ClusterId: emu.seed.tke.extranetCluster.id, IsExtranet: true };
  const spec = client.buildRequest(ACTION, params);
  const url = new URL(String(spec.url));
  const body = Buffer.from(String(spec.body));
  const headers: Record<string, string> = { ...(spec.headers || {}) };
  Object.assign(headers, spec.sign!({ method: "POST", url, headers: { ...headers }, body }) || {});
  const agent = new Agent({ connect: { ca: emu.caPem } });

  const ours = async (): Promise<number> => {
    const t = process.hrtime.bigint();
    const res = await client.call(ACTION, params);
    if (!res.Status) throw new Error(`${ACTION} answered without Status`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const bare = async (): Promise<number> => {
    const t = process.hrtime.bigint();
    const res = await request(url, { method: "POST", headers, body, dispatcher: agent });
    const text = await res.body.text();
    if (res.statusCode !== 200 || !text.includes('"Status"')) throw new Error(`bare ${ACTION} failed`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  try {
    // Warm both pools (TLS handshakes) before measuring.
    await ours();
    await bare();
    const s = await alternate(runs, ours, bare);
    const route = `TKE ${ACTION} on the emulator (own process)`;
    return [
      fromSamples("overhead.transport-ms", "ms", `signed call through our transport, ${route}`, s.a),
      fromSamples("overhead.bare-undici-ms", "ms", `bare undici request, same pre-signed bytes, ${route}`, s.b),
      fromSamples("overhead.ratio", "ratio", "ours ÷ bare undici (pairwise)", ratios(s.a, s.b)),
    ];
  } finally {
    await transport.close();
    await agent.close();
    await emulator.stop();
  }
}
