/**
 * `npm run bench` (through scripts/bench.js): full sizes, prints the table, writes bench/results.json.
 *
 * Environment, to rerun part of it (e.g. `BENCH_ONLY=engine BENCH_ENGINE_SIZES=10,50 BENCH_OUT=/tmp/r.json`):
 * - `BENCH_ONLY`: comma-separated tiers to run (state, cold-start, fleet, overhead, engine); default all.
 * - `BENCH_ENGINE_SIZES`: comma-separated resource counts for the engine tier; default 10,50,200.
 * - `BENCH_ENGINE_RUNS`: runs per engine size; default 3.
 * - `BENCH_FLEET_RUNS`: runs of the fleet and fleet-multi tiers; default 1.
 * - `BENCH_DEBUG`: the fleet tier prints when the first vendor call and the first and last limited calls arrived.
 * - `BENCH_OUT`: where to write the JSON results; default bench/results.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FULL, TIERS, formatTable, runBenchmarks, type BenchOptions, type Tier } from "./run";

/** A comma-separated list from the environment, or undefined when unset or empty. */
function listFromEnv(name: string): string[] | undefined {
  const items = (process.env[name] || "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function positiveIntegers(name: string, items: string[]): number[] {
  return items.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: "${s}" is not a positive integer`);
    return n;
  });
}

function optionsFromEnv(): BenchOptions {
  const opts: BenchOptions = { ...FULL };
  const only = listFromEnv("BENCH_ONLY");
  if (only) {
    const unknown = only.filter((t) => !(TIERS as readonly string[]).includes(t));
    if (unknown.length) throw new Error(`BENCH_ONLY: unknown tier ${unknown.join(", ")}; tiers: ${TIERS.join(", ")}`);
    opts.tiers = only as Tier[];
  }
  const sizes = listFromEnv("BENCH_ENGINE_SIZES");
  if (sizes) opts.engineSizes = positiveIntegers("BENCH_ENGINE_SIZES", sizes);
  const runs = listFromEnv("BENCH_ENGINE_RUNS");
  if (runs) opts.engineRuns = positiveIntegers("BENCH_ENGINE_RUNS", runs)[0];
  const fleetRuns = listFromEnv("BENCH_FLEET_RUNS");
  if (fleetRuns) opts.fleetRuns = opts.multiRuns = positiveIntegers("BENCH_FLEET_RUNS", fleetRuns)[0];
  return opts;
}

async function main(): Promise<void> {
  const opts = optionsFromEnv();
  const results = await runBenchmarks({ ...opts, log: (line) => process.stderr.write(`${line}\n`) });
  writeFileSync(process.env.BENCH_OUT || join(__dirname, "results.json"), JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(formatTable(results) + "\n");
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
