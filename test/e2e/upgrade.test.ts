/**
 * Upgrade safety, kept for every release: a stack written by a released version (test/e2e/releases.json, each
 * built from its commit by scripts/ensure-release-package.sh) must, once the program's dependency is switched
 * to a tarball packed from the working tree, preview with no change and no replacement, refresh without
 * losing a resource, and destroy what the release made, VPC endpoint included. Everything runs through the real
 * `pulumi` CLI, with both packages installed by a real `npm install` of their tarballs (docs/engine-tier.md).
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual, promisify } from "node:util";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { REPO_ROOT, ensureDistBuilt } from "../support/build-dist";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { expectNoSecrets } from "../support/secret-scan";
import { credentialSecrets, emulatorConfig, privateKeyOf, requirePulumiCli } from "../support/engine-stack";

jest.setTimeout(300_000);

/** version → commit of every release; the next release adds one line. */
const RELEASES: Array<[string, string]> = Object.entries(
  JSON.parse(readFileSync(join(__dirname, "releases.json"), "utf8")) as Record<string, string>,
);

const NAMES = ["ucs", "cce", "fleet", "fleetKubeconfig", "tke"] as const;
type Name = (typeof NAMES)[number];
const TYPES = [
  "CceClusterKubeconfig",
  "FleetFederationConnection",
  "FleetFederationKubeconfig",
  "TkeClusterKubeconfig",
  "UcsClusterKubeconfig",
];

/**
 * The program, frozen: it has to run unchanged under every release, so it uses only 0.1.0's inputs (those of
 * five-resources.test.ts, i.e. demo/index.js) and must not follow later changes to the demo.
 */
const PROGRAM = `import { Config } from "@pulumi/pulumi";
import {
  CceClusterKubeconfig,
  FleetFederationConnection,
  FleetFederationKubeconfig,
  TkeClusterKubeconfig,
  UcsClusterKubeconfig,
} from "pulumi-cloud-kubeconfig";

const cfg = new Config("demo");
const hw = new Config("huaweicloud");
const tc = new Config("tencentcloud");
const validityDays = 365;

const ucs = new UcsClusterKubeconfig("ucs", { clusterId: cfg.require("ucsClusterId") });
const cce = new CceClusterKubeconfig("cce", {
  clusterId: cfg.require("cceClusterId"),
  validityDays,
  contextName: "cce-demo",
});
const fleet = new FleetFederationConnection("fleet", {
  clusterGroupId: cfg.require("fleetId"),
  projectId: hw.require("projectId"),
  vpcId: cfg.require("vpcId"),
  subnetId: cfg.require("subnetId"),
  validityDays,
});
const fleetKubeconfig = new FleetFederationKubeconfig(
  "fleet-kubeconfig",
  { clusterGroupId: cfg.require("fleetId"), validityDays, contextName: "federation-team-b" },
  { dependsOn: [fleet] },
);
const tke = new TkeClusterKubeconfig("tke", {
  clusterId: cfg.require("tkeClusterId"),
  region: tc.get("region"),
  endpoint: "extranet",
  credentials: {
    secretId: cfg.require("tkeSecretId"),
    secretKey: cfg.requireSecret("tkeSecretKey"),
    securityToken: cfg.requireSecret("tkeSecurityToken"),
  },
});

export const kubeconfigs = {
  ucs: ucs.kubeconfig,
  cce: cce.kubeconfig,
  fleet: fleet.kubeconfig,
  fleetKubeconfig: fleetKubeconfig.kubeconfig,
  tke: tke.kubeconfig,
};
export const vpcEndpointId = fleet.vpcEndpointId;
`;

/** A user's tsconfig for Pulumi's TypeScript runner (as the examples ship; frozen with the program). */
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    lib: ["ES2020", "ES2022.Error"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  },
  files: ["index.ts"],
});

