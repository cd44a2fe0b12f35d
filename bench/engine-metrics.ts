/**
 * The engine tier's metrics from its cycles (bench/engine.ts). Per size N: `engine.n<N>.<op>-ms` (ours),
 * `-noop-ms`, `-matched-ms`, `-ratio` (ours ÷ noop) and `-ratio-matched` (ours ÷ matched) for up, preview, refresh
 * and destroy; the vendor floor of `up`; the vendor calls of `refresh`; checkpoint bytes. Across sizes: state entry
 * bytes, the per-resource slope of `up` between the two largest sizes, the provider's peak memory at the largest.
 * Ratios are per run (the sides of one run are measured back to back) and their value is the median.
 */
import type { CheckpointWeight } from "./engine-state";
import { SIDES, type Side } from "./engine-workspace";
import { fromSamples, median, ratios, round, skipped, type Metric } from "./metric";
import type { RssPeak } from "./proc-rss";

export const OPERATIONS = ["up", "preview", "refresh", "destroy"] as const;
type Operation = (typeof OPERATIONS)[number];

/** One side's cycle: up, export, preview, refresh, destroy. */
export interface Cycle {
  /** Wall time of each CLI command. */
  ms: Record<Operation, number>;
  /** From `pulumi stack export` after `up`. */
  weight: CheckpointWeight;
  /** Vendor calls the emulator recorded during `up` and during `refresh`, by operation. */
  upCalls: Record<string, number>;
  refreshCalls: Record<string, number>;
  /** The dynamic-provider processes' peak memory during `up`; undefined without /proc. */
  rss?: RssPeak;
}

/** The cycles of one size, per side, in run order. */
export type SizeRuns = Record<Side, Cycle[]>;

export interface EngineContext {
  sizes: number[];
  /** The emulator's per-operation limits (calls per second) during the runs. */
  limits: Record<string, number>;
  /** e.g. `pulumi 3.259.0`. */
  cli: string;
  /** Our kubeconfig's length in characters, which the matched side copies. */
  kubeconfigLength?: number;
  /** One entry of ours in exec mode (`credentialMode: exec`), bytes, at the smallest size. */
  execEntryBytes?: number;
  /** Why a metric with no samples has none (e.g. "skipped: no CLI"). */
  why: string;
}

const NO_RUNS: SizeRuns = { ours: [], noop: [], matched: [] };

export function engineMetrics(data: SizeRuns[], ctx: EngineContext): Metric[] {
  const at = (i: number): SizeRuns => data[i] || NO_RUNS;
  return [
    ...ctx.sizes.flatMap((n, i) => sizeMetrics(n, at(i), ctx)),
    ...entryMetrics(
      ctx.sizes.map((_, i) => at(i)),
      ctx,
    ),
    ...slopeMetrics(ctx.sizes, at, ctx),
    ...rssMetrics(ctx.sizes, at, ctx),
  ];
}

/** fromSamples, or `skipped` with `why` when there are no samples. */
function metric(
  name: string,
  unit: string,
  comparison: string,
  samples: number[],
  why: string,
  detail?: () => Metric["detail"],
): Metric {
  return samples.length
    ? fromSamples(name, unit, comparison, samples, detail?.())
    : skipped(name, unit, comparison, why);
}

function sizeMetrics(n: number, runs: SizeRuns, ctx: EngineContext): Metric[] {
  return [
    ...OPERATIONS.flatMap((op) => timeMetrics(n, op, runs, ctx)),
    ...floorMetrics(n, runs, ctx),
    refreshCallsMetric(n, runs, ctx),
    ...checkpointMetrics(n, runs, ctx),
  ];
}

const OPERATION_TEXT: Record<Operation, string> = {
  up: "pulumi up --skip-preview (create)",
  preview: "pulumi preview, unchanged stack",
  refresh: "pulumi refresh --skip-preview, unchanged stack",
  destroy: "pulumi destroy --skip-preview",
};

function sideText(side: Side, ctx: EngineContext): string {
  if (side === "ours") return "TkeClusterKubeconfig (emulator at 20/s)";
  if (side === "noop") return "no-op dynamic resources";
  return `payload-matched no-ops (secret kubeconfig output of ${ctx.kubeconfigLength ?? "our"} chars)`;
}

function timeMetrics(n: number, op: Operation, runs: SizeRuns, ctx: EngineContext): Metric[] {
  const t = (side: Side) => runs[side].map((c) => c.ms[op]);
  const p = `engine.n${n}.${op}`;
  const what = (side: Side) => `${OPERATION_TEXT[op]}, ${n} ${sideText(side, ctx)}, ${ctx.cli}`;
  return [
    metric(`${p}-ms`, "ms", what("ours"), t("ours"), ctx.why),
    metric(`${p}-noop-ms`, "ms", what("noop"), t("noop"), ctx.why),
    metric(`${p}-matched-ms`, "ms", what("matched"), t("matched"), ctx.why),
    metric(`${p}-ratio`, "ratio", "ours ÷ no-op (per run)", ratios(t("ours"), t("noop")), ctx.why),
    metric(`${p}-ratio-matched`, "ratio", "ours ÷ payload-matched (per run)", ratios(t("ours"), t("matched")), ctx.why),
  ];
}

