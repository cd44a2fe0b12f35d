/**
 * Processes of a `pulumi` run, for the engine-tier crash tests: start the CLI in its own process group, see its
 * process tree (Linux /proc), and SIGKILL exactly the processes a test means, by pid, each checked to still be
 * the same process (its start time) so a reused pid is never hit. Pulumi starts every plugin (language host,
 * resource providers) in a process group of its own (sdk/go/common/util/cmdutil RegisterProcessGroup), so the
 * CLI's group holds the CLI alone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { CliResult, PulumiProject } from "./pulumi-cli";

/** One process as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22): with the pid, the process's identity. */
  startTime: string;
  /** The command line, arguments joined by spaces. */
  cmdline: string;
}

/** The process `pid` as /proc shows it now, or undefined when there is none (or only a zombie). */
export function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // `comm` (field 2) is in parentheses and may hold spaces or parentheses: parse after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const state = rest[0];
    if (state === "Z" || state === "X") return undefined;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return { pid, ppid: Number(rest[1]), pgid: Number(rest[2]), startTime: rest[19], cmdline };
  } catch {
    return undefined;
  }
}

/** Every live process (zombies excluded). */
export function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProcess(Number(name));
    if (p) out.push(p);
  }
  return out;
}

/** The live descendants of `root` (children, their children, …), not `root` itself. */
export function descendants(root: number): ProcessInfo[] {
  const all = listProcesses();
  const out: ProcessInfo[] = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        out.push(p);
        grew = true;
      }
    }
  }
  return out;
}

/** Whether the process is still the one `p` describes (same pid and start time, not a zombie). */
export function isAlive(p: ProcessInfo): boolean {
  const now = readProcess(p.pid);
  return now !== undefined && now.startTime === p.startTime;
}

/** SIGKILLs `p` if it is still that process. Returns whether a signal was sent. */
export function killProcess(p: ProcessInfo): boolean {
  if (!isAlive(p)) return false;
  try {
    process.kill(p.pid, "SIGKILL");
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of `procs` is alive; false after `timeoutMs`. */
export async function waitForExit(procs: ProcessInfo[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!procs.some(isAlive)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !procs.some(isAlive);
}

/** Polls `check` every 50 ms until it returns a value; throws with `what` after `timeoutMs`. */
export async function waitUntil<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A `pulumi` run in its own process group, with its output kept for secret scans. */
export interface KillableRun {
  child: ChildProcess;
  /** The CLI's pid (and its process group id). */
  pid: number;
  /** Settles when the CLI exits; a CLI killed by a signal reports code 137 and the signal. */
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
  /** What it printed so far. */
  output(): string;
}

/**
 * Starts `pulumi <args>` in `project` the way PulumiProject.run does (same cwd and environment), but detached
 * into its own process group and without waiting, so a test can kill it or its plugins mid-run.
 */
export function startPulumi(
  binDir: string,
  project: PulumiProject,
  args: string[],
  env: Record<string, string> = {},
): KillableRun {
  const child = spawn(join(binDir, "pulumi"), args, {
    cwd: project.dir,
    env: { ...process.env, CI: "true", ...project.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code === null ? 137 : code, signal, stdout, stderr }));
  });
  return { child, pid: child.pid!, done, output: () => `${stdout}\n${stderr}` };
}

/** The dynamic provider's node process among `procs` (`pulumi-resource-pulumi-nodejs` runs it under `sh`). */
export function dynamicProviderOf(procs: ProcessInfo[]): ProcessInfo | undefined {
  return procs.find((p) => /\bnode\b/.test(p.cmdline) && /dynamic-provider/.test(p.cmdline));
}
