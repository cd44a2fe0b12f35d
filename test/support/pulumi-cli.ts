/**
 * The real `pulumi` CLI, offline and isolated, for the engine tier. Provisioning goes through
 * scripts/ensure-pulumi.sh (docs/pulumi-cli.md); every run is an ASYNC child process, because the emulated
 * clusters answer from the event loop of the Jest process that started the emulator.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { REPO_ROOT } from "./build-dist";
import { createFixtureProgram } from "./fixture-program";

/** Result of provisioning the CLI: its bin dir, or why there is none. */
export type CliProvision = { ok: true; binDir: string; version: string } | { ok: false; reason: string };

let provisioned: CliProvision | undefined;

/** Runs `scripts/<script>`: the bin dir it printed when `binary` is in it, else why not (its last error lines). */
function ensureBinary(
  script: string,
  binary: string,
  missing: string,
): { binDir: string; stderr: string } | { reason: string } {
  const r = runEnsureScript(script);
  if (r.status !== 0 || !r.binDir || !existsSync(join(r.binDir, binary))) {
    return { reason: `scripts/${script} failed (exit ${r.exit}); ${missing}.\n${r.tail(8)}` };
  }
  return { binDir: r.binDir, stderr: r.stderr };
}

/**
 * Runs `scripts/<script>` synchronously (see provisionPulumiCli): its exit status or signal, its stderr, the bin
 * dir it prints on its last stdout line, and `tail(n)`, the last n lines of its error output.
 */
export function runEnsureScript(script: string, env?: NodeJS.ProcessEnv) {
  const r = spawnSync("bash", [join(REPO_ROOT, "scripts", script)], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env,
  });
  const binDir = (r.stdout || "").trim().split("\n").pop() || "";
  const errors = `${r.stderr || ""}${r.error ? String(r.error) : ""}`.trim().split("\n");
  return {
    exit: r.status ?? r.signal,
    status: r.status,
    stderr: r.stderr || "",
    binDir,
    tail: (n: number) => errors.slice(-n).join("\n"),
  };
}

/**
 * Runs scripts/ensure-pulumi.sh once per process (a cold build takes 12–15 minutes; cached afterwards).
 * Synchronous on purpose: call it at module load, before any emulator exists, so tests can be registered
 * (or skipped with the reason) depending on the result.
 */
