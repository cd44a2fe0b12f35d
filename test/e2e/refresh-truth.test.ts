/**
 * Engine tier: `pulumi refresh` reports the vendor's truth, renewal belongs to `up`. Past `renewAt` (provider
 * clock PULUMI_CLOUD_KUBECONFIG_NOW and the emulator clock moved together), `pulumi refresh
 * --expect-no-changes` succeeds and mints nothing, `pulumi preview` still plans the renewals as in-place
 * updates, and `pulumi up` renews each once, in place, after which refresh is clean again.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { expectNoSecrets } from "../support/secret-scan";
import {
  DEMO_PROGRAM,
  credentialSecrets,
  emulatorConfig,
  pastRenewal,
  privateKeyOf,
  requirePulumiCli,
} from "../support/engine-stack";

jest.setTimeout(300_000);

/** UCS and CCE renew by time; TKE's renewal is off by default (it must stay untouched throughout). */
const NAMES = ["ucs", "cce", "tke"] as const;
type Name = (typeof NAMES)[number];
const RENEWABLE: Name[] = ["ucs", "cce"];
const URN_SUFFIX: Record<Name, string> = {
  ucs: "UcsClusterKubeconfig::ucs",
  cce: "CceClusterKubeconfig::cce",
  tke: "TkeClusterKubeconfig::tke",
};

const binDir = requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

describeWithCli("refresh past renewAt through the real pulumi CLI", () => {
  let emu: EmulatorHandle;
  let project: PulumiProject;
  let outs: Record<Name, Record<string, string>>;
  const keys: Record<string, string> = {};
  let timeEnv: Record<string, string> = {};

  const issuedFor = (name: Name): string =>
    ({ ucs: emu.seed.ucs.clusters[0].id, cce: emu.seed.cce.publicCluster.id, tke: emu.seed.tke.extranetCluster.id })[
      name
    ];
  const counts = (): Record<string, number> => ({ ...emu.state.issuanceCounts });

  async function stackOutputs(): Promise<Record<Name, Record<string, string>>> {
    const r = await project.run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true, env: timeEnv });
    return JSON.parse(r.stdout);
  }

  /** `pulumi refresh --expect-no-changes`: its exit code and output (a non-zero exit is asserted, not thrown). */
  async function refreshExpectingNoChanges() {
    return project.run(["refresh", "--yes", "--skip-preview", "--non-interactive", "--expect-no-changes"], {
      env: timeEnv,
      allowFailure: true,
    });
  }

  beforeAll(async () => {
    emu = await startEmulator();
    project = await createPulumiProject({ binDir: binDir!, name: "pck-e2e-refresh", program: DEMO_PROGRAM });
    const { config, secretKeys } = emulatorConfig(emu);
    await project.setConfig({ ...config, "demo:resources": NAMES.join(",") }, secretKeys);
  });

  afterAll(async () => {
    if (project) {
      try {
        await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"], {
          env: timeEnv,
          allowFailure: true,
        });
      } finally {
        expectNoSecrets(project.output(), { ...credentialSecrets(emu), ...keys });
        project.cleanup();
      }
    }
    if (emu) await emu.stop();
  });

  it("pulumi up creates the credentials", async () => {
    await project.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    outs = await stackOutputs();
    for (const name of NAMES) keys[`${name} private key`] = privateKeyOf(outs[name].kubeconfig);
    expect(RENEWABLE.filter((n) => outs[n].renewAt !== "")).toEqual(RENEWABLE);
    expect(outs.tke.renewAt).toBe("");
  });

  it("past renewAt, refresh --expect-no-changes exits 0 and mints nothing", async () => {
    timeEnv = pastRenewal(
      emu,
      RENEWABLE.map((n) => outs[n]),
    ).env;

    const before = counts();
    const r = await refreshExpectingNoChanges();
    expect({ code: r.code, updated: /\d+ updated/.exec(r.stdout)?.[0] }).toEqual({ code: 0, updated: undefined });
    expect(counts()).toEqual(before);
    const after = await stackOutputs();
    for (const name of NAMES) expect(after[name].kubeconfig).toBe(outs[name].kubeconfig);
  });

  it("past renewAt, preview still plans the renewals as in-place updates", async () => {
    const r = await project.run(["preview", "--json", "--non-interactive"], { env: timeEnv });
    const steps: { op: string; urn: string }[] = JSON.parse(r.stdout).steps || [];
    const planned = Object.fromEntries(
      NAMES.map((n) => [n, steps.find((s) => s.urn.endsWith(URN_SUFFIX[n]))?.op || "same"]),
    );
    expect(planned).toEqual({ ucs: "update", cce: "update", tke: "same" });
  });

  it("pulumi up renews each once, in place; refresh afterwards is clean", async () => {
    const before = counts();
    const up = await project.run(["up", "--yes", "--skip-preview", "--non-interactive"], { env: timeEnv });
    expect(up.stdout).toMatch(/2 updated/);
    expect(up.stdout).not.toMatch(/replaced|created|deleted/);
    const after = counts();
    for (const name of RENEWABLE) expect((after[issuedFor(name)] || 0) - (before[issuedFor(name)] || 0)).toBe(1);
    expect(after[issuedFor("tke")]).toBe(before[issuedFor("tke")]);

    const renewed = await stackOutputs();
    for (const name of RENEWABLE) {
      keys[`${name} renewed private key`] = privateKeyOf(renewed[name].kubeconfig);
      expect(renewed[name].clusterIdentifier).toBe(outs[name].clusterIdentifier);
      expect(renewed[name].kubeconfig).not.toBe(outs[name].kubeconfig);
    }

    const again = counts();
    const r = await refreshExpectingNoChanges();
    expect(r.code).toBe(0);
    expect(counts()).toEqual(again);
  });
});
