/**
 * `npm test` runs the benchmark code once on tiny sizes so it cannot rot. Asserts the SHAPE of the
 * results only (every metric named, with its unit, comparison and a consistent min ≤ median ≤ max), never a
 * timing threshold. The real-engine tier is left to `npm run bench` (engineRuns 0 here).
 */
import { formatTable, runBenchmarks, type BenchResults } from "../../bench/run";

jest.setTimeout(240_000);

let results: BenchResults;

beforeAll(async () => {
  results = await runBenchmarks({
    coldStartRuns: 1,
    fleetSize: 3,
    fleetRuns: 1,
    multiProcesses: 2,
    multiPerProcess: 2,
    multiRuns: 1,
    overheadRuns: 3,
    engineSizes: [],
    engineRuns: 0,
  });
});

it("describes the machine", () => {
  expect(results.machine.cpus).toBeGreaterThan(0);
  expect(results.machine.memoryGiB).toBeGreaterThan(0);
  expect(results.machine.node).toBe(process.version);
});

it("reports every metric once, each with the agreed fields", () => {
  const names = results.metrics.map((m) => m.name);
  expect(new Set(names).size).toBe(names.length);
  for (const expected of [
    "state.provider-bytes",
    "state.provider-bytes-ratio",
    "state.entry-bytes",
    "cold-start.ratio",
    "fleet.tke.rate-of-limit",
    "fleet.tke.throttled-to-caller",
    "fleet.ucs.rate-of-limit",
    "fleet.ucs.throttled-to-caller",
    "fleet-multi.tke.rate-of-limit",
    "fleet-multi.tke.errors-to-caller",
    "fleet-multi.ucs.rate-of-limit",
    "fleet-multi.ucs.errors-to-caller",
    "overhead.ratio",
  ]) {
    expect(names).toContain(expected);
  }
  for (const m of results.metrics) {
    expect(Object.keys(m)).toEqual(
      expect.arrayContaining(["name", "value", "unit", "comparison", "runs", "min", "median", "max"]),
    );
    if (m.skipped) {
      expect(m.value).toBeNull();
      continue;
    }
    expect(m.runs).toBeGreaterThan(0);
    expect(typeof m.value).toBe("number");
    expect(m.min!).toBeLessThanOrEqual(m.median!);
    expect(m.median!).toBeLessThanOrEqual(m.max!);
  }
});

it("measures a real serialized __provider and real creates", () => {
  const bytes = results.metrics.find((m) => m.name === "state.provider-bytes")!;
  expect(bytes.runs).toBe(5);
  expect(bytes.value).toBeGreaterThan(0);
  const tke = results.metrics.find((m) => m.name === "fleet.tke.rate-of-limit")!;
  expect(tke.value).toBeGreaterThan(0);
});

it("formats a table row per metric", () => {
  const table = formatTable(results);
  for (const m of results.metrics) expect(table).toContain(`| ${m.name} |`);
});
