/**
 * The emulator in a process of its own (`emulator/cli.ts`), for measurements where the emulator's work must not
 * share the measuring process's event loop: what a call costs on our side is then all that process does.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { firstLine } from "../test/integration/emulator/cli-process";
import { REPO_ROOT } from "../test/support/build-dist";

/** What the emulator's CLI prints on its first line (the parts the benchmarks use). */
export interface EmulatorProcessInfo {
  caPem: string;
  endpoints: { tke: string };
  credentials: { tencent: { secretId: string; secretKey: string; region: string } };
  seed: { tke: { extranetCluster: { id: string } } };
}

export interface EmulatorProcess {
  info: EmulatorProcessInfo;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", join("emulator", "cli.ts"), "--port", "0", "--exit-on-stdin-close"],
    { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
  const { line } = await firstLine(child);
  const printed = JSON.parse(line) as Omit<EmulatorProcessInfo, "caPem"> & { caPath: string };
  const info: EmulatorProcessInfo = { ...printed, caPem: readFileSync(printed.caPath, "utf8") };
  return {
    info,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin!.end();
      }),
  };
}
