/**
 * Engine tier: a UcsClusterKubeconfig chained into real `@pulumi/kubernetes` Providers, with the
 * real `pulumi` CLI and the real `pulumi-resource-kubernetes` plugin (scripts/ensure-k8s-provider.sh), against
 * the emulator. Three Providers take the same kubeconfig and differ only in `clusterIdentifier`:
 *
 *  - `keyed`: the resource's own `clusterIdentifier` output, as the README and TSDoc tell users to chain it;
 *  - `unkeyed`: none (the contrast: what users hit without it, docs/pulumi-dynamic.md §5);
 *  - `derived`: the same identifier written from the program's known inputs, i.e. known during preview.
 *
 * Moving time past renewAt must update the kubeconfig resource and leave the keyed Provider in place. A dynamic
 * provider has no preview support, so in preview an updated resource's outputs are its checked inputs
 * (sdk/go/common/resource/plugin/provider_plugin.go `Update`, "return the inputs as the state"), and
 * pulumi-kubernetes' DiffConfig plans a replacement for an unknown kubeconfig unless clusterIdentifier is known
 * and unchanged (provider/pkg/provider/provider.go `DiffConfig`). An identifier that is an output only would be
 * unknown in preview and the keyed Provider replaced; `check` derives it from the inputs
 * (provider/resources/kinds.ts clusterIdentifierOf), so it is known in preview, like the `derived` one.
 *
 * Only Providers hang off the kubeconfig: the emulated API servers serve /version, /api and /apis, not enough
 * for real Kubernetes objects.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { collectText, expectNoSecrets } from "../support/secret-scan";
import {
  credentialSecrets,
  emulatorConfig,
  isCiphertext,
  pastRenewal,
  plannedOps,
  privateKeyOf,
  installKubernetesPlugin,
  requireKubernetesPlugin,
  requirePulumiCli,
} from "../support/engine-stack";

jest.setTimeout(300_000);

/** One kubeconfig, three Providers fed from it (see the header). */
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const k8s = require("@pulumi/kubernetes");
const kc = require("pulumi-cloud-kubeconfig");

const cfg = new pulumi.Config("chain");
const ucs = new kc.UcsClusterKubeconfig("ucs", { clusterId: cfg.require("ucsClusterId") });
new k8s.Provider("keyed", { kubeconfig: ucs.kubeconfig, clusterIdentifier: ucs.clusterIdentifier });
new k8s.Provider("unkeyed", { kubeconfig: ucs.kubeconfig });
new k8s.Provider("derived", {
  kubeconfig: ucs.kubeconfig,
  clusterIdentifier: "huaweicloud/ucs/" + cfg.require("ucsClusterId") + "/default",
});

