/**
 * Shared by the engine-tier tests: the CLI gate (fail in CI, skip visibly elsewhere), the stack config that
 * points the resources at an emulator, the secrets to scan for, and kubectl against an emulated cluster.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { emulatorStackConfig } from "../../emulator/stack-config";
import type { EmulatorHandle } from "../../emulator";
import { REPO_ROOT } from "./build-dist";
import { provisionKubernetesProvider, provisionPulumiCli, type PulumiProject } from "./pulumi-cli";

/** The demo program (root Pulumi.yaml): the engine tier runs exactly what users see in `npm run demo`. */
export const DEMO_PROGRAM = readFileSync(join(REPO_ROOT, "demo", "index.js"), "utf8");

/**
 * The CLI's bin dir, or `undefined` after registering one test that explains why there is none: it fails
 * under CI=true and is skipped (with the reason in its name and on the console) elsewhere.
 */
export function requirePulumiCli(): string | undefined {
  const cli = provisionPulumiCli();
  if (cli.ok) return cli.binDir;
  if (process.env.CI === "true") {
    test("the Pulumi CLI can be provisioned (required in CI)", () => {
      throw new Error(cli.reason);
    });
  } else {
    console.warn(`engine tier skipped: ${cli.reason}`);
    test.skip(`engine tier skipped: no Pulumi CLI (${cli.reason.split("\n")[0]})`, () => undefined);
  }
  return undefined;
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
  const hw = emu.credentials.huawei;
  const tc = emu.credentials.tencent;
  return {
    "huawei secretKey": hw.secretKey,
    "tencent secretKey": tc.secretKey,
    "tencent temporary secretKey": tc.temporary.secretKey,
    "tencent temporary token": tc.temporary.token,
  };
}

export { privateKeyOf } from "./secret-scan";

/** `kubectl get --raw /version`, asynchronously (the emulated clusters answer from this event loop). */
export async function kubectlVersion(kubeconfig: string, file: string): Promise<string> {
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  const { stdout } = await promisify(execFile)(
    "kubectl",
    ["--kubeconfig", file, "get", "--raw", "/version", "--request-timeout=10s"],
    { encoding: "utf8" },
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
 * The plugin's dir, or `undefined` after registering one test that explains why there is none: it fails under
 * CI=true and is skipped (with the reason in its name and on the console) elsewhere, like requirePulumiCli.
 */
export function requireKubernetesPlugin(): string | undefined {
  const plugin = provisionKubernetesProvider();
  if (plugin.ok) return plugin.binDir;
  if (process.env.CI === "true") {
    test("the kubernetes provider plugin can be provisioned (required in CI)", () => {
      throw new Error(plugin.reason);
    });
  } else {
    console.warn(`kubernetes chain skipped: ${plugin.reason}`);
    test.skip(`kubernetes chain skipped: no kubernetes plugin (${plugin.reason.split("\n")[0]})`, () => undefined);
  }
  return undefined;
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
