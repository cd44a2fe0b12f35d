/**
 * Every example runs as a user would run it, not only type-checks: its own Pulumi.yaml, index.ts and
 * (user) tsconfig.json in a program directory with the package installed, through the real CLI and Pulumi's
 * TypeScript runner, with the kubernetes plugin, against the emulator with the config its README documents
 * (`deployWorkload=false`: the emulated clusters serve discovery only). `pulumi up` then `pulumi destroy`.
 * (Pulumi's runner adds moduleResolution=nodenext to a commonjs tsconfig, which fails with TS5110.)
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { REPO_ROOT, ensureDistBuilt } from "../support/build-dist";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { expectNoSecrets } from "../support/secret-scan";
import {
  credentialSecrets,
  emulatorConfig,
  installKubernetesPlugin,
  requireKubernetesPlugin,
  requirePulumiCli,
} from "../support/engine-stack";

jest.setTimeout(300_000);

const binDir = requirePulumiCli();
const pluginDir = binDir ? requireKubernetesPlugin() : undefined;
const describeWithPlugin = binDir && pluginDir ? describe : describe.skip;

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out}`)),
    );
  });
}

/** The per-example config each README's emulator walkthrough sets. */
const EXAMPLES: Record<string, (e: EmulatorHandle) => Record<string, string>> = {
  "ucs-to-kubernetes": (e) => ({ clusterId: e.seed.ucs.clusters[0].id }),
  "cce-rotation": (e) => ({ clusterId: e.seed.cce.publicCluster.id }),
  "fleet-federation": (e) => ({
    fleetId: e.seed.ucs.fleets.federated.id,
    projectId: e.credentials.huawei.projectId,
    vpcId: e.seed.ucs.vpcId,
    subnetId: e.seed.ucs.subnetId,
  }),
  "fleet-federation-kubeconfig": (e) => ({ fleetId: e.seed.ucs.fleets.federated.id }),
  "tke-public-endpoint": (e) => ({ clusterId: e.seed.tke.extranetCluster.id }),
  "multi-cloud": (e) => ({ cceClusterId: e.seed.cce.publicCluster.id, tkeClusterId: e.seed.tke.extranetCluster.id }),
};

describeWithPlugin("the examples, run as users run them", () => {
  let emu: EmulatorHandle;
  const outputs: string[] = [];

  let installed = "";

  beforeAll(async () => {
    // One real `npm install` of the examples' dependencies (they are the same for all five) from the npm
    // registry, with this package installed from the repository, as each README says.
    installed = mkdtempSync(join(tmpdir(), "pck-examples-"));
    cpSync(join(REPO_ROOT, "examples", "ucs-to-kubernetes", "package.json"), join(installed, "package.json"));
    ensureDistBuilt();
    await run("npm", ["install", REPO_ROOT, "--no-audit", "--no-fund", "--loglevel=error"], installed);
    emu = await startEmulator();
  });
  afterAll(async () => {
    if (installed) rmSync(installed, { recursive: true, force: true });
    if (emu) {
      expectNoSecrets(outputs.join("\n"), credentialSecrets(emu));
      await emu.stop();
    }
  });

  it.each(Object.keys(EXAMPLES))("%s: pulumi up and destroy against the emulator", async (name) => {
    const dir = join(REPO_ROOT, "examples", name);
    const read = (f: string) => readFileSync(join(dir, f), "utf8");
    const project: PulumiProject = await createPulumiProject({
      binDir: binDir!,
      name,
      files: {
        "Pulumi.yaml": read("Pulumi.yaml"),
        "index.ts": read("index.ts"),
        "tsconfig.json": read("tsconfig.json"),
      },
      main: "index.ts",
    });
    // The dependencies exactly as a user gets them from the example's package.json (see beforeAll), not this
    // repository's dev dependencies: Pulumi's TypeScript runner picks ts-node and TypeScript from there.
    rmSync(join(project.dir, "node_modules"), { recursive: true, force: true });
    symlinkSync(join(installed, "node_modules"), join(project.dir, "node_modules"));
    const asInstalled = {};
    try {
      await installKubernetesPlugin(project, pluginDir!);
      const { config, secretKeys } = emulatorConfig(emu);
      const own: Record<string, string> = { [`${name}:deployWorkload`]: "false" };
      for (const [k, v] of Object.entries(EXAMPLES[name](emu))) own[`${name}:${k}`] = v;
      await project.setConfig({ ...config, ...own }, secretKeys);
      const up = await project.run(["up", "--yes", "--skip-preview", "--non-interactive"], asInstalled);
      expect(up.stdout).toMatch(/created/);
      expect(up.stdout).not.toMatch(/error:/);
      const destroy = await project.run(["destroy", "--yes", "--non-interactive"], asInstalled);
      expect(destroy.stdout).toMatch(/deleted/);
    } finally {
      outputs.push(project.output());
      project.cleanup();
    }
  });
});
