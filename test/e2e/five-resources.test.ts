/**
 * Engine tier: the real `pulumi` CLI (scripts/ensure-pulumi.sh) drives one stack holding all five
 * resources (the demo program, demo/index.js) against the emulator, fully offline: up → kubectl → state
 * export → preview --expect-no-changes → refresh → renewal past renewAt → destroy. The federation connection's
 * VPC endpoint carries the owner mark of the resource's identity (which the SDK class derives from the real
 * project, stack and name), is kept through refresh and renewal, and is deleted by destroy.
 *
 * The kubernetes provider plugin (pulumi-resource-kubernetes) is not part of the offline CLI build, so the
 * chained `k8s.Provider` is not constructed here; that renewal does not replace what hangs off the kubeconfig
 * is asserted through the engine's own plan (`preview --json`: update, never replace) and the unchanged
 * `clusterIdentifier` the Provider would be keyed on (docs/engine-tier.md).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { collectText, expectNoSecrets } from "../support/secret-scan";
import { OWNER_TAG, markOf } from "../../provider/resources/vpc-endpoint-ownership";
import {
  DEMO_PROGRAM,
  credentialSecrets,
  finishSuite,
  emulatorConfig,
  isCiphertext,
  pastRenewal,
  kubectlVersion,
  privateKeyOf,
  requirePulumiCli,
} from "../support/engine-stack";

jest.setTimeout(300_000);

/** The identity the FleetFederationConnection class gives the demo's `fleet` in this project and stack. */
const FLEET_IDENTITY = "pck-e2e-five/e2e/FleetFederationConnection/fleet";
const NAMES = ["ucs", "cce", "fleet", "fleetKubeconfig", "tke"] as const;
type Name = (typeof NAMES)[number];
type Outputs = Record<Name, Record<string, string>>;

const binDir = requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

