/**
 * Metric 5, with the real engine: for each size N (10, 50, 200), one cycle per side and run — `pulumi up`
 * (create N), `stack export` (state weight), `preview` and `refresh` on the unchanged stack, `destroy` — for
 * N `TkeClusterKubeconfig` (ours), N no-op dynamic resources (noop) and N payload-matched no-ops (matched: a
 * secret `kubeconfig` output as long as ours). The sides rotate so each goes first in turn. The emulator records
 * the vendor calls of each `up` and `refresh`; /proc gives the provider process's peak memory. Runs only when
 * scripts/ensure-pulumi.sh provides the CLI (docs/pulumi-cli.md); otherwise the metrics say "skipped: no CLI".
 * With BENCH_EXPORTS=<dir>, each side's last `stack export` is kept there (<side>.json) to read an entry whole.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_RATE_LIMITS, type CallRecord, type EmulatorHandle } from "../emulator";
import { addClusters, tkeBenchId } from "./emulator-setup";
import { engineMetrics, type Cycle, type SizeRuns } from "./engine-metrics";
import { weighCheckpoint } from "./engine-state";
import { SIDES, cliVersion, findPulumiCli, openWorkspace, type EngineWorkspace, type Side } from "./engine-workspace";
import { rotate, type Metric } from "./metric";
import { procAvailable, watchRss, type RssPeak } from "./proc-rss";

export { findPulumiCli } from "./engine-workspace";

export async function measureEngine(emu: EmulatorHandle, sizes: number[], runs: number): Promise<Metric[]> {
  const bin = await findPulumiCli();
  if (!bin) return engineMetrics([], { sizes, limits: DEFAULT_RATE_LIMITS, cli: "CLI", why: "skipped: no CLI" });
  // The fleet tier changes limits; the floor below divides by exactly these.
  for (const [op, perSecond] of Object.entries(DEFAULT_RATE_LIMITS)) emu.setRateLimit(op, perSecond);
  const ids = addClusters(emu, emu.seed.tke.extranetCluster.id, tkeBenchId, Math.max(...sizes));
  const ws = await openWorkspace(emu, bin);
  try {
    const kubeconfigLength = await calibrate(ws, ids[0]);
    await ws.configure("matched", { kubeconfigLength: String(kubeconfigLength) });
    const data: SizeRuns[] = [];
    for (const [i, n] of sizes.entries()) data.push(await measureSize(ws, emu, ids.slice(0, n), runs, i * runs));
    const execEntryBytes = await execEntry(ws, ids.slice(0, Math.min(...sizes)));
    const cli = `pulumi ${cliVersion(bin)}`;
    const ctx = { sizes, limits: DEFAULT_RATE_LIMITS, cli, kubeconfigLength, execEntryBytes, why: "not measured" };
    return engineMetrics(data, ctx);
  } finally {
    ws.cleanup();
  }
}

/** One `up` of one TkeClusterKubeconfig (also the CLI's warm-up): our kubeconfig's length, for the matched side. */
async function calibrate(ws: EngineWorkspace, clusterId: string): Promise<number> {
  await ws.configure("ours", { clusterIds: JSON.stringify([clusterId]) });
  await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "ours"]);
  const out = await ws.pulumi(["stack", "output", "kubeconfigLength", "--json", "--stack", "ours"]);
  await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "ours"]);
  const length = Number(JSON.parse(out.stdout));
  if (!(length > 0)) throw new Error(`kubeconfigLength: unexpected output ${out.stdout.trim()}`);
  return length;
}

/** The median entry of our resources in exec mode (`credentialMode: exec`): `up`, `stack export`, `destroy`. */
async function execEntry(ws: EngineWorkspace, ids: string[]): Promise<number> {
  await ws.configure("ours", { clusterIds: JSON.stringify(ids), credentialMode: "exec" });
  try {
    await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "ours"]);
    const exported = await exportStack(ws, "ours", "ours-exec");
    await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "ours"]);
    return weighCheckpoint(exported).entryBytes;
  } finally {
    await ws.pulumi(["config", "rm", "bench:credentialMode", "--stack", "ours"]);
  }
}

/** `pulumi stack export` of `stack`, also kept as `<BENCH_EXPORTS>/<name>.json` when that is set. */
async function exportStack(ws: EngineWorkspace, stack: Side, name: string): Promise<string> {
  const exported = (await ws.pulumi(["stack", "export", "--stack", stack])).stdout;
  if (process.env.BENCH_EXPORTS) writeFileSync(join(process.env.BENCH_EXPORTS, `${name}.json`), exported);
  return exported;
}

/** `runs` rounds of one cycle per side on `ids.length` resources; `offset` continues the rotation across sizes. */
async function measureSize(
  ws: EngineWorkspace,
  emu: EmulatorHandle,
  ids: string[],
  runs: number,
  offset: number,
): Promise<SizeRuns> {
  for (const side of SIDES) await ws.configure(side, { clusterIds: JSON.stringify(ids) });
  const [ours, noop, matched] = await rotate(
    runs,
    SIDES.map((side) => () => cycle(ws, emu, side)),
    offset,
  );
  return { ours, noop, matched };
}

async function cycle(ws: EngineWorkspace, emu: EmulatorHandle, side: Side): Promise<Cycle> {
  const on = ["--stack", side];
  const upCalls = callsFrom(emu);
  const { result: up, rss } = await watchingProvider((onSpawn) =>
    ws.pulumi(["up", "--yes", "--skip-preview", ...on], onSpawn),
  );
  const upByOperation = byOperation(upCalls());
  const weight = weighCheckpoint(await exportStack(ws, side, side));
  const preview = await ws.pulumi(["preview", ...on]);
  const refreshCalls = callsFrom(emu);
  const refresh = await ws.pulumi(["refresh", "--yes", "--skip-preview", ...on]);
  const refreshByOperation = byOperation(refreshCalls());
  const destroy = await ws.pulumi(["destroy", "--yes", "--skip-preview", ...on]);
  return {
    ms: { up: up.ms, preview: preview.ms, refresh: refresh.ms, destroy: destroy.ms },
    weight,
    upCalls: upByOperation,
    refreshCalls: refreshByOperation,
    rss,
  };
}

/** Runs a CLI command while sampling its dynamic-provider processes' memory (undefined without /proc). */
async function watchingProvider<T>(
  start: (onSpawn: (pid: number) => void) => Promise<T>,
): Promise<{ result: T; rss?: RssPeak }> {
  if (!procAvailable()) return { result: await start(() => undefined) };
  const watch = watchRss(isDynamicProvider);
  try {
    const result = await start(watch.follow);
    return { result, rss: watch.stop() };
  } catch (err) {
    watch.stop();
    throw err;
  }
}

/** `node …/@pulumi/pulumi/cmd/dynamic-provider[/index.js] <engine>` (not the `node -e` that resolves the path). */
function isDynamicProvider(argv: string[]): boolean {
  return argv.some((a) => /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(a));
}

/** The vendor calls the emulator records from now on. */
function callsFrom(emu: EmulatorHandle): () => CallRecord[] {
  const start = emu.state.calls.length;
  return () => emu.state.calls.slice(start);
}

function byOperation(calls: CallRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.operation] = (out[c.operation] || 0) + 1;
  return out;
}
