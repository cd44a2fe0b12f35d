/**
 * The emulator CLI: `npm run emulator -- --port 0` prints ONE JSON line (endpoints, CA path, demo
 * credentials), serves on that port, and stops (exit 0, CA file removed) on SIGTERM. It answers admin
 * commands read on stdin, one JSON line each, and keeps serving when stdin ends unless started with
 * `--exit-on-stdin-close`.
 * Spawned asynchronously (never spawnSync) and detached into its own process group, so cleanup can
 * signal npm and the ts-node child it starts, and nothing else.
 */
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Agent, request } from "undici";
import type { EmulatorHandle } from "../../../emulator";
import { ROOT, exited, firstLine, killRemaining, spawnNpmEmulator } from "./cli-process";
import { Res, huawei } from "./client";

jest.setTimeout(90_000);

interface CliInfo {
  url: string;
  port: number;
  caPath: string;
  endpoints: Record<string, string>;
  credentials: {
    huawei: { accessKey: string; domainId: string; projectId: string };
    tencent: { secretId: string };
  };
  seed: { ucs: { clusters: { id: string }[]; vpcId: string } };
}

let child: ChildProcess | undefined;
/** Every process group this file started, for cleanup. */
const started: ChildProcess[] = [];
// Only those the tests did not already stop: signal the groups this file created.
afterAll(() => killRemaining(started));

