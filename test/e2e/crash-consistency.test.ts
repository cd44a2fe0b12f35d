/**
 * Engine tier, crash consistency: the real `pulumi` CLI runs a stack with one UcsClusterKubeconfig and one
 * FleetFederationConnection (which waits for it) against the in-process emulator. The emulator completes
 * `CreateFederationConnection` (the VPC endpoint exists) and holds its answer back; while `pulumi up` waits, the
 * test SIGKILLs (a) the CLI, (b) the dynamic provider process, (c) the CLI's process group, (d) every process of
 * the run; and, after the endpoint is marked, (e) every process while `DownloadFederationKubeconfig`'s answer is
 * held back. Then it does what the CLI and the provider tell a user: `pulumi cancel` for the lock a killed CLI
 * leaves, `pulumi up` (which warns about the pending CREATE), the `vpcEndpointId`/`adoptVpcEndpoint` inputs when
 * the provider names an unmarked endpoint, `pulumi refresh --clear-pending-creates` for the stale pending CREATE
 * once `up` has recorded the resource, and finally `pulumi destroy`.
 *
 * Asserted: while the stack exists there is exactly one endpoint, owned (tagged) by the stack's resource and
 * recorded in its state; `CreateFederationConnection` ran once; the UcsClusterKubeconfig finished before the kill
 * is recorded and never minted again; after destroy no endpoint is left; no CLI output holds a secret. Also:
 * (f) a killed `up` followed by `pulumi destroy` (not `up`) leaves nothing, and a create recorded as an init
 * failure prints the failed operation and its endpoint and is finished in place by the next `up`.
 */
import { startEmulator, type EmulatorHandle, type VpcEndpointRecord } from "../../emulator";
import { OWNER_TAG, markOf } from "../../provider/resources/vpc-endpoint-ownership";
import { createPulumiProject, type CliResult, type PulumiProject } from "../support/pulumi-cli";
import {
  descendants,
  dynamicProviderOf,
  isAlive,
  killProcess,
  readProcess,
  startPulumi,
  waitForExit,
  waitUntil,
  type KillableRun,
  type ProcessInfo,
} from "../support/process-tree";
import { expectNoSecrets } from "../support/secret-scan";
import { credentialSecrets, emulatorConfig, privateKeyOf, requirePulumiCli } from "../support/engine-stack";

jest.setTimeout(600_000);

