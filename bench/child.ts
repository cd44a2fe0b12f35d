import { spawn } from "node:child_process";

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, ms. */
  ms: number;
}

/**
 * Runs a command asynchronously (never spawnSync: the emulator answers from this process's event loop) and
 * resolves with its output and wall time.
 */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; check?: boolean; onSpawn?: (pid: number) => void } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env || process.env, stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const result = { code, stdout, stderr, ms };
      if (opts.check !== false && code !== 0) {
        reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${stderr.slice(-2000)}`));
      } else resolve(result);
    });
  });
}

/** `node -e script` in `cwd`. */
export function runNode(script: string, cwd: string, env?: NodeJS.ProcessEnv): Promise<ChildResult> {
  return run(process.execPath, ["-e", script], { cwd, env });
}