it("prints one JSON line, serves on the printed port, and stops on SIGTERM", async () => {
  child = spawnNpmEmulator(["--port", "0"]);
  started.push(child);
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

/** The CLI run directly (node + ts-node), with stdin a pipe for admin commands. */
function spawnCli(...flags: string[]): ChildProcess {
  const p = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", "--port", "0", ...flags],
    { cwd: ROOT, detached: true, stdio: ["pipe", "pipe", "pipe"] },
  );
  started.push(p);
  return p;
}

interface Answer {
  id: unknown;
  ok: boolean;
  result?: any;
  error?: string;
}

/** Reads the CLI's stdout line by line: the info line first, then one answer per command. */
function lineReader(p: ChildProcess): () => Promise<string> {
  const lines: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  let buf = "";
  let err = "";
  let exit: Error | undefined;
  p.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  p.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiting.shift();
      if (w) w.resolve(line);
      else lines.push(line);
    }
  });
  p.once("exit", (code) => {
    exit = new Error(`emulator exited (${code}): ${err}`);
    for (const w of waiting.splice(0)) w.reject(exit);
  });
  return () => {
    if (lines.length) return Promise.resolve(lines.shift() as string);
    if (exit) return Promise.reject(exit);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

/** Sends one command line and reads its answer line. */
async function command(p: ChildProcess, next: () => Promise<string>, line: string): Promise<Answer> {
  p.stdin!.write(line + "\n");
  return JSON.parse(await next()) as Answer;
}

/** Enough of a handle for the signed test client: the printed credentials, signing on the real clock. */
function remoteHandle(info: CliInfo): EmulatorHandle {
  return { credentials: info.credentials, clock: { now: () => new Date() } } as unknown as EmulatorHandle;
}

describe("admin commands on stdin", () => {
  let cli: ChildProcess;
  let next: () => Promise<string>;
  let info: CliInfo;
  let agent: Agent;
  let emu: EmulatorHandle;
  let id = 0;
  const send = (cmd: Record<string, unknown>) => command(cli, next, JSON.stringify({ id: ++id, ...cmd }));
  const ucsKubeconfig = (clusterId: string) =>
    huawei(emu, agent, "POST", info.endpoints.ucs, `/v1/clusters/${clusterId}/kubeconfig`, {
      extraHeaders: { "x-domain-id": info.credentials.huawei.domainId },
    });

  beforeAll(async () => {
    cli = spawnCli();
    next = lineReader(cli);
    info = JSON.parse(await next());
    agent = new Agent({ connect: { ca: readFileSync(info.caPath, "utf8") } });
    emu = remoteHandle(info);
  });
  afterAll(async () => {
    await agent.close();
  });

  it("answers each command with its id: faults after the side effect, counts and the call log", async () => {
    const cluster = info.seed.ucs.clusters[0].id;
    expect(await send({ command: "issuanceCounts" })).toEqual({ id: 1, ok: true, result: {} });
    const fault = { operation: "CreateClusterKubeconfig", phase: "after", status: 504, vendorCode: "APIGW.0202" };
    expect(await send({ command: "addFault", fault })).toEqual({ id: 2, ok: true, result: null });
    const r: Res = await ucsKubeconfig(cluster);
    expect([r.status, r.json.error_code]).toEqual([504, "APIGW.0202"]);
    // The vendor minted the certificate although the client got a 504.
    expect((await send({ command: "issuanceCounts" })).result).toEqual({ [cluster]: 1 });
    const calls = await send({ command: "calls", since: 0 });
    expect(calls.ok).toBe(true);
    const rec = (calls.result as Record<string, unknown>[]).find((c) => c.operation === "CreateClusterKubeconfig");
    expect(rec).toMatchObject({ status: 201, answer: "replaced", answerStatus: 504, answerCode: "APIGW.0202" });
    expect(typeof rec!.at).toBe("string");
    const later = await send({ command: "calls", since: (calls.result as unknown[]).length });
    expect(later.result).toEqual([]);
    expect(await send({ command: "clearFaults" })).toMatchObject({ ok: true });
    expect((await ucsKubeconfig(cluster)).status).toBe(201);
  });

  it("creates, lists and deletes VPC endpoints as another party", async () => {
    const endpoint = {
      projectId: info.credentials.huawei.projectId,
      vpcId: info.seed.ucs.vpcId,
      endpointServiceName: "CN-NORTH-4.UCS-FEDERATION.OTHER",
      endpointServiceId: "other",
      tags: [{ key: "made-by", value: "console" }],
    };
    const made = await send({ command: "createVpcEndpoint", endpoint });
    expect(made).toMatchObject({ ok: true, result: { ...endpoint, status: "accepted" } });
    const epId = made.result.id as string;
    expect((await send({ command: "vpcEndpoints" })).result.map((e: { id: string }) => e.id)).toEqual([epId]);
    expect(await send({ command: "deleteVpcEndpoint", endpointId: epId })).toMatchObject({
      ok: true,
      result: { id: epId, status: "deleting" },
    });
    expect((await send({ command: "vpcEndpoints" })).result).toEqual([]);
    const again = await send({ command: "deleteVpcEndpoint", endpointId: epId });
    expect(again).toMatchObject({ id: id, ok: false, error: expect.stringMatching(/no live VPC endpoint/) });
  });

  it("sets rate limits and moves the clock", async () => {
    const cluster = info.seed.ucs.clusters[1].id;
    expect(await send({ command: "setRateLimit", operation: "CreateClusterKubeconfig", perSecond: 1 })).toMatchObject({
      ok: true,
    });
    const statuses = (await Promise.all([1, 2, 3].map(() => ucsKubeconfig(cluster)))).map((r) => r.status);
    expect(statuses).toContain(429);
    expect(
      await send({ command: "setRateLimit", operation: "CreateClusterKubeconfig", perSecond: null }),
    ).toMatchObject({ ok: true });
    const ahead = await send({ command: "advanceClock", ms: 10 * 24 * 3600 * 1000 });
    expect(ahead.ok).toBe(true);
    expect(Date.parse(ahead.result) - Date.now()).toBeGreaterThan(9 * 24 * 3600 * 1000);
    const set = await send({ command: "setClock", time: "2030-01-01T00:00:00Z" });
    expect(set.result).toMatch(/^2030-01-01T00:00:0/);
    // Signed on our real clock, the call is now years off the emulator's: the gateway refuses the skew.
    const skewed = await ucsKubeconfig(cluster);
    expect([skewed.status, skewed.json.error_code]).toEqual([401, "APIGW.0303"]);
    await send({ command: "setClock", time: new Date().toISOString() });
  });

  it("answers bad input with ok: false and keeps going", async () => {
    expect(await command(cli, next, "{not json")).toMatchObject({
      id: null,
      ok: false,
      error: expect.stringMatching(/^invalid JSON/),
    });
    expect(await send({ command: "reboot" })).toMatchObject({ id, ok: false, error: expect.any(String) });
    const bad = await send({ command: "addFault", fault: { operation: "X", hang: "yes" } });
    expect(bad).toMatchObject({ id, ok: false, error: expect.stringMatching(/fault\.hang/) });
    // A blank line gets no answer: the next answer is the next command's.
    cli.stdin!.write("\n");
    expect(await send({ command: "clearFaults" })).toEqual({ id, ok: true, result: null });
  });

  it("keeps serving after stdin ends, and stops on SIGTERM", async () => {
    cli.stdin!.end();
    await new Promise((r) => setTimeout(r, 500));
    expect(cli.exitCode).toBeNull();
    expect((await ucsKubeconfig(info.seed.ucs.clusters[0].id)).status).toBe(201);
    process.kill(-cli.pid!, "SIGTERM");
    expect((await exited(cli)).code).toBe(0);
    expect(existsSync(info.caPath)).toBe(false);
  });
});

it("with --exit-on-stdin-close, stops (exit 0, CA file removed) when stdin ends", async () => {
  const cli = spawnCli("--exit-on-stdin-close");
  const next = lineReader(cli);
  const info = JSON.parse(await next()) as CliInfo;
  expect(existsSync(info.caPath)).toBe(true);
  cli.stdin!.end();
  expect(await exited(cli)).toEqual({ code: 0, signal: null });
  expect(existsSync(info.caPath)).toBe(false);
});
