/**
 * The real Pulumi CLI on a throw-away program and local backend: the program creates N resources of one side
 * (ours, a no-op, or a payload-matched no-op; see PROGRAM), one stack per side, all pointed at the emulator.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { EmulatorHandle } from "../emulator";
import { REPO_ROOT } from "../test/support/build-dist";
import { createFixtureProgram } from "../test/support/fixture-program";
import { run, type ChildResult } from "./child";
import { stackConfig } from "./emulator-setup";

export const SIDES = ["ours", "noop", "matched"] as const;
export type Side = (typeof SIDES)[number];

/**
 * `bench:mode` picks the side, `bench:clusterIds` the count. `noop` returns its inputs; `matched` also returns a
 * secret `kubeconfig` of `bench:kubeconfigLength` characters, so the engine encrypts and stores a payload as
 * large as ours. `ours` exports its first kubeconfig's length (unsecret: a length is not the secret);
 * `bench:credentialMode` sets its resources' `credentialMode` (default: certificate).
 */
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { TkeClusterKubeconfig } = require("pulumi-cloud-kubeconfig");
const cfg = new pulumi.Config("bench");
const mode = cfg.require("mode");
const ids = JSON.parse(cfg.require("clusterIds"));
const length = Number(cfg.get("kubeconfigLength") || 0);
const noop = { async create(inputs) { return { id: "noop-" + inputs.i, outs: inputs }; } };
const matched = {
  async create(inputs) { return { id: "matched-" + inputs.i, outs: { ...inputs, kubeconfig: "x".repeat(length) } }; },
};
const made = ids.map((clusterId, i) => {
  if (mode === "ours") {
    return new TkeClusterKubeconfig("k" + i, { clusterId, endpoint: "extranet", credentialMode: cfg.get("credentialMode") });
  }
  if (mode === "matched") {
    return new pulumi.dynamic.Resource(matched, "m" + i, { i }, { additionalSecretOutputs: ["kubeconfig"] });
  }
  return new pulumi.dynamic.Resource(noop, "n" + i, { i }, {});
});
if (mode === "ours" && made.length > 0) {
  exports.kubeconfigLength = pulumi.unsecret(made[0].kubeconfig.apply((s) => s.length));
}
`;

const SECRET_KEYS = new Set(["huaweicloud:secretKey", "tencentcloud:secretKey"]);

export interface EngineWorkspace {
  /** `pulumi <args> --non-interactive` in the program directory; `onSpawn` gets the CLI's pid. */
  pulumi(args: string[], onSpawn?: (pid: number) => void): Promise<ChildResult>;
  /** Sets `bench:*` config keys of one stack. */
  configure(side: Side, settings: Record<string, string>): Promise<void>;
  cleanup(): void;
}

/** The CLI's bin directory, or undefined when it cannot be provisioned. */
export async function findPulumiCli(): Promise<string | undefined> {
  const r = await run("bash", [join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], { check: false });
  const bin = r.stdout.trim().split("\n").pop();
  return r.code === 0 && bin ? bin : undefined;
}

/** `3.259.0` from `…/pulumi-3.259.0/bin`, else "CLI". */
export function cliVersion(bin: string): string {
  return bin.includes("pulumi-") ? bin.split("pulumi-").pop()!.split("/")[0] : "CLI";
}

/** A program directory and a local backend with one stack per side, each configured for the emulator. */
export async function openWorkspace(emu: EmulatorHandle, bin: string): Promise<EngineWorkspace> {
  const state = mkdtempSync(join(tmpdir(), "pck-bench-state-"));
  const program = createFixtureProgram({ "Pulumi.yaml": "name: bench\nruntime: nodejs\n", "index.js": PROGRAM });
  const cleanup = () => {
    program.cleanup();
    rmSync(state, { recursive: true, force: true });
  };
  mkdirSync(join(state, "home"), { recursive: true });
  mkdirSync(join(state, "backend"), { recursive: true });
  const env = cliEnv(bin, state);
  const ws: EngineWorkspace = {
    pulumi: (args, onSpawn) => run("pulumi", [...args, "--non-interactive"], { cwd: program.dir, env, onSpawn }),
    configure: async (side, settings) => {
      const pairs = Object.entries(settings).map(([k, v]) => `--plaintext=bench:${k}=${v}`);
      await ws.pulumi(["config", "set-all", "--stack", side, ...pairs]);
    },
    cleanup,
  };
  try {
    for (const side of SIDES) await initStack(ws, side, emu);
  } catch (err) {
    cleanup();
    throw err;
  }
  return ws;
}

async function initStack(ws: EngineWorkspace, side: Side, emu: EmulatorHandle): Promise<void> {
  await ws.pulumi(["stack", "init", side]);
  const pairs = [`--plaintext=bench:mode=${side}`];
  for (const [k, v] of Object.entries(stackConfig(emu))) {
    pairs.push(`${SECRET_KEYS.has(k) ? "--secret" : "--plaintext"}=${k}=${v}`);
  }
  await ws.pulumi(["config", "set-all", "--stack", side, ...pairs]);
}

/** A local backend and Pulumi home under `state`, no update checks, plugins only from the CLI's bin. */
function cliEnv(bin: string, state: string): NodeJS.ProcessEnv {
  return {
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
}