/** Milliseconds the vendor's limits alone impose on these calls: the slowest operation's calls ÷ its limit. */
export function floorMs(calls: Record<string, number>, limits: Record<string, number>): number {
  return Math.max(0, ...Object.entries(limits).map(([op, perSecond]) => ((calls[op] || 0) / perSecond) * 1000));
}

function floorMetrics(n: number, runs: SizeRuns, ctx: EngineContext): Metric[] {
  const floors = runs.ours.map((c) => floorMs(c.upCalls, ctx.limits));
  const vsFloor = runs.ours.map((c, r) => c.ms.up / (runs.matched[r].ms.up + floors[r]));
  const limits = Object.entries(ctx.limits)
    .map(([op, perSecond]) => `${op} ${perSecond}/s`)
    .join(", ");
  const calls = () => medianCounts(runs.ours.map((c) => c.upCalls));
  return [
    metric(
      `engine.n${n}.up-vendor-calls`,
      "calls",
      `vendor calls of our up, N=${n}`,
      total(runs, "upCalls"),
      ctx.why,
      calls,
    ),
    metric(
      `engine.n${n}.up-vendor-floor-ms`,
      "ms",
      `max over operations of calls ÷ limit (${limits})`,
      floors,
      ctx.why,
    ),
    metric(
      `engine.n${n}.up-ratio-vs-floor`,
      "ratio",
      "ours ÷ (payload-matched + vendor floor), per run",
      vsFloor,
      ctx.why,
    ),
  ];
}

function refreshCallsMetric(n: number, runs: SizeRuns, ctx: EngineContext): Metric {
  const comparison = `vendor calls of our refresh of N=${n}; target ≤ ⌈N/50⌉ = ${Math.ceil(n / 50)}`;
  const byOp = () => medianCounts(runs.ours.map((c) => c.refreshCalls));
  return metric(`engine.n${n}.refresh-vendor-calls`, "calls", comparison, total(runs, "refreshCalls"), ctx.why, byOp);
}

function checkpointMetrics(n: number, runs: SizeRuns, ctx: EngineContext): Metric[] {
  const b = (side: Side) => runs[side].map((c) => c.weight.totalBytes);
  const what = (side: Side) => `pulumi stack export after up, ${n} ${sideText(side, ctx)}, JSON without indentation`;
  return [
    metric(`engine.n${n}.checkpoint-bytes`, "bytes", what("ours"), b("ours"), ctx.why),
    metric(`engine.n${n}.checkpoint-bytes-noop`, "bytes", what("noop"), b("noop"), ctx.why),
    metric(`engine.n${n}.checkpoint-bytes-matched`, "bytes", what("matched"), b("matched"), ctx.why),
  ];
}

/** Total vendor calls per ours cycle. */
function total(runs: SizeRuns, field: "upCalls" | "refreshCalls"): number[] {
  return runs.ours.map((c) => Object.values(c[field]).reduce((a, b) => a + b, 0));
}

/** Median count per operation over runs (an operation missing from a run counts 0). */
function medianCounts(counts: Array<Record<string, number>>): Record<string, number> {
  const ops = [...new Set(counts.flatMap((c) => Object.keys(c)))].sort();
  return Object.fromEntries(ops.map((op) => [op, round(median(counts.map((c) => c[op] || 0)))]));
}

/** Entry bytes over every export of every size and run (one sample per export: the median entry). */
function entryMetrics(all: SizeRuns[], ctx: EngineContext): Metric[] {
  const w = (side: Side) => all.flatMap((runs) => runs[side].map((c) => c.weight));
  const ours = w("ours").map((x) => x.entryBytes);
  const noop = w("noop").map((x) => x.entryBytes);
  const cipher = w("ours").map((x) => x.ciphertextBytes);
  const target = ours.map((x, i) => x / (noop[i] + cipher[i]));
  const entry = (side: Side) => `one resource's entry in pulumi stack export, ${sideText(side, ctx)}; median entry`;
  const detail = () => ({ "kubeconfig ciphertext bytes (median)": round(median(cipher)) });
  return [
    metric("engine.state-entry-bytes", "bytes", entry("ours"), ours, ctx.why),
    metric("engine.state-entry-bytes-noop", "bytes", entry("noop"), noop, ctx.why),
    metric(
      "engine.state-entry-bytes-matched",
      "bytes",
      entry("matched"),
      w("matched").map((x) => x.entryBytes),
      ctx.why,
    ),
    metric(
      "engine.state-entry-ratio-matched",
      "ratio",
      "ours ÷ payload-matched entry (per export pair)",
      ratios(
        ours,
        w("matched").map((x) => x.entryBytes),
      ),
      ctx.why,
    ),
    metric(
      "engine.state-entry-ratio-target",
      "ratio",
      "ours ÷ (no-op entry + our kubeconfig ciphertext alone)",
      target,
      ctx.why,
      detail,
    ),
    metric(
      "engine.state-entry-bytes-exec",
      "bytes",
      `one resource's entry in pulumi stack export, TkeClusterKubeconfig with credentialMode exec; median entry`,
      ctx.execEntryBytes !== undefined ? [ctx.execEntryBytes] : [],
      ctx.why,
    ),
    metric(
      "engine.state-entry-ratio-exec",
      "ratio",
      "ours in exec mode ÷ no-op entry (median no-op entry)",
      ctx.execEntryBytes !== undefined && noop.length > 0 ? [ctx.execEntryBytes / median(noop)] : [],
      ctx.why,
    ),
  ];
}

