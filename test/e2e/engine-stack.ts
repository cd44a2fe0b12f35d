/**
 * Shared by the engine-tier tests: the CLI gate (fail in CI, skip visibly elsewhere), the stack config that
 * points the resources at an emulator, the secrets to scan for, and kubectl against an emulated cluster.
 */
import { execFile } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { EmulatorHandle } from "../../emulator";
import { REPO_ROOT } from "../helpers/build-dist";
import { provisionPulumiCli } from "../helpers/pulumi-cli";

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
    "huaweicloud:accessKey": hw.accessKey,
    "huaweicloud:secretKey": hw.secretKey,
    "huaweicloud:region": hw.region,
    "huaweicloud:domainId": hw.domainId,
    "huaweicloud:projectId": hw.projectId,
    "huaweicloud:endpoints": JSON.stringify({
      ucs: emu.endpoints.ucs,
      cce: emu.endpoints.cce(hw.region),
      iam: emu.endpoints.iam(hw.region),
      vpcep: emu.endpoints.vpcep(hw.region),
    }),
    "tencentcloud:secretId": tc.secretId,
    "tencentcloud:secretKey": tc.secretKey,
    "tencentcloud:region": tc.region,
    "tencentcloud:endpoint": emu.endpoints.tke,
    "cloudkubeconfig:caBundle": emu.caPath,
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

/**
 * The secret part of the client key in a kubeconfig (the private scalar, JWK `d`). Not the whole PKCS#8
 * text: its algorithm header is the same for every key of the curve and would match falsely.
 */
export function privateKeyOf(kubeconfig: string): string {
  const m = /client-key-data: (\S+)/.exec(kubeconfig);
  if (!m) throw new Error("kubeconfig has no client-key-data");
  const jwk = createPrivateKey(Buffer.from(m[1], "base64").toString("utf8")).export({ format: "jwk" });
  return String(jwk.d);
}

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