/** How long the emulator holds the answer back: ample time to kill, short enough for an orphan to finish. */
const HELD_MS = 20_000;
const STACK = "e2e";

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const kc = require("pulumi-cloud-kubeconfig");
const cfg = new pulumi.Config("crash");
const hw = new pulumi.Config("huaweicloud");
const ucs = new kc.UcsClusterKubeconfig("ucs", { clusterId: cfg.require("ucsClusterId") });
const vpcEndpointId = cfg.get("vpcEndpointId");
const conn = new kc.FleetFederationConnection(
  "conn",
  {
    clusterGroupId: cfg.require("fleetId"),
    projectId: hw.require("projectId"),
    vpcId: cfg.require("vpcId"),
    subnetId: cfg.require("subnetId"),
    validityDays: 30,
    ...(vpcEndpointId ? { vpcEndpointId, adoptVpcEndpoint: cfg.getBoolean("adoptVpcEndpoint") === true } : {}),
  },
  { dependsOn: [ucs] },
);
module.exports = {
  ucsKubeconfig: ucs.kubeconfig,
  connKubeconfig: conn.kubeconfig,
  vpcEndpointId: conn.vpcEndpointId,
  vpcEndpointCreated: conn.vpcEndpointCreated,
};
`;

const UP = ["up", "--yes", "--skip-preview", "--non-interactive"];

const binDir = requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

describeWithCli("SIGKILL while pulumi up waits for a vendor answer, through the real pulumi CLI", () => {
  let emu: EmulatorHandle;
  const projects: PulumiProject[] = [];
  const killed: KillableRun[] = [];
  /** Every process of a killed run, so none outlives the test. */
  const started: ProcessInfo[] = [];
  const keys: Record<string, string> = {};

  const live = (): VpcEndpointRecord[] => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
  const ownerOf = (e: VpcEndpointRecord) => e.tags.find((t) => t.key === OWNER_TAG)?.value;
  const callsOf = (op: string, from = 0) => emu.state.calls.slice(from).filter((c) => c.operation === op);
  const issued = (id: string) => emu.state.issuanceCounts[id] ?? 0;

  beforeAll(async () => {
    emu = await startEmulator();
  });

  afterEach(async () => {
    // Orphaned plugins of a killed CLI keep running; end them (only processes these tests started).
    for (const p of started.splice(0)) killProcess(p);
  });

  afterAll(async () => {
    const secrets = { ...credentialSecrets(emu), ...keys };
    for (const run of killed) expectNoSecrets(run.output(), secrets);
    for (const p of projects) {
      expectNoSecrets(p.output(), secrets);
      p.cleanup();
    }
    if (emu) await emu.stop();
  });

  /** A new project and stack (its own owner mark) pointing at the emulator, in a VPC with no endpoint. */
  async function newStack(name: string): Promise<PulumiProject> {
    for (const e of live()) emu.admin.deleteVpcEndpoint(e.id);
    emu.faults.clear();
    const project = await createPulumiProject({ binDir: binDir!, name, program: PROGRAM, stack: STACK });
    projects.push(project);
    const { config, secretKeys } = emulatorConfig(emu);
    await project.setConfig(
      {
        ...config,
        "crash:ucsClusterId": emu.seed.ucs.clusters[0].id,
        "crash:fleetId": emu.seed.ucs.fleets.federated.id,
        "crash:vpcId": emu.seed.ucs.vpcId,
        "crash:subnetId": emu.seed.ucs.subnetId,
      },
      secretKeys,
    );
    return project;
  }

  const markOfStack = (project: string) => markOf(`${project}/${STACK}/FleetFederationConnection/conn`);
  const text = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

  type Target = "cli" | "provider" | "group" | "tree";

  /**
   * `pulumi up` with `op`'s answer held back at the emulator (the work is done at once); the moment the
   * emulator has done it, SIGKILL `target`. Returns the processes as they were just before the kill.
   */
  async function upAndKill(project: PulumiProject, op: string, target: Target) {
    emu.faults.add({ operation: op, phase: "after", delayMs: HELD_MS });
    const from = emu.state.calls.length;
    const run = startPulumi(binDir!, project, UP);
    killed.push(run);
    await waitUntil(`${op} done at the emulator`, 240_000, () =>
      callsOf(op, from).find((c) => c.status < 400 && c.answer === "delayed"),
    );
    const cli = readProcess(run.pid);
    if (!cli) throw new Error(`the CLI exited before the kill:\n${run.output()}`);
    const tree = descendants(run.pid);
    started.push(cli, ...tree);
    const provider = dynamicProviderOf(tree);
    if (!provider) throw new Error(`no dynamic provider among the CLI's processes: ${JSON.stringify(tree)}`);
    if (target === "cli") killProcess(cli);
    else if (target === "provider") killProcess(provider);
    else if (target === "group") process.kill(-run.pid, "SIGKILL");
    else for (const p of [cli, ...tree]) killProcess(p);
    const result = await run.done;
    return { result, cli, tree, provider, from };
  }

  /**
   * What a user does next, as the CLI and the provider tell them: `pulumi cancel` when the stack is locked,
   * `pulumi up`, the adoption inputs when the provider names an unmarked endpoint, and clearing the pending
   * CREATE once `up` recorded the resource. Returns the endpoint adopted by input, if any.
   */
  async function recover(project: PulumiProject, expect_: { locked: boolean; pendingCreate: boolean }) {
    let up = await project.run(UP, { allowFailure: true });
    if (expect_.locked) {
      expect(up.code).not.toBe(0);
      expect(text(up)).toMatch(/currently locked/);
      expect(text(up)).toMatch(/pulumi cancel/);
      await project.run(["cancel", "--yes"]);
      up = await project.run(UP, { allowFailure: true });
    }
    if (expect_.pendingCreate) {
      expect(text(up)).toMatch(/pending operations/);
      expect(text(up)).toMatch(/FleetFederationConnection::conn, interrupted while creating/);
    }
    let adopted: string | undefined;
    if (up.code !== 0) {
      // The provider names the endpoint nobody marked and the inputs that take it over.
      const eps = live();
      expect(eps).toHaveLength(1);
      expect(text(up)).toContain(eps[0].id);
      expect(text(up)).toMatch(/vpcEndpointId/);
      expect(text(up)).toMatch(/adoptVpcEndpoint/);
      adopted = eps[0].id;
      await project.setConfig({ "crash:vpcEndpointId": adopted, "crash:adoptVpcEndpoint": "true" });
      up = await project.run(UP);
    }
    if (expect_.pendingCreate) {
      await project.run(["refresh", "--yes", "--skip-preview", "--non-interactive", "--clear-pending-creates"]);
    }
    const state = JSON.parse((await project.run(["stack", "export"])).stdout);
    expect(state.deployment.pending_operations ?? []).toEqual([]);
    return adopted;
  }

  /** Exactly one endpoint, owned by the stack's resource and recorded in its state; then destroy leaves none. */
  async function expectOneOwnedEndpointThenDestroy(project: PulumiProject, name: string, from: number) {
    const outs = JSON.parse(
      (await project.run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true })).stdout,
    );
    keys[`${name} ucs private key`] = privateKeyOf(outs.ucsKubeconfig);
    keys[`${name} connection private key`] = privateKeyOf(outs.connKubeconfig);
    const eps = live();
    expect(eps.map((e) => e.id)).toEqual([outs.vpcEndpointId]);
    expect(ownerOf(eps[0])).toBe(markOfStack(name));
    expect(outs.vpcEndpointCreated).toBe(true);
    expect(callsOf("CreateFederationConnection", from)).toHaveLength(1);
    await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect(live()).toEqual([]);
    const state = JSON.parse((await project.run(["stack", "export"])).stdout);
    expect(state.deployment.resources ?? []).toEqual([]);
  }

  /** The orphaned provider (alive after the kill) gets the late answer, marks the endpoint and downloads; then it dies. */
  async function orphanFinishes(provider: ProcessInfo, name: string, from: number) {
    await waitUntil("the orphaned provider to mark the endpoint and download", HELD_MS + 120_000, () => {
      const eps = live();
      const marked = eps.length === 1 && ownerOf(eps[0]) === markOfStack(name);
      return marked && callsOf("DownloadFederationKubeconfig", from).some((c) => c.status < 400);
    });
    killProcess(provider);
  }

  /** The endpoint the orphan marked: `recover` needs no adoption input; one certificate, one endpoint, then none. */
  async function recoverMarkedThenDestroy(project: PulumiProject, name: string, from: number, ucsBefore: number) {
    const adopted = await recover(project, { locked: true, pendingCreate: true });
    expect(adopted).toBeUndefined();
    expect(issued(emu.seed.ucs.clusters[0].id)).toBe(ucsBefore + 1);
    await expectOneOwnedEndpointThenDestroy(project, name, from);
  }

  /** One endpoint nobody marked: `recover` adopts it by input; one certificate, one endpoint, then none. */
  async function recoverUnmarkedThenDestroy(
    project: PulumiProject,
    name: string,
    from: number,
    ucsBefore: number,
    state: { locked: boolean; pendingCreate: boolean },
  ) {
    const eps = live();
    expect(eps).toHaveLength(1);
    expect(ownerOf(eps[0])).toBeUndefined();

    const adopted = await recover(project, state);
    expect(adopted).toBe(eps[0].id);
    expect(issued(emu.seed.ucs.clusters[0].id)).toBe(ucsBefore + 1);
    await expectOneOwnedEndpointThenDestroy(project, name, from);
  }

  it("(a) the CLI killed: its provider lives on, marks the endpoint; cancel, up adopts it, one endpoint", async () => {
    const name = "pck-crash-cli";
    const project = await newStack(name);
    const ucsBefore = issued(emu.seed.ucs.clusters[0].id);
    const { result, provider, from } = await upAndKill(project, "CreateFederationConnection", "cli");
    expect(result.signal).toBe("SIGKILL");
    // Pulumi starts plugins in their own process groups and nothing stops them when the CLI dies: the
    // provider gets the late answer, marks the endpoint and downloads the kubeconfig for an engine that is gone.
    expect(isAlive(provider)).toBe(true);
    await orphanFinishes(provider, name, from);
    expect(live()).toHaveLength(1);

    await recoverMarkedThenDestroy(project, name, from, ucsBefore);
  });

  it("(b) the provider killed: up fails; the next up names the unmarked endpoint; adopting it owns it", async () => {
    const name = "pck-crash-provider";
    const project = await newStack(name);
    const ucsBefore = issued(emu.seed.ucs.clusters[0].id);
    const { result, cli, from } = await upAndKill(project, "CreateFederationConnection", "provider");
    // The CLI survives, reports the failed create and exits: no lock, no pending operation.
    expect(result.signal).toBeNull();
    expect(result.code).not.toBe(0);
    expect(isAlive(cli)).toBe(false);
    await recoverUnmarkedThenDestroy(project, name, from, ucsBefore, { locked: false, pendingCreate: false });
  });

  it("(c) the CLI's process group killed: it holds the CLI alone, so the plugins live on as in (a)", async () => {
    const name = "pck-crash-group";
    const project = await newStack(name);
    const ucsBefore = issued(emu.seed.ucs.clusters[0].id);
    const { result, cli, tree, provider, from } = await upAndKill(project, "CreateFederationConnection", "group");
    expect(result.signal).toBe("SIGKILL");
    // Pulumi starts each plugin in a process group of its own: none of them was in the CLI's group.
    expect(tree.filter((p) => p.pgid === cli.pgid)).toEqual([]);
    expect(isAlive(provider)).toBe(true);
    await orphanFinishes(provider, name, from);

    await recoverMarkedThenDestroy(project, name, from, ucsBefore);
  });

  it("(d) every process of the run killed: the endpoint stays unmarked; up names it; adopting it owns it", async () => {
    const name = "pck-crash-tree";
    const project = await newStack(name);
    const ucsBefore = issued(emu.seed.ucs.clusters[0].id);
    const { result, cli, tree, from } = await upAndKill(project, "CreateFederationConnection", "tree");
    expect(result.signal).toBe("SIGKILL");
    expect(await waitForExit([cli, ...tree], 10_000)).toBe(true);
    await recoverUnmarkedThenDestroy(project, name, from, ucsBefore, { locked: true, pendingCreate: true });
  });

  it("(e) killed after the mark, before the state write: the next up adopts the marked endpoint", async () => {
    const name = "pck-crash-marked";
    const project = await newStack(name);
    const fleet = emu.seed.ucs.fleets.federated.id;
    const fleetBefore = issued(fleet);
    const { result, cli, tree, from } = await upAndKill(project, "DownloadFederationKubeconfig", "tree");
    expect(result.signal).toBe("SIGKILL");
    expect(await waitForExit([cli, ...tree], 10_000)).toBe(true);
    const eps = live();
    expect(eps).toHaveLength(1);
    expect(ownerOf(eps[0])).toBe(markOfStack(name));

    const adopted = await recover(project, { locked: true, pendingCreate: true });
    expect(adopted).toBeUndefined();
    // One certificate lost with the killed run, one delivered: never more.
    expect(issued(fleet)).toBe(fleetBefore + 2);
    await expectOneOwnedEndpointThenDestroy(project, name, from);
  });

  it("(f) killed after the mark, then destroy: it cannot see the pending create; the documented up then destroy removes the endpoint", async () => {
    const name = "pck-crash-destroy";
    const project = await newStack(name);
    const { cli, tree, from } = await upAndKill(project, "DownloadFederationKubeconfig", "tree");
    expect(await waitForExit([cli, ...tree], 10_000)).toBe(true);
    const [made] = live();
    expect(ownerOf(made)).toBe(markOfStack(name));
    await project.run(["cancel", "--yes"]);
    const destroy = await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    // The engine warns that the create was interrupted; the provider is never asked about the connection.
    expect(text(destroy)).toMatch(/FleetFederationConnection::conn, interrupted while creating/);
    const leftAfterDestroy = live().map((e) => ({ id: e.id, marked: ownerOf(e) === markOfStack(name) }));
    // Destroy alone leaves the marked endpoint (docs/state-safety.md, "A killed pulumi up")...
    expect(leftAfterDestroy).toEqual([{ id: made.id, marked: true }]);
    // ...and the documented recovery removes it: up (adopts the marked endpoint), clear the pending CREATE, destroy.
    await recover(project, { locked: false, pendingCreate: true });
    await expectOneOwnedEndpointThenDestroy(project, name, from);
  });

  /** `pulumi up` whose kubeconfig download is refused after the endpoint was made and marked: an init failure. */
  async function upRecordingInitFailure(project: PulumiProject) {
    emu.faults.add({ operation: "DownloadFederationKubeconfig", status: 400, vendorCode: "UCS.00000012" });
    const failed = await project.run(UP, { allowFailure: true });
    expect(failed.code).not.toBe(0);
    const state = JSON.parse((await project.run(["stack", "export"])).stdout);
    const conn = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::conn"));
    const [ep] = live();
    expect(conn.outputs.vpcEndpointId).toBe(ep.id);
    expect(conn.initErrors).toHaveLength(1);
    return { failed, endpoint: ep };
  }

  it("an init failure: what the CLI prints names the failed operation and the endpoint it recorded", async () => {
    const name = "pck-crash-initmsg";
    const project = await newStack(name);
    const from = emu.state.calls.length;
    const { failed, endpoint } = await upRecordingInitFailure(project);
    await project.run(UP);
    await expectOneOwnedEndpointThenDestroyAny(project, from);
    // The engine prints the init failure's reasons, not the error's message.
    expect({
      namesOperation: /DownloadFederationKubeconfig/.test(text(failed)),
      namesEndpoint: text(failed).includes(endpoint.id),
    }).toEqual({ namesOperation: true, namesEndpoint: true });
  });

  it("an init failure is finished in place by the next up: no replacement, no second endpoint", async () => {
    const name = "pck-crash-initfail";
    const project = await newStack(name);
    const from = emu.state.calls.length;
    await upRecordingInitFailure(project);
    const plan = JSON.parse((await project.run(["preview", "--json", "--non-interactive"])).stdout);
    const ops = (plan.steps ?? [])
      .filter((s: { urn: string }) => s.urn.endsWith("FleetFederationConnection::conn"))
      .map((s: { op: string }) => s.op);
    await project.run(UP);
    const replaced = { plan: ops, deleteEndpointCalls: callsOf("DeleteEndpoint", from).length };
    await expectOneOwnedEndpointThenDestroyAny(project, from);
    expect(replaced).toEqual({ plan: ["update"], deleteEndpointCalls: 0 });
  });

  /** After `up` finished it: one endpoint, owned and recorded; destroy leaves none (endpoints made: any). */
  async function expectOneOwnedEndpointThenDestroyAny(project: PulumiProject, from: number) {
    const outs = JSON.parse(
      (await project.run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true })).stdout,
    );
    keys[`connection private key ${Object.keys(keys).length}`] = privateKeyOf(outs.connKubeconfig);
    expect(live().map((e) => e.id)).toEqual([outs.vpcEndpointId]);
    expect(outs.vpcEndpointCreated).toBe(true);
    expect(callsOf("CreateFederationConnection", from).length).toBeGreaterThanOrEqual(1);
    await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect(live()).toEqual([]);
  }
});
