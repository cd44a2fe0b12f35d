/**
 * Engine tier, focused cases through the real `pulumi` CLI: bad input fails `pulumi preview` with
 * the field named (check() → per-property failure the engine prints), a burst of vendor 503s on a call that
 * mints nothing is retried through during `pulumi up`, and a 503 on a call that mints a certificate fails
 * `pulumi up` after that one call (it may have minted), recording nothing, so the next `up` creates it.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { expectNoSecrets } from "../support/secret-scan";
import { DEMO_PROGRAM, credentialSecrets, emulatorConfig, requirePulumiCli } from "../support/engine-stack";

jest.setTimeout(180_000);

const binDir = requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

describeWithCli("failures through the real pulumi CLI", () => {
  let emu: EmulatorHandle;
  const projects: PulumiProject[] = [];

  async function project(name: string, extra: Record<string, string>): Promise<PulumiProject> {
    const p = await createPulumiProject({ binDir: binDir!, name, program: DEMO_PROGRAM });
    projects.push(p);
    const { config, secretKeys } = emulatorConfig(emu);
    await p.setConfig({ ...config, ...extra }, secretKeys);
    return p;
  }

  beforeAll(async () => {
    emu = await startEmulator();
  });

  afterAll(async () => {
    for (const p of projects) {
      expectNoSecrets(p.output(), credentialSecrets(emu));
      p.cleanup();
    }
    if (emu) await emu.stop();
  });

  it("an out-of-range validityDays fails pulumi preview naming the field and its range, calling no API", async () => {
    const p = await project("pck-e2e-bad", { "demo:resources": "cce", "demo:validityDays": "2000" });
    const callsBefore = emu.state.calls.length;
    const r = await p.run(["preview", "--non-interactive"], { allowFailure: true });
    expect(r.code).not.toBe(0);
    const text = `${r.stdout}\n${r.stderr}`;
    expect(text).toMatch(/validityDays/);
    expect(text).toMatch(/between 1 and 1827/);
    expect(emu.state.calls.length).toBe(callsBefore);
  });

  it("a burst of two 503s on DescribeClusterKubeconfig (it mints nothing) is retried through by pulumi up", async () => {
    const p = await project("pck-e2e-faults", { "demo:resources": "tke" });
    const from = emu.state.calls.length;
    emu.faults.add({ operation: "DescribeClusterKubeconfig", status: 503, times: 2 });
    const up = await p.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(up.stdout).toMatch(/2 created/);
    const codes = emu.state.calls
      .slice(from)
      .filter((c) => c.operation === "DescribeClusterKubeconfig")
      .map((c) => c.status);
    expect(codes.slice(0, 2)).toEqual([503, 503]);
    expect(codes.slice(2).every((s) => s < 300)).toBe(true);
    expect(codes.length).toBe(3);
    await p.run(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
  });

  it("a 503 on CreateClusterKubeconfig (it mints) fails pulumi up after one call; the next up creates it", async () => {
    const p = await project("pck-e2e-mint", { "demo:resources": "ucs" });
    const from = emu.state.calls.length;
    emu.faults.add({ operation: "CreateClusterKubeconfig", status: 503, times: 2 });
    const r = await p.run(["up", "--yes", "--skip-preview", "--non-interactive"], { allowFailure: true });
    expect(r.code).not.toBe(0);
    const calls = emu.state.calls.slice(from).filter((c) => c.operation === "CreateClusterKubeconfig");
    expect(calls.map((c) => c.status)).toEqual([503]);
    const text = `${r.stdout}\n${r.stderr}`;
    expect(text).toContain("CreateClusterKubeconfig");
    expect(text).toContain(String(calls[0].errorCode));
    expect(text).toContain(calls[0].requestId);
    // Nothing recorded: the engine's state holds no UcsClusterKubeconfig.
    const state = JSON.parse((await p.run(["stack", "export"])).stdout);
    const types = (state.deployment.resources || []).map((res: { type: string }) => res.type);
    expect(types.filter((t: string) => t.endsWith(":UcsClusterKubeconfig"))).toEqual([]);
    emu.faults.clear();
    const up = await p.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(up.stdout).toMatch(/1 created/);
    await p.run(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
  });
});