/** ms per added resource between the two largest sizes, per run; the ratio is the median of per-run ratios. */
function slopeMetrics(sizes: number[], at: (i: number) => SizeRuns, ctx: EngineContext): Metric[] {
  const order = sizes.map((n, i) => [n, i]).sort((a, b) => a[0] - b[0]);
  const [lo, hi] = order.slice(-2);
  const span = lo && hi ? `N=${lo[0]}→${hi[0]}` : "two sizes";
  const slope = (side: Side): number[] => {
    if (!lo || !hi || lo[0] === hi[0]) return [];
    const a = at(lo[1])[side];
    const b = at(hi[1])[side];
    return b.slice(0, a.length).map((c, r) => (c.ms.up - a[r].ms.up) / (hi[0] - lo[0]));
  };
  const why = order.length < 2 ? "needs two sizes" : ctx.why;
  const what = (side: Side) => `pulumi up, ms per added resource, ${span}, ${sideText(side, ctx)}`;
  return [
    metric("engine.up-slope-ms", "ms", what("ours"), slope("ours"), why),
    metric("engine.up-slope-noop-ms", "ms", what("noop"), slope("noop"), why),
    metric("engine.up-slope-matched-ms", "ms", what("matched"), slope("matched"), why),
    metric(
      "engine.up-slope-ratio",
      "ratio",
      "slope ours ÷ no-op, median of per-run ratios",
      ratios(slope("ours"), slope("noop")),
      why,
    ),
    metric(
      "engine.up-slope-ratio-matched",
      "ratio",
      "slope ours ÷ payload-matched, median of per-run ratios",
      ratios(slope("ours"), slope("matched")),
      why,
    ),
  ];
}

/** The dynamic-provider process's peak RSS during `up` at the largest size. */
function rssMetrics(sizes: number[], at: (i: number) => SizeRuns, ctx: EngineContext): Metric[] {
  const largest = sizes.length ? sizes.indexOf(Math.max(...sizes)) : -1;
  const runs = at(largest);
  const mib = (side: Side) => runs[side].map((c) => (c.rss && c.rss.processes > 0 ? c.rss.peakKiB / 1024 : NaN));
  const seen = (xs: number[]) => xs.filter((x) => !Number.isNaN(x));
  const pairs = ratios(mib("ours"), mib("noop")).filter((x) => !Number.isNaN(x));
  const why =
    runs.ours.length && !seen(mib("ours")).length ? "skipped: no dynamic-provider process seen in /proc" : ctx.why;
  const what = (side: Side) =>
    `VmHWM of the dynamic-provider process during up, N=${sizes[largest]}, ${sideText(side, ctx)}`;
  const detail = () => ({
    "payload-matched (median MiB)": seen(mib("matched")).length ? round(median(seen(mib("matched")))) : "–",
    "provider processes seen per up (max)": Math.max(
      0,
      ...SIDES.flatMap((s) => runs[s].map((c) => c.rss?.processes ?? 0)),
    ),
  });
  const n = sizes[largest];
  const cpu = (side: Side) => runs[side].map((c) => (c.rss && c.rss.processes > 0 ? c.rss.cpuMs : NaN));
  const perCreate = cpu("ours")
    .map((ms, i) => (ms - cpu("noop")[i]) / n)
    .filter((x) => !Number.isNaN(x));
  return [
    metric("engine.provider-rss-mib", "MiB", what("ours"), seen(mib("ours")), why, detail),
    metric("engine.provider-rss-noop-mib", "MiB", what("noop"), seen(mib("noop")), why),
    metric("engine.provider-rss-ratio", "ratio", "ours ÷ no-op (per run)", pairs, why),
    metric(
      "engine.provider-cpu-ms-per-create",
      "ms",
      `provider CPU (user + system) during up beyond the no-op's, ÷ N=${n} (per run; sampled every 100 ms)`,
      perCreate,
      why,
    ),
  ];
}
