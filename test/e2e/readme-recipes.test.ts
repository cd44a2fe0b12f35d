/**
 * The shell recipes of README.md and the examples' READMEs, run as a user runs them: each fenced `sh` block that
 * follows a `<!-- recipe: NAME -->` marker is run by a fresh `bash` (with `set -e` and a line report added), in a
 * clean checkout of HEAD (`git archive`, what a clone holds) outside the repository, with the real `pulumi` CLI
 * on PATH and a fresh HOME. The checkout gets this repository's node_modules linked instead of running `npm ci`
 * (the one line of the Install recipe left out). Everything else comes from the npm registry, as for a user.
 *
 * - Install: `npm pack` in the clone, then `npm install <tarball> @pulumi/pulumi @pulumi/kubernetes` in a program
 *   next to it; the package then loads from there.
 * - The emulator recipes: pack, start the emulator, install the tarball into an example, configure a stack,
 *   `pulumi up`, `pulumi destroy`, `pulumi stack rm`, stop the emulator, which must then be gone.
 */
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { demoCredentials } from "../../emulator/credentials";
import { REPO_ROOT } from "../support/build-dist";
import { expectNoSecrets } from "../support/secret-scan";
import { requireKubernetesPlugin, requirePulumiCli } from "../support/engine-stack";

jest.setTimeout(900_000);

const execFileP = promisify(execFile);

/** The `sh` block that follows `<!-- recipe: name -->` in a Markdown file. */
function recipe(markdown: string, name: string): string {
  const marker = `<!-- recipe: ${name} -->`;
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker}`);
  const m = /^```sh\n([\s\S]*?)^```$/m.exec(markdown.slice(at + marker.length));
  if (!m) throw new Error(`no sh block after ${marker}`);
  return m[1];
}

const read = (rel: string) => readFileSync(join(REPO_ROOT, rel), "utf8");
const VERSION: string = JSON.parse(read("package.json")).version;
// CONTRIBUTING.md is left out: its release steps name the next version on purpose.
const DOCS = ["README.md", ...readdirSync(join(REPO_ROOT, "examples")).map((e) => `examples/${e}/README.md`)];

/** Every README with an emulator recipe, and the example it runs. */
const EMULATOR_RECIPES = [
  "README.md",
  ...readdirSync(join(REPO_ROOT, "examples"))
    .map((e) => `examples/${e}/README.md`)
    .filter((f) => read(f).includes("<!-- recipe: emulator -->")),
];

describe("recipes name the version being packed", () => {
  it.each(DOCS)("%s names pulumi-cloud-kubeconfig-<version>.tgz of package.json only", (doc) => {
    const named = read(doc).match(/pulumi-cloud-kubeconfig-\d[^\s/`"']*?\.tgz/g) || [];
    expect(named.filter((n) => n !== `pulumi-cloud-kubeconfig-${VERSION}.tgz`)).toEqual([]);
  });

  it("every example's README runs the example against the emulator, itself or through README.md", () => {
    for (const e of readdirSync(join(REPO_ROOT, "examples"))) {
      const own = read(`examples/${e}/README.md`).includes("<!-- recipe: emulator -->");
      const viaRoot = recipe(read("README.md"), "emulator").includes(`cd examples/${e}\n`);
      expect({ example: e, covered: own || viaRoot }).toEqual({ example: e, covered: true });
    }
  });
});

