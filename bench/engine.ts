/**
 * Metric 5, with the real engine: wall time of `pulumi up` creating 50 of our resources against 50 no-op
 * dynamic resources (ratio), and of `pulumi preview` on the unchanged stack. Runs only when
 * scripts/ensure-pulumi.sh provides the CLI (docs/pulumi-cli.md); otherwise the metrics say "skipped: no CLI".
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { EmulatorHandle } from "../emulator";
import { REPO_ROOT } from "../test/support/build-dist";
import { createFixtureProgram } from "../test/support/fixture-program";
import { run } from "./child";
import { addClusters, stackConfig, tkeBenchId } from "./emulator-setup";
import { alternate, fromSamples, ratios, skipped, type Metric } from "./metric";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { TkeClusterKubeconfig } = require("pulumi-cloud-kubeconfig");
const cfg = new pulumi.Config("bench");
const ids = JSON.parse(cfg.require("clusterIds"));
const noop = { async create(inputs) { return { id: "noop-" + inputs.i, outs: inputs }; } };
ids.forEach((clusterId, i) => {
  if (cfg.require("mode") === "ours") new TkeClusterKubeconfig("k" + i, { clusterId, endpoint: "extranet" });
  else new pulumi.dynamic.Resource(noop, "n" + i, { i }, {});
});
`;

const SECRET_KEYS = new Set(["huaweicloud:secretKey", "tencentcloud:secretKey"]);

/** The CLI's bin directory, or undefined when it cannot be provisioned. */
export async function findPulumiCli(): Promise<string | undefined> {
  const r = await run("bash", [join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], { check: false });
  const bin = r.stdout.trim().split("\n").pop();
  return r.code === 0 && bin ? bin : undefined;
}

export async function measureEngine(emu: EmulatorHandle, n: number, runs: number): Promise<Metric[]> {
  const names = {
    up: ["engine.up-ms", "engine.up-noop-ms", "engine.up-ratio"],
    preview: ["engine.preview-ms", "engine.preview-noop-ms", "engine.preview-ratio"],
  };
  const bin = await findPulumiCli();
  if (!bin) {
    return [...names.up, ...names.preview].map((name) =>
      skipped(name, name.endsWith("ratio") ? "ratio" : "ms", `${n} resources`, "skipped: no CLI"),
    );
  }
  const state = mkdtempSync(join(tmpdir(), "pck-bench-state-"));
  const program = createFixtureProgram({ "Pulumi.yaml": "name: bench\nruntime: nodejs\n", "index.js": PROGRAM });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: bin + delimiter + (process.env.PATH || ""),
    PULUMI_HOME: join(state, "home"),
    PULUMI_BACKEND_URL: "file://" + join(state, "backend"),
    PULUMI_CONFIG_PASSPHRASE: "test",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    CI: "true",
  };
  const pulumi = (args: string[]) => run("pulumi", [...args, "--non-interactive"], { cwd: program.dir, env });
  try {
    await run("mkdir", ["-p", join(state, "home"), join(state, "backend")]);
    const ids = addClusters(emu, emu.seed.tke.extranetCluster.id, tkeBenchId, n);
    for (const stack of ["ours", "noop"]) {
      await pulumi(["stack", "init", stack]);
      const pairs: string[] = [
        `--plaintext=bench:mode=${stack}`,
        `--plaintext=bench:clusterIds=${JSON.stringify(ids)}`,
      ];
      for (const [k, v] of Object.entries(stackConfig(emu))) {
        pairs.push(`${SECRET_KEYS.has(k) ? "--secret" : "--plaintext"}=${k}=${v}`);
      }
      await pulumi(["config", "set-all", "--stack", stack, ...pairs]);
    }
    const previews = { ours: [] as number[], noop: [] as number[] };
    const cycle = (stack: "ours" | "noop") => async (): Promise<number> => {
      const up = await pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
      previews[stack].push((await pulumi(["preview", "--stack", stack])).ms);
      await pulumi(["destroy", "--yes", "--stack", stack]);
      return up.ms;
    };
    const s = await alternate(runs, cycle("ours"), cycle("noop"));
    const what = `${n} resources, pulumi ${bin.includes("pulumi-") ? bin.split("pulumi-").pop()!.split("/")[0] : "CLI"}`;
    return [
      fromSamples(names.up[0], "ms", `pulumi up, ${what} TkeClusterKubeconfig (emulator at 20/s)`, s.a),
      fromSamples(names.up[1], "ms", `pulumi up, ${what} no-op dynamic resources`, s.b),
      fromSamples(names.up[2], "ratio", "ours ÷ no-op (pairwise)", ratios(s.a, s.b)),
      fromSamples(names.preview[0], "ms", `pulumi preview, unchanged stack, ${what} ours`, previews.ours),
      fromSamples(names.preview[1], "ms", `pulumi preview, unchanged stack, ${what} no-op`, previews.noop),
      fromSamples(names.preview[2], "ratio", "ours ÷ no-op (pairwise)", ratios(previews.ours, previews.noop)),
    ];
  } finally {
    program.cleanup();
    rmSync(state, { recursive: true, force: true });
  }
}
