/**
 * Metric 3, fleet throughput under the vendor's limit: N creates issued concurrently (as the engine does with
 * its default parallelism) through Pulumi's dynamic-provider server in one provider process, against the
 * emulator enforcing the vendor's per-second limit. Reports achieved rate ÷ limit (ceiling 1.0) and how many
 * throttling errors reached the caller (goal 0); throttled answers the transport absorbed are shown beside.
 */
import type { EmulatorHandle } from "../emulator";
import { startProviderServer, urnOf, type Props } from "../test/support/dynamic-provider-server";
import { addClusters, huaweiBenchId, stackConfig, tkeBenchId } from "./emulator-setup";
import { fromSamples, median, round, type Metric } from "./metric";

export interface FleetCase {
  /** Metric name suffix. */
  label: string;
  kind: string;
  /** Emulator operation whose limit is the ceiling. */
  operation: string;
  limitPerSecond: number;
  inputs: (clusterId: string) => Props;
  clusters: (emu: EmulatorHandle, n: number) => string[];
}

export const FLEET_CASES: FleetCase[] = [
  {
    label: "tke",
    kind: "TkeClusterKubeconfig",
    operation: "DescribeClusterKubeconfig",
    limitPerSecond: 20,
    inputs: (clusterId) => ({ clusterId, endpoint: "extranet" }),
    clusters: (emu, n) => addClusters(emu, emu.seed.tke.extranetCluster.id, tkeBenchId, n),
  },
  {
    label: "ucs",
    kind: "UcsClusterKubeconfig",
    operation: "CreateClusterKubeconfig",
    // Huawei publishes no per-API figure; 10/s matches the transport's `huaweicloud:*` default.
    limitPerSecond: 10,
    inputs: (clusterId) => ({ clusterId }),
    clusters: (emu, n) => addClusters(emu, emu.seed.ucs.clusters[0].id, huaweiBenchId, n),
  },
];

/** Vendor throttling codes as the emulator answers them (emulator/index.ts rate-limit branch). */
const THROTTLE = /RequestLimitExceeded|UCS\.01000002|APIGW\.0308|throttl|rate/i;

export async function measureFleet(
  emu: EmulatorHandle,
  programDir: string,
  c: FleetCase,
  n: number,
  runs: number,
): Promise<Metric[]> {
  emu.setRateLimit(c.operation, c.limitPerSecond);
  const ids = c.clusters(emu, n);
  const rates: number[] = [];
  const reached: number[] = [];
  const absorbed: number[] = [];
  const failedOther: number[] = [];
  for (let r = 0; r < runs; r++) {
    // A fresh provider process per run: the transport's token buckets start full, as in a new `pulumi up`.
    const server = await startProviderServer(programDir);
    try {
      await server.configure(stackConfig(emu));
      const provider = await shimOf(programDir, c.kind);
      const checked = await Promise.all(ids.map((id) => server.check({}, { ...c.inputs(id), __provider: provider })));
      const callsBefore = emu.state.calls.length;
      const started = process.hrtime.bigint();
      const results = await Promise.allSettled(
        checked.map((ch, i) => server.create(urnOf(c.kind, `fleet-${i}`), ch.inputs)),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const calls = emu.state.calls.slice(callsBefore).filter((x) => x.operation === c.operation);
      if (process.env.BENCH_DEBUG) {
        const all = emu.state.calls.slice(callsBefore);
        const t0 = Date.now() - seconds * 1000;
        process.stderr.write(
          `${c.label}: wall ${seconds.toFixed(3)} s; first call +${(all[0].at.getTime() - t0).toFixed(0)} ms; first ${c.operation} +${(calls[0].at.getTime() - t0).toFixed(0)} ms; last +${(calls[calls.length - 1].at.getTime() - t0).toFixed(0)} ms\n`,
        );
      }
      const ok = calls.filter((x) => x.status > 0 && x.status < 400 && !x.errorCode).length;
      const errors = results.filter((x): x is PromiseRejectedResult => x.status === "rejected");
      const throttledToCaller = errors.filter((e) => THROTTLE.test(String(e.reason && e.reason.message))).length;
      rates.push(ok / seconds / c.limitPerSecond);
      reached.push(throttledToCaller);
      failedOther.push(errors.length - throttledToCaller);
      absorbed.push(calls.filter((x) => x.errorCode && THROTTLE.test(x.errorCode)).length);
    } finally {
      await server.stop();
    }
  }
  const comparison = `${c.operation} limit ${c.limitPerSecond}/s, N=${n}`;
  return [
    fromSamples(`fleet.${c.label}.rate-of-limit`, "ratio", comparison, rates),
    fromSamples(`fleet.${c.label}.throttled-to-caller`, "errors", `${comparison}; goal 0`, reached, {
      "other failed creates (median)": round(median(failedOther)),
      "throttled answers absorbed by retries (median)": round(median(absorbed)),
    }),
  ];
}

const shims = new Map<string, string>();
async function shimOf(programDir: string, kind: string): Promise<string> {
  const key = `${programDir}\0${kind}`;
  if (!shims.has(key)) {
    const { serializeShim } = await import("./state-weight");
    shims.set(key, await serializeShim(programDir, kind as Parameters<typeof serializeShim>[1]));
  }
  return shims.get(key)!;
}
