/**
 * Peak resident memory and CPU time of some descendants of one process, sampled from /proc (Linux only). Used for the dynamic
 * provider the Pulumi CLI starts (pulumi → sh pulumi-resource-pulumi-nodejs → node …/cmd/dynamic-provider).
 * This kernel has no /proc/<pid>/task/<tid>/children, so each sample lists /proc and follows parent ids.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface RssPeak {
  /** Sum over the matching processes of each one's peak resident set (VmHWM), KiB. */
  peakKiB: number;
  /** Sum over the matching processes of the CPU time (user + system) each had used at its last sample, ms. */
  cpuMs: number;
  processes: number;
}

export interface RssWatch {
  /** The root process (e.g. the CLI just spawned); only its descendants are sampled. */
  follow(pid: number): void;
  /** Stops sampling and returns the peaks seen. */
  stop(): RssPeak;
}

/** Whether /proc can be read the way {@link watchRss} reads it. */
export const procAvailable = (): boolean => existsSync("/proc/self/status");

/**
 * Samples every `intervalMs` the processes under the followed root whose argv satisfies `matches`. VmHWM is the
 * kernel's own peak for the process, so a sample taken shortly before it exits still sees its peak.
 */
export function watchRss(matches: (argv: string[]) => boolean, intervalMs = 100): RssWatch {
  const parents = new Map<number, number>();
  const peaks = new Map<number, number>();
  const cpu = new Map<number, number>();
  let root: number | undefined;
  const sample = (): void => {
    if (root === undefined) return;
    for (const pid of descendants(root, parents)) {
      if (!matches(argvOf(pid))) continue;
      const kib = statusKiB(pid, "VmHWM");
      if (kib > 0) peaks.set(pid, Math.max(peaks.get(pid) || 0, kib));
      const ms = cpuMsOf(pid);
      if (ms > 0) cpu.set(pid, Math.max(cpu.get(pid) || 0, ms));
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    follow: (pid) => {
      root = pid;
      sample();
    },
    stop: () => {
      sample();
      clearInterval(timer);
      const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
      return { peakKiB: sum(peaks), cpuMs: sum(cpu), processes: peaks.size };
    },
  };
}

/** Live descendants of `root`; `parents` caches pid → parent pid across samples (a parent id never changes). */
function descendants(root: number, parents: Map<number, number>): number[] {
  const live = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const alive = new Set(live);
  for (const pid of parents.keys()) if (!alive.has(pid)) parents.delete(pid);
  for (const pid of live) if (!parents.has(pid)) parents.set(pid, parentOf(pid));
  const under = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (under.has(ppid) && !under.has(pid)) {
        under.add(pid);
        grew = true;
      }
    }
  }
  under.delete(root);
  return [...under];
}

/** Field 4 of /proc/<pid>/stat (after the command name, which may itself hold spaces or parentheses). */
function parentOf(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`);
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) || 0;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat), ms; 0 when the process is gone. */
function cpuMsOf(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND || 0;
}

function argvOf(pid: number): string[] {
  return readOr(`/proc/${pid}/cmdline`).split("\0").filter(Boolean);
}

/** A `kB` line of /proc/<pid>/status, or 0. */
function statusKiB(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readOr(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}

/** A /proc file's text, or "" when the process is gone. */
function readOr(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
