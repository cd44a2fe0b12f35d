import { cpus, loadavg, totalmem, platform, release, arch } from "node:os";

/**
 * The machine a run measured, printed with the table and stored in results.json, so results from different
 * machines are not compared blindly.
 */
export interface Machine {
  date: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage: number[];
}

export function describeMachine(now: () => Date = () => new Date()): Machine {
  const list = cpus();
  return {
    date: now().toISOString(),
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpus: list.length,
    cpuModel: list.length ? list[0].model.trim() : "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
