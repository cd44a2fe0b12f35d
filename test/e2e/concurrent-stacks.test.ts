/**
 * Engine tier: two stacks (two projects, so two resource identities and two provider processes) each declare a
 * FleetFederationConnection to the same fleet and VPC, and `pulumi up` runs for both at once. Whatever the
 * interleaving, asserted: every live VPC endpoint is recorded by a stack (no orphan) and carries exactly one
 * owner mark, of one of the two resources; each stack's recorded `vpcEndpointId` exists; destroying one stack
 * leaves the other's recorded endpoint in place (ownership passes to it when shared); destroying both leaves no
 * endpoint.
 *
 * The free race usually ends with one shared endpoint (the second stack lists after the first marked its
 * endpoint). The other interleavings are forced with answers the emulator holds back while the other stack
 * runs: the first stack's CreateFederationConnection held before the vendor acts (both make an endpoint), held
 * after the endpoint exists but before it is marked (the second stack lists an unmarked endpoint), and its
 * kubeconfig download held after the mark (the second stack finds a marked endpoint mid-create).
 * `CONCURRENT_ROUNDS=n` repeats the free race n times.
 */
import {
  startEmulator,
  type CallRecord,
  type EmulatorHandle,
  type FaultSpec,
  type VpcEndpointRecord,
} from "../../emulator";
import { OWNER_TAG, markOf } from "../../provider/resources/vpc-endpoint-ownership";
import { createPulumiProject, type CliResult, type PulumiProject } from "../support/pulumi-cli";
import { waitUntil } from "../support/process-tree";
import { expectNoSecrets } from "../support/secret-scan";
import { credentialSecrets, emulatorConfig, privateKeyOf, requirePulumiCli } from "../support/engine-stack";

jest.setTimeout(900_000);

