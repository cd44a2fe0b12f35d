/**
 * The emulator CLI: `npm run emulator -- --port 0` prints ONE JSON line (endpoints, CA path, demo
 * credentials), serves on that port, and stops (exit 0, CA file removed) on SIGTERM.
 * Spawned asynchronously (never spawnSync) and detached into its own process group, so cleanup can
 * signal npm and the ts-node child it starts, and nothing else.
 */
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Agent, request } from "undici";

const ROOT = join(__dirname, "..", "..", "..");
jest.setTimeout(90_000);

interface CliInfo {
  url: string;
  port: number;
  caPath: string;
  endpoints: Record<string, string>;
  credentials: { huawei: { accessKey: string }; tencent: { secretId: string } };
  seed: unknown;
}

let child: ChildProcess | undefined;
afterAll(() => {
  // Only if the test did not already stop it: signal the group this test created.
  if (child && child.exitCode === null && child.signalCode === null && child.pid) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});

/** Resolves with the first stdout line, and everything written to stdout/stderr so far. */
function firstLine(p: ChildProcess): Promise<{ line: string; more: () => string }> {
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

function exited(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve({ code: p.exitCode, signal: p.signalCode });
  return new Promise((resolve) => p.once("exit", (code, signal) => resolve({ code, signal })));
}

it("prints one JSON line, serves on the printed port, and stops on SIGTERM", async () => {
  // --silent keeps npm's own banner off stdout, so the first line is the emulator's.
  child = spawn("npm", ["run", "--silent", "emulator", "--", "--port", "0"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { line, more } = await firstLine(child);
  const info = JSON.parse(line) as CliInfo;
  expect(info.url).toBe(`https://127.0.0.1:${info.port}`);
  expect(info.port).toBeGreaterThan(0);
  expect(Object.keys(info.endpoints).sort()).toEqual(["cce", "iam", "tke", "ucs", "vpcep"]);
  expect(info.endpoints.ucs).toBe(`${info.url}/ucs.myhuaweicloud.com`);
  expect(info.credentials.huawei.accessKey).toBe("EMULATORFAKEACCESSKEY0");
  expect(info.credentials.tencent.secretId).toMatch(/^AKIDEMULATORFAKE/);
  expect(readFileSync(info.caPath, "utf8")).toContain("BEGIN CERTIFICATE");

  // It serves: an unsigned call over TLS trusted through the printed CA is refused by the gateway.
  const agent = new Agent({ connect: { ca: readFileSync(info.caPath, "utf8") } });
  try {
    const r = await request(`${info.endpoints.ucs}/v1/clusters`, { dispatcher: agent });
    const body = (await r.body.json()) as { error_code: string };
    expect(r.statusCode).toBe(401);
    expect(body.error_code).toMatch(/^APIGW\./);
  } finally {
    await agent.close();
  }

  // Stops on SIGTERM, sent to the process group (npm and its ts-node child), and cleans up its CA file.
  process.kill(-child.pid!, "SIGTERM");
  const done = await exited(child);
  expect(done.code === 0 || done.signal === "SIGTERM").toBe(true);
  // npm may exit before its child finishes stopping: wait (bounded) for the emulator's own cleanup.
  for (let i = 0; i < 100 && existsSync(info.caPath); i++) await new Promise((r) => setTimeout(r, 100));
  expect(existsSync(info.caPath)).toBe(false);
  expect(more().trim()).toBe("");
});