module.exports = {
  kubeconfig: ucs.kubeconfig,
  clusterIdentifier: ucs.clusterIdentifier,
  renewAt: ucs.renewAt,
  expiresAt: ucs.expiresAt,
};
`;

const binDir = requirePulumiCli();
const pluginDir = binDir ? requireKubernetesPlugin() : undefined;
const describeWithPlugin = binDir && pluginDir ? describe : describe.skip;

const PROVIDERS = ["keyed", "unkeyed", "derived"] as const;
type ProviderName = (typeof PROVIDERS)[number];

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describeWithPlugin("a kubeconfig chained into a real @pulumi/kubernetes Provider through the real CLI", () => {
  let emu: EmulatorHandle;
  let project: PulumiProject;
  let issued: Record<string, string>;
  const keys: Record<string, string> = {};
  let timeEnv: Record<string, string> = {};
  type Providers = Record<ProviderName, StateResource>;
  let providersBefore: Providers;
  /** Each resource's ops in the renewal preview (`preview --json` lists only steps other than "same"). */
  let plan: Record<"ucs" | ProviderName, string[]>;

  const TYPE = "pulumi:providers:kubernetes";
  const urnEnd = (name: string): string => `${TYPE}::${name}`;

  async function exportState(): Promise<{ text: string; resources: StateResource[] }> {
    const r = await project.run(["stack", "export"], { env: timeEnv });
    return { text: r.stdout, resources: JSON.parse(r.stdout).deployment.resources || [] };
  }

  async function providers(): Promise<Providers> {
    const { resources } = await exportState();
    const find = (name: string): StateResource => {
      const r = resources.find((res) => res.urn.endsWith(urnEnd(name)));
      if (!r) throw new Error(`no ${name} provider in state`);
      return r;
    };
    return { keyed: find("keyed"), unkeyed: find("unkeyed"), derived: find("derived") };
  }

  async function outputs(): Promise<Record<string, string>> {
    const r = await project.run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true, env: timeEnv });
    return JSON.parse(r.stdout);
  }

  beforeAll(async () => {
    emu = await startEmulator();
    project = await createPulumiProject({ binDir: binDir!, name: "pck-e2e-k8s-chain", program: PROGRAM });
    await installKubernetesPlugin(project, pluginDir!);
    const { config, secretKeys } = emulatorConfig(emu);
    await project.setConfig({ ...config, "chain:ucsClusterId": emu.seed.ucs.clusters[0].id }, secretKeys);
  });

  afterAll(async () => {
    if (project) {
      expectNoSecrets(project.output(), { ...credentialSecrets(emu), ...keys });
      project.cleanup();
    }
    if (emu) await emu.stop();
  });

  it("pulumi up creates the kubeconfig and the three Providers, each holding it as ciphertext", async () => {
    const up = await project.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(up.stdout).toMatch(/5 created/); // stack, ucs, keyed, unkeyed, derived
    issued = await outputs();
    keys["issued private key"] = privateKeyOf(issued.kubeconfig);
    providersBefore = await providers();
    expect(providersBefore.keyed.inputs?.clusterIdentifier).toBe(issued.clusterIdentifier);
    // The program's derived string is the very identifier the resource reports.
    expect(providersBefore.derived.inputs?.clusterIdentifier).toBe(issued.clusterIdentifier);
    expect(providersBefore.unkeyed.inputs?.clusterIdentifier).toBeUndefined();
    for (const name of PROVIDERS)
      expect({ name, ciphertext: isCiphertext(providersBefore[name].inputs?.kubeconfig) }).toEqual({
        name,
        ciphertext: true,
      });
    await project.run(["preview", "--expect-no-changes", "--non-interactive"]);
  });

  it("past renewAt, preview updates the kubeconfig, replaces the unkeyed Provider, only updates the derived one", async () => {
    timeEnv = pastRenewal(emu, [issued]).env;

    const opsOf = await plannedOps(project, timeEnv);
    plan = {
      ucs: opsOf("UcsClusterKubeconfig::ucs"),
      keyed: opsOf(urnEnd("keyed")),
      unkeyed: opsOf(urnEnd("unkeyed")),
      derived: opsOf(urnEnd("derived")),
    };
    expect(plan.ucs).toEqual(["update"]);
    // The contrast: without clusterIdentifier the renewal plans a replacement of the Provider (and so, in real
    // use, of everything it manages).
    expect(plan.unkeyed).toEqual(["replace"]);
    // A clusterIdentifier known during preview turns that into an in-place update.
    expect(plan.derived).toEqual(["update"]);
  });

  it("past renewAt, preview does not replace the Provider keyed on the resource's clusterIdentifier output", async () => {
    // The documented chain keeps its Provider. Were clusterIdentifier unknown in preview (see header) the
    // engine would plan ["replace"] here, with replaceReasons kubeconfig and clusterIdentifier.
    expect(plan.keyed).toEqual(["update"]);
  });

  it("pulumi up re-issues once and keeps the keyed Provider's id and URN, with the renewed kubeconfig as input", async () => {
    const clusterId = emu.seed.ucs.clusters[0].id;
    const before = emu.state.issuanceCounts[clusterId] || 0;
    await project.run(["up", "--yes", "--skip-preview", "--non-interactive"], { env: timeEnv });
    expect((emu.state.issuanceCounts[clusterId] || 0) - before).toBe(1);

    const renewed = await outputs();
    keys["renewed private key"] = privateKeyOf(renewed.kubeconfig);
    expect(renewed.kubeconfig).not.toBe(issued.kubeconfig);
    expect(renewed.clusterIdentifier).toBe(issued.clusterIdentifier);

    const after = await providers();
    expect({ urn: after.keyed.urn, id: after.keyed.id }).toEqual({
      urn: providersBefore.keyed.urn,
      id: providersBefore.keyed.id,
    });
    // The update itself replaces none of them: once the renewed kubeconfig is known, pulumi-kubernetes compares
    // its active cluster (server, CA), which a renewal leaves alone; the replacement above is a preview artefact.
    for (const name of ["unkeyed", "derived"] as const)
      expect({ name, urn: after[name].urn, id: after[name].id }).toEqual({
        name,
        urn: providersBefore[name].urn,
        id: providersBefore[name].id,
      });

    // The keyed Provider's input is the renewed kubeconfig: ciphertext in the export, the renewed value in the
    // decrypted export (kept out of the logged output).
    expect(isCiphertext(after.keyed.inputs?.kubeconfig)).toBe(true);
    const shown = await project.run(["stack", "export", "--show-secrets"], { showsSecrets: true, env: timeEnv });
    const plainKeyed = (JSON.parse(shown.stdout).deployment.resources as StateResource[]).find((res) =>
      res.urn.endsWith(urnEnd("keyed")),
    );
    // --show-secrets keeps the secret envelope and puts the JSON-encoded value in `plaintext`. Compared as
    // booleans so a failure never prints a kubeconfig.
    const shownValue = plainKeyed?.inputs?.kubeconfig as { plaintext?: string } | undefined;
    const decrypted: unknown = JSON.parse(shownValue?.plaintext ?? "null");
    expect({ renewed: decrypted === renewed.kubeconfig, issued: decrypted === issued.kubeconfig }).toEqual({
      renewed: true,
      issued: false,
    });

    const { text, resources } = await exportState();
    expectNoSecrets(text, { ...credentialSecrets(emu), ...keys });
    expectNoSecrets(collectText(resources), { ...credentialSecrets(emu), ...keys });
    await project.run(["preview", "--expect-no-changes", "--non-interactive"], { env: timeEnv });
  });

  it("pulumi destroy removes everything", async () => {
    await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"], { env: timeEnv });
    expect((await exportState()).resources).toEqual([]);
  });
});
