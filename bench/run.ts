/**
 * Runs the benchmarks (docs/performance.md) against the in-process emulator and returns the results (bench/main.ts
 * prints them as a table and writes them to bench/results.json). Sizes are parameters so the smoke test can run it
 * tiny; `tiers` picks a subset.
 */
import { startEmulator } from "../emulator";
import { createFixtureProgram } from "../test/support/fixture-program";
import { measureColdStart } from "./cold-start";
import { measureEngine } from "./engine";
import { describeMachine, type Machine } from "./machine";
import { type Metric } from "./metric";
import { measureMultiProcess } from "./multi-process";
import { measureOverhead } from "./overhead";
import { measureStateWeight } from "./state-weight";
import { FLEET_CASES, measureFleet } from "./throughput";

/** The benchmark groups, in the order they run. */
export const TIERS = ["state", "cold-start", "fleet", "fleet-multi", "overhead", "engine"] as const;
export type Tier = (typeof TIERS)[number];

export interface BenchOptions {
  /** Cold-start process pairs (issue: at least 10). */
  coldStartRuns: number;
  /** Creates per fleet run (issue: 200). */
  fleetSize: number;
  fleetRuns: number;
  /** Provider processes sharing one account's limit, creates per process (issue: 10 × 50), runs; 0 runs skips. */
  multiProcesses: number;
  multiPerProcess: number;
  multiRuns: number;
  /** Request pairs for the per-request overhead. */
  overheadRuns: number;
  /** Resources per stack in the real-engine tier (issue: 10, 50, 200); no sizes or 0 runs skips the tier. */
  engineSizes: number[];
  /** Runs per size, each one cycle (up, preview, refresh, destroy) per side. */
  engineRuns: number;
  /** The tiers to run (default: all). */
  tiers?: Tier[];
  log?: (line: string) => void;
}

export const FULL: BenchOptions = {
  coldStartRuns: 10,
  fleetSize: 200,
  fleetRuns: 1,
  multiProcesses: 10,
  multiPerProcess: 50,
  multiRuns: 1,
  overheadRuns: 200,
  engineSizes: [10, 50, 200],
  engineRuns: 3,
};

export interface BenchResults {
  machine: Machine;
  options: Omit<BenchOptions, "log">;
  metrics: Metric[];
}

export async function runBenchmarks(opts: BenchOptions): Promise<BenchResults> {
  const log = opts.log || (() => undefined);
  const machine = describeMachine();
  const metrics: Metric[] = [];
  const emu = await startEmulator();
  const program = createFixtureProgram();
  const selected = (tier: Tier) => !opts.tiers || opts.tiers.includes(tier);
  try {
    if (selected("state")) {
      log("state weight…");
      metrics.push(...(await measureStateWeight(emu, program.dir)));
    }
    if (selected("cold-start")) {
      log("cold start…");
      metrics.push(...(await measureColdStart(program.dir, opts.coldStartRuns)));
    }
    for (const c of selected("fleet") ? FLEET_CASES : []) {
      log(`fleet throughput (${c.label})…`);
      metrics.push(...(await measureFleet(emu, program.dir, c, opts.fleetSize, opts.fleetRuns)));
    }
    for (const c of selected("fleet-multi") && opts.multiRuns > 0 ? FLEET_CASES : []) {
      log(`fleet sharing one limit (${c.label}, ${opts.multiProcesses} processes)…`);
      const sizes = { processes: opts.multiProcesses, perProcess: opts.multiPerProcess, runs: opts.multiRuns };
      metrics.push(...(await measureMultiProcess(emu, program.dir, c, sizes)));
    }
    if (selected("overhead")) {
      log("per-request overhead…");
      metrics.push(...(await measureOverhead(opts.overheadRuns)));
    }
    if (selected("engine") && opts.engineRuns > 0 && opts.engineSizes.length > 0) {
      log(`real engine (N = ${opts.engineSizes.join(", ")}, ${opts.engineRuns} runs)…`);
      // An emulator of its own: the account then holds the stack's clusters (and the seeded ones), not the ones the
      // fleet tiers added, as the account of a stack of N kubeconfigs would (a refresh's listing pages through it).
      const own = await startEmulator();
      try {
        metrics.push(...(await measureEngine(own, opts.engineSizes, opts.engineRuns)));
      } finally {
        await own.stop();
      }
    }
  } finally {
    program.cleanup();
    await emu.stop();
  }
  const { log: _log, ...options } = opts;
  return { machine, options, metrics };
}

/** A Markdown table of the results (also what `npm run bench` prints). */
export function formatTable(r: BenchResults): string {
  const m = r.machine;
  const fmt = (x: number | null) => (x === null ? "–" : String(x));
  const lines = [
    `Measured ${m.date} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, ` +
      `load average ${m.loadAverage.join(" / ")}.`,
    "",
    "| metric | value | unit | compared with | runs | min | median | max |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const x of r.metrics) {
    const value = x.skipped ? x.skipped : fmt(x.value);
    lines.push(
      `| ${x.name} | ${value} | ${x.unit} | ${x.comparison} | ${x.runs} | ${fmt(x.min)} | ${fmt(x.median)} | ${fmt(x.max)} |`,
    );
  }
  return lines.join("\n");
}
