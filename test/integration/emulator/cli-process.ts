/**
 * The emulator CLI as a child process, for the tests that run it: `npm run emulator` detached into its own
 * process group (so cleanup signals npm and the ts-node child it starts, and nothing else), its first stdout
 * line, its exit, and the cleanup of every group a file started.
 */
import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..", "..");

/** `npm run --silent emulator -- <args>` (--silent keeps npm's banner off stdout: the first line is the emulator's). */
export function spawnNpmEmulator(args: string[]): ChildProcess {
  return spawn("npm", ["run", "--silent", "emulator", "--", ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Resolves with the first stdout line, and everything written to stdout after it so far. */
export function firstLine(p: ChildProcess): Promise<{ line: string; more: () => string }> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    p.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    p.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve({ line: out.slice(0, nl), more: () => out.slice(nl + 1) });
    });
    p.once("exit", (code) => reject(new Error(`emulator exited (${code}) before printing: ${err}`)));
  });
}

export function exited(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve({ code: p.exitCode, signal: p.signalCode });
  return new Promise((resolve) => p.once("exit", (code, signal) => resolve({ code, signal })));
}

/** SIGKILLs the process group of each child that has not exited yet (the groups this file created). */
export function killRemaining(children: ChildProcess[]): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null && c.pid) {
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }
}