const binDir = requirePulumiCli();
const pluginDir = binDir ? requireKubernetesPlugin() : undefined;
const hasJq = (() => {
  try {
    require("node:child_process").execFileSync("jq", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (binDir && !hasJq) {
  if (process.env.CI === "true") {
    test("jq is installed (required in CI for the README recipes)", () => {
      throw new Error("no jq on PATH");
    });
  } else test.skip("README recipes skipped: no jq on PATH", () => undefined);
}
const describeRecipes = binDir && pluginDir && hasJq ? describe : describe.skip;

interface Ran {
  code: number;
  output: string;
  /** Whether any process the recipe started was still running once bash had exited. */
  leftRunning: boolean;
}

describeRecipes("README recipes, run as written", () => {
  let root: string;
  let clone: string;
  let env: NodeJS.ProcessEnv;
  const outputs: string[] = [];

  /** Runs a recipe in a new bash (own process group) and reports what it left running. */
  function runRecipe(script: string, cwd: string): Promise<Ran> {
    const body = `set -e\ntrap 'echo "recipe failed at line $LINENO: $BASH_COMMAND" >&2' ERR\n${script}`;
    return new Promise((resolve, reject) => {
      const child = spawn("bash", ["-c", body], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("error", reject);
      // "exit", not "close": a process left running keeps bash's stderr open.
      child.on("exit", async (code) => {
        let leftRunning = true;
        for (let i = 0; i < 100 && leftRunning; i++) {
          try {
            process.kill(-child.pid!, 0);
            await new Promise((r) => setTimeout(r, 100));
          } catch {
            leftRunning = false;
          }
        }
        if (leftRunning) process.kill(-child.pid!, "SIGKILL");
        await new Promise((r) => (child.stderr.readableEnded ? r(undefined) : child.stderr.once("close", r)));
        outputs.push(output);
        resolve({ code: code ?? 128, output, leftRunning });
      });
    });
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "pck-recipes-"));
    clone = join(root, "pulumi-cloud-kubeconfig");
    for (const d of [clone, join(root, "home"), join(root, "tmp")]) mkdirSync(d);
    await execFileP("bash", ["-c", 'git -C "$0" archive --format=tar HEAD | tar -x -C "$1"', REPO_ROOT, clone]);
    symlinkSync(join(REPO_ROOT, "node_modules"), join(clone, "node_modules"));
    // A user's shell: none of npm's per-run settings (Jest may run under `npm test`) or this machine's Pulumi
    // settings; a fresh HOME (Pulumi's state and plugins), the npm cache and the toolchain cache kept.
    env = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|PULUMI_)/i.test(k)) env[k] = v;
    const { stdout: npmCache } = await execFileP("npm", ["config", "get", "cache"], { env });
    Object.assign(env, {
      HOME: join(root, "home"),
      TMPDIR: join(root, "tmp"),
      PATH: `${binDir}${delimiter}${process.env.PATH || ""}`,
      npm_config_cache: npmCache.trim(),
      XDG_CACHE_HOME: process.env.XDG_CACHE_HOME || join(homedir(), ".cache"),
      GOPATH: process.env.GOPATH || join(homedir(), "go"),
      // The offline CLI: no update check, no plugin download (the plugin is installed by its recipe).
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    });
    const plugin = await runRecipe(recipe(read("README.md"), "offline-kubernetes-plugin"), clone);
    expect(plugin).toMatchObject({ code: 0, leftRunning: false });
  });
  afterAll(() => {
    const fake = demoCredentials();
    expectNoSecrets(outputs.join("\n"), {
      "huawei secretKey": fake.huawei.secretKey,
      "tencent secretKey": fake.tencent.secretKey,
    });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("Install: npm pack in the clone, npm install of the tarball in a program next to it", async () => {
    const pack = recipe(read("README.md"), "pack");
    expect(pack.split("\n")).toContain("npm ci"); // the line replaced by the linked node_modules
    const packed = await runRecipe(pack.replace(/^npm ci\n/m, ""), clone);
    expect(packed).toMatchObject({ code: 0, leftRunning: false });

    const program = join(root, "my-program");
    mkdirSync(program);
    writeFileSync(join(program, "package.json"), JSON.stringify({ name: "my-program", private: true }));
    const installed = await runRecipe(recipe(read("README.md"), "install"), program);
    expect(installed).toMatchObject({ code: 0, leftRunning: false });

    const deps = JSON.parse(readFileSync(join(program, "package.json"), "utf8")).dependencies;
    expect(deps["pulumi-cloud-kubeconfig"]).toBe(
      `file:../pulumi-cloud-kubeconfig/pulumi-cloud-kubeconfig-${VERSION}.tgz`,
    );
    const probe = `const k = require("pulumi-cloud-kubeconfig");
      require.resolve("pulumi-cloud-kubeconfig/provider");
      console.log(["UcsClusterKubeconfig", "CceClusterKubeconfig", "FleetFederationConnection",
        "FleetFederationKubeconfig", "TkeClusterKubeconfig"].filter((n) => typeof k[n] === "function").join(","));`;
    const { stdout } = await execFileP(process.execPath, ["-e", probe], { cwd: program });
    expect(stdout.trim()).toBe(
      "UcsClusterKubeconfig,CceClusterKubeconfig,FleetFederationConnection,FleetFederationKubeconfig,TkeClusterKubeconfig",
    );
  });

  it.each(EMULATOR_RECIPES)("%s: the emulator recipe", async (doc) => {
    const script = recipe(read(doc), "emulator");
    const ran = await runRecipe(script, clone);
    if (ran.code !== 0) throw new Error(`${doc}: the recipe exited ${ran.code}:\n${ran.output}`);
    expect(ran.output).toMatch(/Resources:\s*\n\s*\+ \d+ created/);
    expect(ran.output).toMatch(/Resources:\s*\n\s*- \d+ deleted/);
    expect(ran.output).toMatch(/Stack 'emulator' has been removed!/);
    expect(ran.output).not.toMatch(/looks like a secret/);
    // `kill "$EMULATOR_PID"` stopped the emulator: nothing of the recipe's is left running.
    expect(ran.leftRunning).toBe(false);
  });
});