export function provisionPulumiCli(): CliProvision {
  if (provisioned) return provisioned;
  const built = ensureBinary("ensure-pulumi.sh", "pulumi", "no Pulumi CLI");
  if ("reason" in built) return (provisioned = { ok: false, reason: built.reason });
  const binDir = built.binDir;
  const v = spawnSync(join(binDir, "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  provisioned = { ok: true, binDir, version: (v.stdout || "").trim() };
  return provisioned;
}

/** Whether a Pulumi plugin binary (`pulumi-resource-<name>`) is next to the CLI or on PATH. */
export function hasResourcePlugin(binDir: string, name: string): boolean {
  const exe = `pulumi-resource-${name}`;
  const dirs = [binDir, ...(process.env.PATH || "").split(delimiter)];
  return dirs.some((d) => d !== "" && existsSync(join(d, exe)));
}

/** A finished CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra environment for this run (inherited by the language host, the program and the provider). */
  env?: Record<string, string>;
  /** Resolve instead of rejecting on a non-zero exit. */
  allowFailure?: boolean;
  /**
   * The output is expected to hold secrets (`stack output --show-secrets`): keep it out of `output()`,
   * which the tests scan for leaks.
   */
  showsSecrets?: boolean;
  /** What to log (and put in errors) instead of the arguments, when they hold a secret. */
  label?: string;
}

/** A Pulumi project with its own isolated state, PULUMI_HOME and stack. */
export interface PulumiProject {
  dir: string;
  stateDir: string;
  /** The environment every run gets (no secrets beyond the fake passphrase). */
  env: Record<string, string>;
  run(args: string[], opts?: RunOptions): Promise<CliResult>;
  /** `pulumi config set-all`; `secretKeys` are set with `--secret`, the rest with `--plaintext`. */
  setConfig(config: Record<string, string>, secretKeys?: string[]): Promise<void>;
  /** Every command line and all output so far, except runs marked `showsSecrets`. */
  output(): string;
  cleanup(): void;
}

/** The fake passphrase that encrypts the test stacks' secrets. */
export const TEST_PASSPHRASE = "engine-tier-fake-passphrase";

/** Environment of the docs/pulumi-cli.md "offline environment that works", rooted at `stateDir`. */
export function offlineEnv(binDir: string, stateDir: string): Record<string, string> {
  mkdirSync(join(stateDir, "backend"), { recursive: true });
  mkdirSync(join(stateDir, "home"), { recursive: true });
  return {
    PATH: `${binDir}${delimiter}${process.env.PATH || ""}`,
    PULUMI_HOME: join(stateDir, "home"),
    PULUMI_BACKEND_URL: `file://${join(stateDir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
  };
}

/**
 * A program directory with this package installed (test/support/fixture-program.ts), `Pulumi.yaml`
 * (runtime nodejs), `index.js` = `program`, and a new stack `stack` in a file backend under a temp dir.
 */
export async function createPulumiProject(opts: {
  binDir: string;
  name: string;
  /** `index.js`; or give `files` (e.g. an example's Pulumi.yaml, index.ts and tsconfig.json) and `main`. */
  program?: string;
  files?: Record<string, string>;
  main?: string;
  stack?: string;
  /** More directories for PATH after the CLI's (a language host such as `pulumi-language-yaml`). */
  pathDirs?: string[];
}): Promise<PulumiProject> {
  const fixture = createFixtureProgram({
    "Pulumi.yaml": `name: ${opts.name}\nruntime: nodejs\ndescription: engine-tier test program\n`,
    ...(opts.program !== undefined ? { "index.js": opts.program } : {}),
    ...(opts.files || {}),
  });
  writeFileSync(
    join(fixture.dir, "package.json"),
    JSON.stringify({ name: opts.name, private: true, main: opts.main || "index.js" }),
  );
  const stateDir = mkdtempSync(join(tmpdir(), "pck-pulumi-state-"));
  const env = offlineEnv(opts.binDir, stateDir);
  if (opts.pathDirs?.length) env.PATH = [opts.binDir, ...opts.pathDirs, process.env.PATH || ""].join(delimiter);
  const log: string[] = [];

  const run = (args: string[], ro: RunOptions = {}): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(join(opts.binDir, "pulumi"), args, {
        cwd: fixture.dir,
        env: { ...process.env, CI: "true", ...env, ...(ro.env || {}) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        const result = { code: code === null ? 128 : code, stdout, stderr };
        const shownArgs = ro.label || args.join(" ");
        log.push(`$ pulumi ${shownArgs}`);
        log.push(ro.showsSecrets ? "(output holds secrets by design; not kept)" : `${stdout}\n${stderr}`);
        if (result.code !== 0 && !ro.allowFailure) {
          const shown = ro.showsSecrets ? "(output withheld: it holds secrets)" : `${stdout}\n${stderr}`;
          reject(new Error(`pulumi ${shownArgs} exited ${code ?? signal}:\n${shown}`));
        } else resolve(result);
      });
    });

  const stack = opts.stack || "e2e";
  await run(["stack", "init", stack, "--non-interactive"]);
  return {
    dir: fixture.dir,
    stateDir,
    env,
    run,
    async setConfig(config, secretKeys = []) {
      // One `config set-all` (one CLI start instead of one per key); --plaintext says "not a secret" to the
      // CLI's looks-like-a-secret guard.
      const args = ["config", "set-all", "--non-interactive"];
      for (const [key, value] of Object.entries(config)) {
        args.push(secretKeys.includes(key) ? "--secret" : "--plaintext", `${key}=${value}`);
      }
      await run(args, { label: `config set-all (${Object.keys(config).join(", ")}; values not logged)` });
    },
    output: () => log.join("\n"),
    cleanup() {
      fixture.cleanup();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

const toolsProvisioned = new Map<string, CliProvision>();

/**
 * Runs `scripts/<script>` once per process for the tool `exe`: the dir holding it and the version the script
 * reports (`using … (<version>)`), or why there is none. Synchronous for the same reason as provisionPulumiCli.
 */
function provisionTool(script: string, exe: string, missing: string): CliProvision {
  const known = toolsProvisioned.get(script);
  if (known) return known;
  const built = ensureBinary(script, exe, missing);
  const provisioned: CliProvision =
    "reason" in built
      ? { ok: false, reason: built.reason }
      : {
          ok: true,
          binDir: built.binDir,
          version: /using .* \((.+)\)\s*$/.exec(built.stderr.trim())?.[1] || "unknown",
        };
  toolsProvisioned.set(script, provisioned);
  return provisioned;
}

/** scripts/ensure-pulumi-yaml.sh: `pulumi-language-yaml`, the language host of Pulumi YAML programs. */
export function provisionPulumiYaml(): CliProvision {
  return provisionTool("ensure-pulumi-yaml.sh", "pulumi-language-yaml", "no YAML language host");
}

/**
 * scripts/ensure-k8s-provider.sh: `pulumi-resource-kubernetes` (a cold build takes about 28 minutes; cached
 * afterwards); `version` is the provider module version the binary was built from.
 */
export function provisionKubernetesProvider(): CliProvision {
  return provisionTool("ensure-k8s-provider.sh", "pulumi-resource-kubernetes", "no kubernetes provider plugin");
}