const STACK = "e2e";
const NAMES = ["pck-race-a", "pck-race-b"] as const;
const HELD_MS = 20_000;
const ROUNDS = Math.max(1, Number(process.env.CONCURRENT_ROUNDS) || 1);
const UP = ["up", "--yes", "--skip-preview", "--non-interactive"];
const DESTROY = ["destroy", "--yes", "--skip-preview", "--non-interactive"];

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const kc = require("pulumi-cloud-kubeconfig");
const cfg = new pulumi.Config("race");
const hw = new pulumi.Config("huaweicloud");
const conn = new kc.FleetFederationConnection("conn", {
  clusterGroupId: cfg.require("fleetId"),
  projectId: hw.require("projectId"),
  vpcId: cfg.require("vpcId"),
  subnetId: cfg.require("subnetId"),
  validityDays: 30,
});
module.exports = {
  kubeconfig: conn.kubeconfig,
  vpcEndpointId: conn.vpcEndpointId,
  vpcEndpointCreated: conn.vpcEndpointCreated,
};
`;

const binDir = requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

interface StackOutputs {
  kubeconfig: string;
  vpcEndpointId: string;
  vpcEndpointCreated: boolean;
}

describeWithCli("two stacks connect one fleet and VPC at the same time, through the real pulumi CLI", () => {
  let emu: EmulatorHandle;
  let stacks: PulumiProject[] = [];
  const keys: Record<string, string> = {};
  const orderings: string[] = [];

  const live = (): VpcEndpointRecord[] => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
  const ownerOf = (e: VpcEndpointRecord) => e.tags.find((t) => t.key === OWNER_TAG)?.value;
  const markOfStack = (i: number) => markOf(`${NAMES[i]}/${STACK}/FleetFederationConnection/conn`);
  const text = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

  beforeAll(async () => {
    emu = await startEmulator();
    const { config, secretKeys } = emulatorConfig(emu);
    for (const name of NAMES) {
      const project = await createPulumiProject({ binDir: binDir!, name, program: PROGRAM, stack: STACK });
      await project.setConfig(
        {
          ...config,
          "race:fleetId": emu.seed.ucs.fleets.federated.id,
          "race:vpcId": emu.seed.ucs.vpcId,
          "race:subnetId": emu.seed.ucs.subnetId,
        },
        secretKeys,
      );
      stacks.push(project);
    }
  });

  beforeEach(async () => {
    // A test that failed half-way may leave stacks and endpoints: start each from empty stacks and VPC.
    emu.faults.clear();
    if (live().length === 0) return;
    for (const s of stacks) await s.run(DESTROY, { allowFailure: true });
    for (const e of live()) emu.admin.deleteVpcEndpoint(e.id);
  });

  afterAll(async () => {
    if (orderings.length > 0) console.log(`concurrent stacks, interleavings seen: ${orderings.join(", ")}`);
    for (const p of stacks) {
      expectNoSecrets(p.output(), { ...credentialSecrets(emu), ...keys });
      p.cleanup();
    }
    stacks = [];
    if (emu) await emu.stop();
  });

  async function outputsOf(i: number): Promise<StackOutputs> {
    const r = await stacks[i].run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true });
    const outs = JSON.parse(r.stdout) as StackOutputs;
    keys[`${NAMES[i]} private key ${Object.keys(keys).length}`] = privateKeyOf(outs.kubeconfig);
    return outs;
  }

  /** The connection's outputs as the state records them (`stack export`; the kubeconfig stays ciphertext). */
  async function recordedConnection(i: number): Promise<{ vpcEndpointId: string; vpcEndpointCreated: boolean }> {
    const state = JSON.parse((await stacks[i].run(["stack", "export"])).stdout);
    const conn = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::conn"));
    return { vpcEndpointId: conn.outputs.vpcEndpointId, vpcEndpointCreated: conn.outputs.vpcEndpointCreated };
  }

  /** Both `up`s succeeded. */
  function expectBothUp(results: CliResult[]): void {
    results.forEach((r, i) => {
      if (r.code !== 0) throw new Error(`pulumi up of ${NAMES[i]} failed:\n${text(r)}`);
    });
  }

  /**
   * The invariants of two live stacks, then destroy one (the other keeps its endpoint), then the other (no
   * endpoint left). Returns how the race ended: one shared endpoint or one each.
   */
  async function checkThenDestroy(first: number): Promise<"shared" | "one each"> {
    const outs = [await outputsOf(0), await outputsOf(1)];
    const eps = live();
    const recorded = outs.map((o) => o.vpcEndpointId);
    // No orphan: every endpoint is some stack's; each stack's endpoint exists.
    expect(eps.map((e) => e.id).filter((id) => !recorded.includes(id))).toEqual([]);
    for (const id of recorded) expect(eps.map((e) => e.id)).toContain(id);
    // Exactly one owner mark per endpoint, belonging to one of the two resources.
    const marks = [markOfStack(0), markOfStack(1)];
    for (const e of eps) {
      expect(e.tags.filter((t) => t.key === OWNER_TAG)).toHaveLength(1);
      expect(marks).toContain(ownerOf(e));
    }
    // Each stack's state says it owns exactly the endpoint that carries its mark.
    outs.forEach((o, i) => {
      const ep = eps.find((e) => e.id === o.vpcEndpointId)!;
      expect({ stack: NAMES[i], owns: o.vpcEndpointCreated }).toEqual({
        stack: NAMES[i],
        owns: ownerOf(ep) === marks[i],
      });
    });
    const ending = eps.length === 1 ? "shared" : "one each";
    expect(eps.length).toBe(ending === "shared" ? 1 : 2);

    const other = 1 - first;
    await stacks[first].run(DESTROY);
    const left = live();
    expect(left.map((e) => e.id)).toEqual([outs[other].vpcEndpointId]);
    // The remaining stack owns what it uses now, and refresh says so.
    expect(ownerOf(left[0])).toBe(marks[other]);
    await stacks[other].run(["refresh", "--yes", "--skip-preview", "--non-interactive"]);
    // Refresh updates the resource, not the stack outputs (only `up` runs the program): read the state.
    const refreshed = await recordedConnection(other);
    expect(refreshed.vpcEndpointId).toBe(outs[other].vpcEndpointId);
    expect(refreshed.vpcEndpointCreated).toBe(true);
    await stacks[other].run(DESTROY);
    expect(live()).toEqual([]);
    return ending;
  }

  /**
   * Starts `pulumi up` of stack 0 with `fault` on the emulator; once the calls since then show that stack 0 is
   * held (`held`), runs `pulumi up` of stack 1 while stack 0's is still waiting, then waits for both.
   */
  async function raceWithHeldAnswer(fault: FaultSpec, held: (calls: CallRecord[]) => boolean) {
    expect(live()).toEqual([]);
    emu.faults.add(fault);
    const from = emu.state.calls.length;
    const first = stacks[0].run(UP, { allowFailure: true });
    await waitUntil(`stack 0 to reach ${fault.operation}`, 240_000, () => held(emu.state.calls.slice(from)));
    const second = await stacks[1].run(UP, { allowFailure: true });
    return [await first, second];
  }

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    "free race, round %i: both ups succeed, no orphan, one owner per endpoint; each destroy keeps the other",
    async (round) => {
      expect(live()).toEqual([]);
      const results = await Promise.all([
        stacks[0].run(UP, { allowFailure: true }),
        stacks[1].run(UP, { allowFailure: true }),
      ]);
      expectBothUp(results);
      orderings.push(await checkThenDestroy(round % 2));
    },
  );

  it("both list an empty VPC before either endpoint exists: one endpoint each, each owned by its stack", async () => {
    // Stack 0's create waits before the vendor acts, so stack 1 lists, makes and marks its own first.
    // A call held before the vendor acts is recorded only when it ends; stack 0 sends it right after its second
    // listing (settle, then the listing before the create), and nothing else calls the emulator meanwhile.
    const results = await raceWithHeldAnswer(
      { operation: "CreateFederationConnection", phase: "before", delayMs: HELD_MS },
      (calls) => calls.filter((c) => c.operation === "ListEndpoints").length >= 2,
    );
    expectBothUp(results);
    const ending = await checkThenDestroy(0);
    orderings.push(`forced ${ending}`);
    expect(ending).toBe("one each");
  });

  it("the second stack finds the first's marked endpoint mid-create: it uses it; destroy hands it over", async () => {
    // Stack 0 has made and marked its endpoint; its kubeconfig answer is held while stack 1 runs.
    const results = await raceWithHeldAnswer(
      { operation: "DownloadFederationKubeconfig", phase: "after", delayMs: HELD_MS },
      (calls) => calls.some((c) => c.operation === "DownloadFederationKubeconfig" && c.status < 400),
    );
    expectBothUp(results);
    const ending = await checkThenDestroy(0);
    orderings.push(`forced ${ending}`);
    expect(ending).toBe("shared");
  });

  it("the second stack lists while the first's new endpoint stays unmarked: it stops, saying so; its next up shares", async () => {
    // Stack 0's endpoint exists (CreateFederationConnection done), its answer is held far longer than the
    // moment the second stack waits for a mark: not marked yet.
    const [first, second] = await raceWithHeldAnswer(
      { operation: "CreateFederationConnection", phase: "after", delayMs: HELD_MS },
      (calls) => calls.some((c) => c.operation === "CreateFederationConnection" && c.status < 400),
    );
    expectBothUp([first]);
    if (second.code !== 0) {
      // Safe and clear: nothing made, nothing adopted; the message names the endpoint and this very case.
      const [ep] = live();
      expect(live()).toHaveLength(1);
      expect(text(second)).toContain(ep.id);
      expect(text(second)).toMatch(/being created right now by another stack/);
      expectBothUp([await stacks[1].run(UP, { allowFailure: true })]);
    }
    const ending = await checkThenDestroy(0);
    orderings.push(`forced ${ending}`);
  });
});
