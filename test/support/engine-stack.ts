/**
 * Shared by the engine-tier tests: the CLI gate (fail in CI, skip visibly elsewhere), the stack config that
 * points the resources at an emulator, the secrets to scan for, and kubectl against an emulated cluster.
 */
import { execFile, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { emulatorSecretsByName, emulatorStackConfig } from "../../emulator/stack-config";
import type { EmulatorHandle } from "../../emulator";
import { ensureDistBuilt, REPO_ROOT } from "./build-dist";
import { expectNoSecrets } from "./secret-scan";
import { provisionKubeApiserver } from "./kube-control-plane";
import {
  provisionKubernetesProvider,
  provisionPulumiCli,
  provisionPulumiYaml,
  type CliProvision,
  type PulumiProject,
} from "./pulumi-cli";

/** The demo program (root Pulumi.yaml): the engine tier runs exactly what users see in `npm run demo`. */
export const DEMO_PROGRAM = readFileSync(join(REPO_ROOT, "demo", "index.js"), "utf8");

/**
 * The provisioned tool's bin dir, or `undefined` after registering one test that explains why there is none:
 * `the <tool> can be provisioned (required in CI)` fails under CI=true; elsewhere `<tier> skipped: no <what>`
 * is skipped, with the reason in its name and on the console.
 */
function requireProvisioned(
  provisioned: CliProvision,
  names: { tool: string; tier: string; what: string },
): string | undefined {
  if (provisioned.ok) return provisioned.binDir;
  const reason = provisioned.reason;
  if (process.env.CI === "true") {
    test(`the ${names.tool} can be provisioned (required in CI)`, () => {
      throw new Error(reason);
    });
  } else {
    console.warn(`${names.tier} skipped: ${reason}`);
    test.skip(`${names.tier} skipped: no ${names.what} (${reason.split("\n")[0]})`, () => undefined);
  }
  return undefined;
}

/** The CLI's bin dir, or `undefined` after registering the test that says why (see requireProvisioned). */
export function requirePulumiCli(): string | undefined {
  return requireProvisioned(provisionPulumiCli(), { tool: "Pulumi CLI", tier: "engine tier", what: "Pulumi CLI" });
}

/** The YAML language host's bin dir, or `undefined` after registering the test that says why. */
export function requireYamlHost(): string | undefined {
  return requireProvisioned(provisionPulumiYaml(), {
    tool: "YAML language host",
    tier: "YAML program",
    what: "pulumi-language-yaml",
  });
}

/**
 * The dir holding `kube-apiserver` and `etcd`, or `undefined` after registering the test that says why: required
 * (and built) under CI=true; elsewhere skipped unless built (see provisionKubeApiserver).
 */
export function requireKubeApiserver(): { binDir: string; version: string } | undefined {
  const provisioned = provisionKubeApiserver();
  const binDir = requireProvisioned(provisioned, {
    tool: "kube-apiserver",
    tier: "kube-apiserver e2e",
    what: "kube-apiserver",
  });
  return binDir && provisioned.ok ? { binDir, version: provisioned.version } : undefined;
}

/** Plain and secret stack config that points every resource at the emulator (as test/protocol does). */
export function emulatorConfig(emu: EmulatorHandle): { config: Record<string, string>; secretKeys: string[] } {
  const hw = emu.credentials.huawei;
  const tc = emu.credentials.tencent;
  const config: Record<string, string> = {
    ...emulatorStackConfig(emu),
    "huaweicloud:projectId": hw.projectId,
    // The TKE resource uses per-resource (temporary) credentials, to show those are secret in state too.
    "demo:tkeSecretId": tc.temporary.secretId,
    "demo:tkeSecretKey": tc.temporary.secretKey,
    "demo:tkeSecurityToken": tc.temporary.token,
  };
  const secretKeys = [
    "huaweicloud:accessKey",
    "huaweicloud:secretKey",
    "tencentcloud:secretId",
    "tencentcloud:secretKey",
    "demo:tkeSecretKey",
    "demo:tkeSecurityToken",
  ];
  return { config, secretKeys };
}

/** Every credential the stack uses, labelled (the scan names labels only). */
export function credentialSecrets(emu: EmulatorHandle): Record<string, string> {
  const all = emulatorSecretsByName(emu);
  const used = ["huawei secretKey", "tencent secretKey", "tencent temporary secretKey", "tencent temporary token"];
  return Object.fromEntries(used.map((label) => [label, all[label]]));
}

export { privateKeyOf } from "./secret-scan";

const DAY = 24 * 60 * 60 * 1000;

/**
 * Moves the emulator's clock one day past the latest `renewAt` of `outputs`, which must still be before their
 * earliest `expiresAt`; returns that time and the env that puts the provider's clock there too.
 */
export function pastRenewal(
  emu: EmulatorHandle,
  outputs: Array<Record<string, string>>,
): { later: Date; env: Record<string, string> } {
  const later = new Date(Math.max(...outputs.map((o) => Date.parse(o.renewAt))) + DAY);
  expect(later.getTime()).toBeLessThan(Math.min(...outputs.map((o) => Date.parse(o.expiresAt))));
  emu.clock.set(later);
  return { later, env: { PULUMI_CLOUD_KUBECONFIG_NOW: later.toISOString() } };
}

/** `pulumi preview --json` with `env`: the operations it plans for the resource whose URN ends with `urnEnd`. */
export async function plannedOps(
  project: PulumiProject,
  env: Record<string, string>,
): Promise<(urnEnd: string) => string[]> {
  const preview = await project.run(["preview", "--json", "--non-interactive"], { env });
  const steps: { op: string; urn: string }[] = JSON.parse(preview.stdout).steps || [];
  return (urnEnd) => steps.filter((st) => st.urn.endsWith(urnEnd)).map((st) => st.op);
}

/**
 * `kubectl get --raw /version`, asynchronously (the emulated clusters answer from this event loop); `env` on top of
 * the process's environment (an exec plugin's PATH and credentials).
 */
export async function kubectlVersion(
  kubeconfig: string,
  file: string,
  env: Record<string, string> = {},
): Promise<string> {
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  const { stdout } = await promisify(execFile)(
    "kubectl",
    ["--kubeconfig", file, "get", "--raw", "/version", "--request-timeout=10s"],
    { encoding: "utf8", env: { ...process.env, ...env } },
  );
  return String(JSON.parse(stdout).gitVersion);
}

/** Pulumi's marker for an encrypted secret in `stack export` (sig of the secret "type"). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Whether a state value is a secret stored as ciphertext (not plaintext) in `stack export`. */
export function isCiphertext(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  return o[SECRET_SIG_KEY] === SECRET_SIG && typeof o.ciphertext === "string" && !("plaintext" in o);
}

/** The plugin version the npm SDK asks the engine for; the build is installed under it (docs/pulumi-cli.md). */
export const KUBERNETES_SDK_VERSION: string = JSON.parse(
  readFileSync(join(REPO_ROOT, "node_modules", "@pulumi", "kubernetes", "package.json"), "utf8"),
).version;

/**
 * The kubernetes provider plugin's dir, or `undefined` after registering the test that says why, naming `tier`
 * (see requireProvisioned).
 */
export function requireKubernetesPlugin(tier = "kubernetes chain"): string | undefined {
  return requireProvisioned(provisionKubernetesProvider(), {
    tool: "kubernetes provider plugin",
    tier,
    what: "kubernetes plugin",
  });
}

/**
 * Installs the kubernetes provider plugin into the project's own PULUMI_HOME, under the version the npm SDK
 * requests (the offline build is older; docs/pulumi-cli.md), so `@pulumi/kubernetes` resources can run offline.
 */
export async function installKubernetesPlugin(project: PulumiProject, pluginDir: string): Promise<void> {
  await project.run([
    "plugin",
    "install",
    "resource",
    "kubernetes",
    KUBERNETES_SDK_VERSION,
    "--file",
    join(pluginDir, "pulumi-resource-kubernetes"),
  ]);
}

/**
 * The provider plugin archive (scripts/pack-plugin.sh) of the current source, packed into `outDir` from the
 * dist/ the tests build: what a user installs with `pulumi plugin install resource cloud-kubeconfig`.
 */
export function packPlugin(outDir: string): string {
  ensureDistBuilt();
  const r = spawnSync("bash", [join(REPO_ROOT, "scripts", "pack-plugin.sh"), outDir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, PACK_PLUGIN_SKIP_BUILD: "1" },
  });
  if (r.status !== 0) throw new Error(`scripts/pack-plugin.sh failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout.trim().split("\n").pop()!;
}

/**
 * The end of an engine-tier suite: whatever happened, nothing any command printed may carry a credential of the
 * emulator or an issued key (`keys`); then the project, the emulator and `dirs` go.
 */
export async function finishSuite(
  project: PulumiProject | undefined,
  emu: EmulatorHandle | undefined,
  keys: Record<string, string>,
  ...dirs: string[]
): Promise<void> {
  if (project) {
    if (emu) expectNoSecrets(project.output(), { ...credentialSecrets(emu), ...keys });
    project.cleanup();
  }
  if (emu) await emu.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