const repoPackage = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
/** The SDK the CLI's dynamic-provider shim was taken from (scripts/ensure-pulumi.sh), pinned exactly. */
const PULUMI_SDK_VERSION: string = JSON.parse(
  readFileSync(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
).version;

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${stdout}\n${stderr}`)),
    );
  });
}

/** The release's tarball, built once per commit and cached (scripts/ensure-release-package.sh). */
async function releaseTarball(commit: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    "bash",
    [join(REPO_ROOT, "scripts", "ensure-release-package.sh"), commit],
    {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout.trim().split("\n").pop() || "";
}

/**
 * `npm pack` of the working tree, into `dir`. dist is built first under build-dist's lock, and the prepack
 * build is skipped, so no other Jest worker sees dist rewritten while it copies it.
 */
async function currentTarball(dir: string): Promise<string> {
  ensureDistBuilt();
  const packed = JSON.parse(
    await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], REPO_ROOT),
  );
  const tgz = join(dir, packed[0].filename);
  const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
  expect(files).toEqual(expect.arrayContaining(["dist/provider/index.js", "dist/sdk/index.js"]));
  return tgz;
}

const NPM_INSTALL = ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"];

/** What `package-lock.json` says is installed as this package: the tarball it came from and its version. */
function installedPackage(dir: string): { resolved: string; version: string } {
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
  const entry = lock.packages["node_modules/pulumi-cloud-kubeconfig"] || {};
  const installed = JSON.parse(
    readFileSync(join(dir, "node_modules", "pulumi-cloud-kubeconfig", "package.json"), "utf8"),
  );
  return { resolved: String(entry.resolved), version: String(installed.version) };
}

/** Lines of a `preview --diff` that plan a change to one of our resources (or to anything at all). */
function plannedChanges(output: string): string[] {
  return output
    .split("\n")
    .filter(
      (line) =>
        /^\s*(\+-|-\+|\+\+|--|~|\+|-|<=|=>|>)\s*pulumi-nodejs:dynamic\//.test(line) ||
        /\((update|replace|create|delete|create-replacement|delete-replaced|import|read)\)/.test(line),
    );
}

type StateResource = { type: string; urn: string; id?: string; outputs?: Record<string, unknown> };

const binDir = requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

describeWithCli.each(RELEASES)(
  "a stack written by release %s (commit %s), under the working tree",
  (version, commit) => {
    let emu: EmulatorHandle;
    let project: PulumiProject;
    const tarballs = { release: "", current: "" };
    let packDir = "";
    const keys: Record<string, string> = {};
    const npmOutput: string[] = [];
    let vpcEndpointsBefore: string[] = [];
    let vpcEndpointId = "";
    let written: StateResource[] = [];

    const liveVpcEndpoints = (): string[] => emu.state.vpcEndpoints.filter((e) => !e.deletedAt).map((e) => e.id);

    /** Our resources in `stack export`; `showSecrets` decrypts them (the output is then kept out of the log). */
    async function ours(showSecrets = false): Promise<StateResource[]> {
      const args = ["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])];
      const state = JSON.parse((await project.run(args, { showsSecrets: showSecrets })).stdout);
      return (state.deployment.resources || []).filter((r: StateResource) =>
        r.type.startsWith("pulumi-nodejs:dynamic/"),
      );
    }

    async function install(...specs: string[]): Promise<void> {
      npmOutput.push(await run("npm", [...NPM_INSTALL, ...specs], project.dir));
    }

    beforeAll(async () => {
      // Before the emulator exists: both tarballs (a cold release build takes 20 to 80 s).
      packDir = mkdtempSync(join(tmpdir(), "pck-upgrade-pack-"));
      tarballs.release = await releaseTarball(commit);
      expect(existsSync(tarballs.release)).toBe(true);
      tarballs.current = await currentTarball(packDir);

      emu = await startEmulator();
      vpcEndpointsBefore = liveVpcEndpoints();
      project = await createPulumiProject({
        binDir: binDir!,
        name: "pck-e2e-upgrade",
        files: {
          "Pulumi.yaml": "name: pck-e2e-upgrade\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
          "index.ts": PROGRAM,
          "tsconfig.json": TSCONFIG,
        },
        main: "index.ts",
      });
      // A user's project, not the fixture's copy of the working tree: the release comes from its tarball.
      rmSync(join(project.dir, "node_modules"), { recursive: true, force: true });
      writeFileSync(
        join(project.dir, "package.json"),
        JSON.stringify({
          name: "pck-e2e-upgrade",
          private: true,
          main: "index.ts",
          dependencies: { "@pulumi/pulumi": PULUMI_SDK_VERSION, "pulumi-cloud-kubeconfig": `file:${tarballs.release}` },
          devDependencies: {
            "@types/node": repoPackage.devDependencies["@types/node"],
            typescript: repoPackage.devDependencies.typescript,
          },
        }),
      );
      await install();
      expect(installedPackage(project.dir)).toEqual({ resolved: expect.stringContaining(`/${commit}`), version });

      const { config, secretKeys } = emulatorConfig(emu);
      await project.setConfig(
        {
          ...config,
          "demo:ucsClusterId": emu.seed.ucs.clusters[0].id,
          "demo:cceClusterId": emu.seed.cce.publicCluster.id,
          "demo:fleetId": emu.seed.ucs.fleets.federated.id,
          "demo:vpcId": emu.seed.ucs.vpcId,
          "demo:subnetId": emu.seed.ucs.subnetId,
          "demo:tkeClusterId": emu.seed.tke.extranetCluster.id,
        },
        secretKeys,
      );
    }, 900_000);

    afterAll(async () => {
      try {
        if (project && emu) {
          // Whatever happened, nothing any command printed may carry a credential or an issued key.
          expectNoSecrets(project.output(), { ...credentialSecrets(emu), ...keys });
          expectNoSecrets(npmOutput.join("\n"), { ...credentialSecrets(emu), ...keys });
        }
      } finally {
        project?.cleanup();
        if (emu) await emu.stop();
        if (packDir) rmSync(packDir, { recursive: true, force: true });
      }
    });

    it(`${version}: pulumi up creates all five and the federation VPC endpoint`, async () => {
      const up = await project.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
      expect(up.stdout).toMatch(/6 created/);
      const out = await project.run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true });
      const outputs = JSON.parse(out.stdout) as { kubeconfigs: Record<Name, string>; vpcEndpointId: string };
      for (const name of NAMES) keys[`${name} private key`] = privateKeyOf(outputs.kubeconfigs[name]);
      vpcEndpointId = outputs.vpcEndpointId;
      expect(liveVpcEndpoints()).toContain(vpcEndpointId);
      written = await ours();
      expect(written.map((r) => r.type.split(":").pop()).sort()).toEqual(TYPES);
    });

    it("after switching to the working tree's package, preview --expect-no-changes --diff plans nothing", async () => {
      await install(`file:${tarballs.current}`);
      expect(installedPackage(project.dir)).toEqual({
        resolved: expect.stringMatching(/pck-upgrade-pack-[^/]+\/pulumi-cloud-kubeconfig-[^/]+\.tgz$/),
        version: repoPackage.version,
      });
      const issued = { ...emu.state.issuanceCounts };
      // Exits non-zero (and the run rejects, with the whole diff) on any planned change.
      const preview = await project.run(["preview", "--expect-no-changes", "--diff", "--non-interactive"]);
      expect(plannedChanges(preview.stdout)).toEqual([]);
      expect(preview.stdout).toMatch(/6 unchanged/);
      // The engine's own plan: every step "same" (no update, replace or delete of anything).
      const json = await project.run(["preview", "--json", "--non-interactive"]);
      const steps: { op: string; urn: string }[] = JSON.parse(json.stdout).steps || [];
      expect(steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn}`)).toEqual([]);
      expect(emu.state.issuanceCounts).toEqual(issued);
    });

    it("refresh --expect-no-changes keeps all five, their ids and every output the release wrote", async () => {
      const before = await ours(true);
      await project.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes", "--non-interactive"]);
      const after = await ours(true);
      expect(after.map((r) => `${r.urn} ${r.id}`).sort()).toEqual(written.map((r) => `${r.urn} ${r.id}`).sort());
      // --expect-no-changes judges refresh by the provider's input diff only, so an output the read rewrites
      // (a flipped vpcEndpointCreated leaves the endpoint behind on destroy) passes it. Refresh may add outputs;
      // every output the release wrote keeps its value. Only names are reported: the values hold secrets.
      const rewritten = before.flatMap((b) => {
        const a = after.find((r) => r.urn === b.urn)?.outputs || {};
        const old = b.outputs || {};
        return Object.keys(old)
          .filter((k) => !isDeepStrictEqual(a[k], old[k]))
          .map((k) => `${b.urn.split("::").pop()}.${k}`);
      });
      expect(rewritten).toEqual([]);
      // And the state the working tree's read wrote previews clean as well.
      await project.run(["preview", "--expect-no-changes", "--non-interactive"]);
    });

    it("destroy deletes the release's VPC endpoint and leaves no resource", async () => {
      await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
      expect(liveVpcEndpoints()).not.toContain(vpcEndpointId);
      expect(liveVpcEndpoints().sort()).toEqual([...vpcEndpointsBefore].sort());
      const state = JSON.parse((await project.run(["stack", "export"])).stdout);
      expect(state.deployment.resources || []).toEqual([]);
    });
  },
);