describeWithCli("all five resources through the real pulumi CLI", () => {
  let emu: EmulatorHandle;
  let project: PulumiProject;
  let outs: Outputs;
  const keys: Record<string, string> = {};
  const kubeDir = mkdtempSync(join(tmpdir(), "pck-e2e-kubectl-"));
  let vpcEndpointsBefore: string[] = [];
  /** Set once time has been moved: the CLI (and so the provider process) then acts at this time. */
  let timeEnv: Record<string, string> = {};

  /** Which emulator id each resource's credential is counted under (emulator state.issuanceCounts). */
  const issuedFor = (name: Name): string =>
    ({
      ucs: emu.seed.ucs.clusters[0].id,
      cce: emu.seed.cce.publicCluster.id,
      fleet: emu.seed.ucs.fleets.federated.id,
      fleetKubeconfig: emu.seed.ucs.fleets.federated.id,
      tke: emu.seed.tke.extranetCluster.id,
    })[name];

  const counts = (): Record<string, number> => ({ ...emu.state.issuanceCounts });

  async function stackOutputs(): Promise<Outputs> {
    const r = await project.run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true, env: timeEnv });
    return JSON.parse(r.stdout);
  }

  async function previewSteps(): Promise<{ op: string; urn: string }[]> {
    const r = await project.run(["preview", "--json", "--non-interactive"], { env: timeEnv });
    return JSON.parse(r.stdout).steps || [];
  }

  beforeAll(async () => {
    emu = await startEmulator();
    vpcEndpointsBefore = emu.state.vpcEndpoints.filter((e) => !e.deletedAt).map((e) => e.id);
    project = await createPulumiProject({
      binDir: binDir!,
      name: "pck-e2e-five",
      stack: "e2e",
      program: DEMO_PROGRAM,
    });
    const { config, secretKeys } = emulatorConfig(emu);
    await project.setConfig(config, secretKeys);
  });

  afterAll(() => finishSuite(project, emu, keys, kubeDir));

  it("pulumi up creates all five, once each", async () => {
    const before = counts();
    const up = await project.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(up.stdout).toMatch(/6 created/);
    outs = await stackOutputs();
    expect(Object.keys(outs).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) keys[`${name} private key`] = privateKeyOf(outs[name].kubeconfig);
    const after = counts();
    for (const id of new Set(NAMES.map(issuedFor))) {
      const expected = NAMES.filter((n) => issuedFor(n) === id).length;
      expect({ id, issued: (after[id] || 0) - (before[id] || 0) }).toEqual({ id, issued: expected });
    }
    // The federation connection made one VPC endpoint, which the stack reports, marked as this resource's.
    const made = emu.state.vpcEndpoints.filter((e) => !e.deletedAt && !vpcEndpointsBefore.includes(e.id));
    expect(made.map((e) => e.id)).toEqual([(outs.fleet as Record<string, string>).vpcEndpointId]);
    expect(made[0].tags.find((t) => t.key === OWNER_TAG)?.value).toBe(markOf(FLEET_IDENTITY));
    expect(emu.state.calls.filter((c) => c.operation === "CreateFederationConnection")).toHaveLength(1);
  });

  it.each(NAMES)("the %s kubeconfig from stack output reaches its emulated cluster with kubectl", async (name) => {
    expect(await kubectlVersion(outs[name].kubeconfig, join(kubeDir, `${name}.yaml`))).toMatch(/^v1\./);
  });

  it("stack export holds kubeconfigs and credentials only as ciphertext, and no secret in any form", async () => {
    const r = await project.run(["stack", "export"]);
    const state = JSON.parse(r.stdout);
    const resources: { type: string; urn: string; inputs?: any; outputs?: any }[] = state.deployment.resources;
    const ours = resources.filter((res) => res.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(ours.map((res) => res.type.split(":").pop()).sort()).toEqual(
      [
        "CceClusterKubeconfig",
        "FleetFederationConnection",
        "FleetFederationKubeconfig",
        "TkeClusterKubeconfig",
        "UcsClusterKubeconfig",
      ].sort(),
    );
    for (const res of ours)
      expect({ urn: res.urn, kubeconfig: isCiphertext(res.outputs.kubeconfig) }).toEqual({
        urn: res.urn,
        kubeconfig: true,
      });
    // The connection's state records the endpoint as its own, and the identity it was marked with.
    const fleet = ours.find((res) => res.type.endsWith(":FleetFederationConnection"))!;
    expect(fleet.outputs.vpcEndpointId).toBe(outs.fleet.vpcEndpointId);
    expect(fleet.outputs.vpcEndpointCreated).toBe(true);
    expect(fleet.outputs.__owner).toBe(FLEET_IDENTITY);
    const tke = ours.find((res) => res.type.endsWith(":TkeClusterKubeconfig"))!;
    expect(isCiphertext(tke.inputs.credentials)).toBe(true);
    expect(isCiphertext(tke.outputs.credentials)).toBe(true);
    expectNoSecrets(r.stdout, { ...credentialSecrets(emu), ...keys });
    // The parsed state as well: JSON escaping of the export must not hide a leak.
    expectNoSecrets(collectText(state), { ...credentialSecrets(emu), ...keys });
  });

  it("a second preview reports no changes, and refresh issues no credential", async () => {
    await project.run(["preview", "--expect-no-changes", "--non-interactive"]);
    const before = counts();
    await project.run(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
    expect(counts()).toEqual(before);
    await project.run(["preview", "--expect-no-changes", "--non-interactive"]);
    const after = await stackOutputs();
    for (const name of NAMES) expect(after[name].kubeconfig).toBe(outs[name].kubeconfig);
  });

  it("past renewAt, preview plans updates (never replaces) and up re-issues each once, identity kept", async () => {
    const renewable = NAMES.filter((n) => outs[n].renewAt !== "");
    // TKE renewal is opt-in (its certificates last 20 years; renewBeforeDays is not set in the demo).
    expect(renewable.sort()).toEqual(["cce", "fleet", "fleetKubeconfig", "ucs"]);
    const { later, env } = pastRenewal(
      emu,
      renewable.map((n) => outs[n]),
    );
    timeEnv = env;

    const steps = await previewSteps();
    const byName: Record<Name, string> = {
      ucs: "UcsClusterKubeconfig::ucs",
      cce: "CceClusterKubeconfig::cce",
      fleet: "FleetFederationConnection::fleet",
      fleetKubeconfig: "FleetFederationKubeconfig::fleet-kubeconfig",
      tke: "TkeClusterKubeconfig::tke",
    };
    // `preview --json` lists only resources with a step other than "same".
    const planned = Object.fromEntries(
      NAMES.map((n) => [n, steps.find((s) => s.urn.endsWith(byName[n]))?.op || "same"]),
    );
    expect(planned).toEqual({ ucs: "update", cce: "update", fleet: "update", fleetKubeconfig: "update", tke: "same" });
    // Nothing at all is replaced or deleted (a chained k8s.Provider keyed on clusterIdentifier would stay).
    expect(steps.filter((s) => /replace|delete/.test(s.op))).toEqual([]);

    const before = counts();
    const up = await project.run(["up", "--yes", "--skip-preview", "--non-interactive"], { env: timeEnv });
    expect(up.stdout).toMatch(/4 updated/);
    const after = counts();
    for (const id of new Set(renewable.map(issuedFor))) {
      const expected = renewable.filter((n) => issuedFor(n) === id).length;
      expect({ id, issued: (after[id] || 0) - (before[id] || 0) }).toEqual({ id, issued: expected });
    }
    const tkeId = issuedFor("tke");
    expect(after[tkeId]).toBe(before[tkeId]);

    const renewed = await stackOutputs();
    for (const name of renewable) {
      keys[`${name} renewed private key`] = privateKeyOf(renewed[name].kubeconfig);
      expect(renewed[name].clusterIdentifier).toBe(outs[name].clusterIdentifier);
      expect(renewed[name].kubeconfig).not.toBe(outs[name].kubeconfig);
      expect(Date.parse(renewed[name].renewAt)).toBeGreaterThan(later.getTime());
      expect(await kubectlVersion(renewed[name].kubeconfig, join(kubeDir, `${name}-renewed.yaml`))).toMatch(/^v1\./);
    }
    expect(renewed.tke.kubeconfig).toBe(outs.tke.kubeconfig);
    // Renewal re-issues through the same VPC endpoint: no new connection.
    expect(renewed.fleet.vpcEndpointId).toBe(outs.fleet.vpcEndpointId);
    expect(emu.state.calls.filter((c) => c.operation === "CreateFederationConnection")).toHaveLength(1);
    await project.run(["preview", "--expect-no-changes", "--non-interactive"], { env: timeEnv });
    outs = renewed;
  });

  it("pulumi destroy deletes the federation VPC endpoint and leaves nothing", async () => {
    const vpcEndpointId = (outs.fleet as Record<string, string>).vpcEndpointId;
    await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"], { env: timeEnv });
    const live = emu.state.vpcEndpoints.filter((e) => !e.deletedAt).map((e) => e.id);
    expect(live).not.toContain(vpcEndpointId);
    expect(live.sort()).toEqual([...vpcEndpointsBefore].sort());
    const state = JSON.parse((await project.run(["stack", "export"], { env: timeEnv })).stdout);
    expect(state.deployment.resources || []).toEqual([]);
  });
});
