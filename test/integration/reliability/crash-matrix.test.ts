/**
 * Crash consistency: every vendor call with a side effect, in every resource, × where the run is interrupted ×
 * what the user runs next. The provider runs in-process against the emulator; crash-model.ts plays the engine
 * (what each command asks of the provider, what the state records from the answer). Each cell:
 *
 * 1. sets up (for a delete step: creates the resource, recorded), then runs the interrupted command (`up` for a
 *    create step, `destroy` for a delete step) with the interruption:
 *    - before the call: the connection is reset before the vendor acts (for the whole run);
 *    - after the side effect, before the answer: `phase: "after"` hang, reset or 500 (for the whole run: every
 *      retry of an idempotent call does the work again and loses its answer too);
 *    - after the answer, before the state write: the process is killed the moment the vendor answered; no later
 *      call reaches the vendor and nothing the provider returns is recorded;
 * 2. runs what the user runs next (`up`, `refresh` or `destroy`) in a new process, then a final `destroy`;
 * 3. checks: no orphan (every live VPC endpoint is recorded, or was named by id in a message that says how to
 *    resolve it, or belongs to a create killed before the state write, which `refresh` and `destroy` cannot see:
 *    then the documented recovery, `up` then `destroy`, must adopt or name it and remove it), another party's endpoints survive, refresh drops nothing whose vendor object lives, at most
 *    one credential minted and never delivered to the state (and no minting call repeated within a run), each
 *    failure prints one line naming the failed operation and the endpoint it concerns, as the CLI prints it
 *    (an init failure's `reasons`), no secret in any error, an unchanged program forces no replacement, and
 *    after the final destroy nothing is left (with `revokeOnDelete`, every certificate minted is revoked).
 *
 * Each cell's outcome is rendered into the crash-matrix block of docs/reliability.md. The test never writes
 * there on a normal run: it fails when the block differs; `UPDATE_DOCS=1` rewrites only that block.
 */
import type { FaultSpec, VpcEndpointRecord } from "../../../emulator";
import type { ResourceKind } from "../../../provider";
import { clearIamCache } from "../../../provider/huaweicloud/iam";
import { OWNER_TAG, markOf } from "../../../provider/resources/vpc-endpoint-ownership";
import { collectText, expectNoSecrets } from "../../support/secret-scan";
import { EngineModel, type Command, type Run } from "../../support/crash-model";
import { expectGeneratedBlock } from "../../support/generated-block";
import {
  clearVpcEndpoints,
  configureAt,
  inputsFor,
  secretsOf,
  useEmulator,
  type EmulatorHandle,
  type Props,
} from "../../support/reliability-harness";

jest.setTimeout(120_000);

/** Per-attempt timeout, so a hung answer costs little (cloudkubeconfig:requestTimeoutMs). */
const REQUEST_TIMEOUT_MS = 2000;
/** Uses of an interrupting fault: more than the transport's 4 attempts, so retries cannot get past it. */
const WHOLE_RUN = 8;

let emu: EmulatorHandle;
let ids: ReturnType<typeof inputsFor>;

interface Step {
  kind: ResourceKind;
  /** The vendor operation with the side effect. */
  op: string;
  /** The command whose run makes the call. */
  during: "create" | "delete";
  inputs(): Props;
  /** The cluster or fleet id the emulator counts this resource's certificates under. */
  issuedFor(): string;
  /** The operation that mints this resource's credential. */
  minting: string;
}

const steps: Step[] = [
  {
    kind: "UcsClusterKubeconfig",
    op: "CreateClusterKubeconfig",
    during: "create",
    inputs: () => ids.ucs,
    issuedFor: () => ids.ucs.clusterId,
    minting: "CreateClusterKubeconfig",
  },
  {
    kind: "CceClusterKubeconfig",
    op: "CreateKubernetesClusterCert",
    during: "create",
    inputs: () => ids.cce,
    issuedFor: () => ids.cce.clusterId,
    minting: "CreateKubernetesClusterCert",
  },
  {
    kind: "CceClusterKubeconfig",
    op: "RevokeKubernetesClusterCert",
    during: "delete",
    inputs: () => ({ ...ids.cce, revokeOnDelete: true }),
    issuedFor: () => ids.cce.clusterId,
    minting: "CreateKubernetesClusterCert",
  },
  ...(["CreateFederationConnection", "BatchAddOrDeleteResourceTags", "DownloadFederationKubeconfig"] as const).map(
    (op): Step => ({
      kind: "FleetFederationConnection",
      op,
      during: "create",
      inputs: () => ids.connection,
      issuedFor: () => ids.connection.clusterGroupId,
      minting: "DownloadFederationKubeconfig",
    }),
  ),
  {
    kind: "FleetFederationConnection",
    op: "DeleteEndpoint",
    during: "delete",
    inputs: () => ids.connection,
    issuedFor: () => ids.connection.clusterGroupId,
    minting: "DownloadFederationKubeconfig",
  },
  {
    kind: "FleetFederationKubeconfig",
    op: "DownloadFederationKubeconfig",
    during: "create",
    inputs: () => ids.federationKubeconfig,
    issuedFor: () => ids.federationKubeconfig.clusterGroupId,
    minting: "DownloadFederationKubeconfig",
  },
];

interface Point {
  key: string;
  label: string;
  /** The fault on the step's operation, or none: killed after its answer. */
  fault?: Omit<FaultSpec, "operation">;
}

const points: Point[] = [
  { key: "before", label: "1 before the call (reset)", fault: { phase: "before", reset: true, times: WHOLE_RUN } },
  { key: "hang", label: "2 after the effect: no answer", fault: { phase: "after", hang: true, times: WHOLE_RUN } },
  { key: "reset", label: "2 after the effect: reset", fault: { phase: "after", reset: true, times: WHOLE_RUN } },
  { key: "500", label: "2 after the effect: 500", fault: { phase: "after", status: 500, times: WHOLE_RUN } },
  { key: "killed", label: "3 after the answer: killed before the state write" },
];

const nexts: Command[] = ["up", "refresh", "destroy"];

interface CellResult {
  /** What the interrupted command did (the same for every next command). */
  interrupted: string;
  text: string;
  violations: string[];
  /** Ids and messages for the failure report (not rendered: ids differ on every run). */
  details: string[];
}

const rowKey = (s: Step, pt: Point) => `${s.kind} · ${s.op} · ${pt.key}`;
const results = new Map<string, Map<Command, CellResult>>();

useEmulator({ configure: "never", resetAfterEach: false }, (e) => {
  emu = e;
  ids = inputsFor(e);
});

/** What a new provider process starts from: no cached IAM answers, the stack config. */
async function newProcess(): Promise<void> {
  clearIamCache();
  await configureAt(emu, { "cloudkubeconfig:requestTimeoutMs": String(REQUEST_TIMEOUT_MS) });
}

const live = (): VpcEndpointRecord[] => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
const ownerTagOf = (e: VpcEndpointRecord) => e.tags.find((t) => t.key === OWNER_TAG)?.value;

/** Endpoints of another party that a connection must neither take nor delete: they only look similar. */
function foreignEndpoints(): VpcEndpointRecord[] {
  const gw = emu.state.fleets.find((f) => f.id === ids.connection.clusterGroupId)!.connectGatewayEndpoints[0];
  return [
    // Same VPC; the service name differs in case only (the vendor's name filter returns it), another service id.
    emu.admin.createVpcEndpoint({
      projectId: ids.connection.projectId,
      vpcId: ids.connection.vpcId,
      endpointServiceName: gw.name.toUpperCase(),
      endpointServiceId: "31111111-2222-4333-8444-555555555555",
    }),
    // The fleet's own service, from another VPC.
    emu.admin.createVpcEndpoint({
      projectId: ids.connection.projectId,
      vpcId: "a1b2c3d4-0000-4000-8000-000000000001",
      endpointServiceName: gw.name,
      endpointServiceId: gw.id,
    }),
  ];
}

/** The vendor did the work (a 0 status is a fault that answered instead of the route). */
const done2xx = (status: number) => status >= 200 && status < 400;

/**
 * Installs the interruption of `op`. Killed: the moment the vendor answered `op`, every later call fails before
 * the vendor acts (the process is gone) and `kill()` tells the engine to record nothing. Returns the undo.
 */
function interrupt(op: string, point: Point, kill: () => void): () => void {
  if (point.fault) {
    emu.faults.add({ operation: op, ...point.fault });
    return () => emu.faults.clear();
  }
  const calls = emu.state.calls;
  const push = calls.push.bind(calls);
  let done = false;
  calls.push = (...items) => {
    const n = push(...items);
    if (!done && items.some((c) => c.operation === op && done2xx(c.status) && !c.answer)) {
      done = true;
      kill();
      emu.faults.add({ operation: "*", reset: true, times: 10_000 });
    }
    return n;
  };
  return () => {
    calls.push = push;
    emu.faults.clear();
  };
}

/**
 * The message the CLI prints for a failure names the vendor operation (`op`, when given), is one line, and
 * holds no secret. For an init failure that is the error's `reasons`, not its message (see crash-model.ts).
 */
function messageProblems(run: Run, op: string | undefined): string[] {
  if (run.result !== "failed" || !run.error) return [];
  const problems: string[] = [];
  const printed = run.printed ?? "";
  const what = run.recorded === "init failure" ? `the ${run.command} init-failure message` : `the ${run.command} error`;
  if (op && !printed.includes(op)) problems.push(`${what} does not name ${op}`);
  if (/\n/.test(printed.trim())) problems.push(`${what} spans several lines`);
  try {
    expectNoSecrets(collectText(run.error), secretsOf(emu));
  } catch (err) {
    problems.push(`${what} leaks a secret (${(err as Error).message})`);
  }
  return problems;
}

/** Short, id-free text of a command's outcome. */
function runText(run: Run, hadResource: boolean): string {
  if (run.result === "killed") return hadResource ? "killed; still recorded" : "killed; nothing recorded";
  if (run.result === "nothing to do") return "nothing recorded, nothing to do";
  if (run.result === "no change") return "no change";
  if (run.replaced) {
    const how = run.result === "ok" ? "replaces it" : `replacing it ${runText({ ...run, replaced: undefined }, true)}`;
    return `${how} (diff: ${run.replaced.join(", ")}; delete, then create)`;
  }
  if (run.result === "ok") {
    return {
      create: "creates it",
      update: "updates it",
      read: run.recorded === "dropped" ? "drops it" : "keeps it",
      delete: "deletes it",
      none: "ok",
    }[run.step];
  }
  const recorded =
    run.recorded === "init failure"
      ? "recorded with what was made (init failure)"
      : hadResource
        ? "still recorded"
        : "nothing recorded";
  return `fails; ${recorded}`;
}

async function runCell(step: Step, point: Point, next: Command): Promise<CellResult> {
  emu.faults.clear();
  clearVpcEndpoints(emu);
  const connection = step.kind === "FleetFederationConnection";
  const foreign = connection ? foreignEndpoints() : [];
  const foreignIds = new Set(foreign.map((e) => e.id));
  const identity = `crash/matrix/FleetFederationConnection/${step.op}-${point.key}-${next}`;
  const program = connection ? { ...step.inputs(), __owner: identity } : step.inputs();
  const mark = markOf(identity);
  let killed = false;
  const engine = new EngineModel(step.kind, program, () => killed);
  const violations: string[] = [];
  const details: string[] = [];
  const messages: string[] = [];
  const issuedFor = step.issuedFor();
  const issued = () => emu.state.issuanceCounts[issuedFor] ?? 0;
  const certificatesFrom = (emu.state.clientCertificates[issuedFor] ?? []).length;
  const ours = () => live().filter((e) => !foreignIds.has(e.id));
  const recordedEndpoint = (): string | undefined => engine.resource?.outputs.vpcEndpointId || undefined;
  /** Kubeconfigs the state recorded after the set-up: the credentials that were delivered. */
  const delivered = new Set<string>();
  let setupKubeconfig: string | undefined;
  const noteDelivered = () => {
    const k = engine.resource?.outputs.kubeconfig;
    if (typeof k === "string" && k !== "" && k !== setupKubeconfig) delivered.add(k);
  };

  /** How each live endpoint of ours stands: marked or not, recorded or not. */
  const endpointText = (): string => {
    if (!connection) return "";
    const eps = ours();
    if (eps.length === 0) return "no endpoint";
    return eps
      .map((e) => {
        const owner = ownerTagOf(e);
        const marked = owner === mark ? "marked" : owner ? "marked by another" : "unmarked";
        return `${marked} endpoint ${e.id === recordedEndpoint() ? "recorded" : "not recorded"}`;
      })
      .join(", ");
  };

  /**
   * A create killed before the state write leaves a pending CREATE that `refresh` and `destroy` cannot see (the
   * engine never calls the provider for it). Its endpoint, marked with this resource's identity or (killed in the
   * instant before the mark) unmarked, waits for the documented recovery: the next `pulumi up`.
   */
  const awaitsRecovery = (e: VpcEndpointRecord) =>
    engine.pendingCreate !== undefined && !engine.resource && (ownerTagOf(e) === mark || !ownerTagOf(e));

  const checkEndpoints = (when: string) => {
    for (const e of ours()) {
      if (e.id === recordedEndpoint() || awaitsRecovery(e)) continue;
      const named = messages.some(
        (m) => m.includes(e.id) && /vpcEndpointId|adoptVpcEndpoint|pulumi (up|destroy)/.test(m),
      );
      if (named) continue;
      const owner = ownerTagOf(e);
      violations.push(
        `${when}: orphan (${owner === mark ? "marked" : owner ? "marked by another" : "unmarked"} endpoint, ` +
          "not in state, named in no message)",
      );
      details.push(`${when}: orphan ${e.id}`);
    }
    for (const f of foreign) {
      if (!live().some((e) => e.id === f.id)) {
        violations.push(`${when}: another party's endpoint was deleted`);
        details.push(`${when}: foreign ${f.id} deleted`);
      }
    }
  };

  /**
   * A failure names the endpoint it concerns: the one a call on one endpoint failed on, or the one an init
   * failure recorded (what the next `up` finishes or `destroy` deletes).
   */
  const endpointNamed = (run: Run, op: string | undefined, endpointId: string | undefined) => {
    if (run.result !== "failed" || !run.error) return;
    const failedOp = op ?? String(run.error.operation);
    const onEndpoint = ["DeleteEndpoint", "BatchAddOrDeleteResourceTags"].includes(failedOp) ? endpointId : undefined;
    const recorded = run.recorded === "init failure" ? recordedEndpoint() : undefined;
    for (const id of new Set([onEndpoint, recorded])) {
      if (id && !(run.printed ?? "").includes(id)) {
        violations.push(
          `the ${run.command} ${run.recorded === "init failure" ? "init-failure message" : "error"} does not ` +
            `name the endpoint ${id === recorded ? "it recorded" : `${failedOp} failed on`}`,
        );
      }
    }
  };

  const mintingCalls = (from: number) => emu.state.calls.slice(from).filter((c) => c.operation === step.minting).length;

  /** The certificate the set-up issued is revoked while the state still holds it. */
  const holdsRevoked = () => {
    const setupCert = (emu.state.clientCertificates[issuedFor] ?? [])[certificatesFrom];
    return (
      setupKubeconfig !== undefined && engine.resource?.outputs.kubeconfig === setupKubeconfig && setupCert?.revoked
    );
  };

  // Set-up: a delete step needs the resource recorded first.
  await newProcess();
  if (step.during === "delete") {
    const setup = await engine.up();
    if (setup.result !== "ok") throw new Error(`set-up create failed: ${setup.error?.message}`);
    setupKubeconfig = engine.resource!.outputs.kubeconfig;
  }
  const issuedBefore = issued();

  // The interrupted command.
  await newProcess();
  const from1 = emu.state.calls.length;
  const before1 = engine.resource;
  const undo = interrupt(step.op, point, () => (killed = true));
  let run1: Run;
  try {
    run1 = await engine.run(step.during === "create" ? "up" : "destroy");
  } finally {
    undo();
  }
  noteDelivered();
  const calls1 = emu.state.calls.slice(from1).filter((c) => c.operation === step.op);
  // The interruption happened as specified (else the cell tests nothing).
  const acted = calls1.filter((c) => done2xx(c.status));
  if (calls1.length === 0) violations.push(`${step.op} was never called`);
  else if (point.fault?.phase === "before" && acted.length > 0) violations.push("the vendor acted despite the fault");
  else if (point.fault?.phase === "after" && !acted.some((c) => c.answer)) violations.push("no answer was lost");
  else if (!point.fault && !killed) violations.push("the process was not killed");
  const killedRun = killed;
  killed = false;
  if (run1.printed) messages.push(run1.printed);
  violations.push(...messageProblems(run1, step.op));
  endpointNamed(run1, step.op, before1?.outputs.vpcEndpointId ?? engine.resource?.outputs.vpcEndpointId);
  if (mintingCalls(from1) > 1) violations.push(`${step.minting} called more than once in the interrupted run`);
  const issuedIn1 = issued() - issuedBefore;
  let interrupted = runText(run1, before1 !== undefined);
  if (killedRun && step.during === "create" && engine.pendingCreate) interrupted += " (pending CREATE)";
  const ep1 = endpointText();
  if (ep1) interrupted += `; ${ep1}`;
  if (issuedIn1 > 0) interrupted += `; ${issuedIn1} credential minted`;

  // What the user runs next.
  await newProcess();
  const from2 = emu.state.calls.length;
  const before2 = engine.resource;
  const run2 = await engine.run(next);
  noteDelivered();
  if (run2.printed) messages.push(run2.printed);
  violations.push(...messageProblems(run2, undefined));
  endpointNamed(run2, undefined, before2?.outputs.vpcEndpointId);
  if (mintingCalls(from2) > 1) violations.push(`${step.minting} called more than once by ${next}`);
  // The program is the same in every run: nothing should force a replacement.
  if (run2.replaced) violations.push(`up replaces it although no input changed (diff: ${run2.replaced.join(", ")})`);
  if (next === "refresh" && before2 && !engine.resource) {
    violations.push("refresh dropped a resource whose cluster or fleet lives");
  }
  const recordedBefore2: string | undefined = before2?.outputs.vpcEndpointId || undefined;
  if (next === "refresh" && recordedBefore2 && engine.resource) {
    const stillLive = live().some((e) => e.id === recordedBefore2);
    if (stillLive && engine.resource.outputs.vpcEndpointId !== recordedBefore2) {
      violations.push("refresh lost the id of a live endpoint");
    }
  }
  checkEndpoints(`after ${next}`);
  const lost = issued() - issuedBefore - delivered.size;
  if (lost > 1) violations.push(`${lost} credentials minted and never delivered`);

  let text = `${next}: ${runText(run2, before2 !== undefined)}`;
  if (run2.result === "failed" && connection && ours().some((e) => (run2.printed ?? "").includes(e.id))) {
    text = text.replace(/^(\w+): fails/, "$1: fails naming the endpoint and how to resolve it");
  }
  if (next === "up" && run2.result === "ok" && connection) {
    const made = emu.state.calls.slice(from2).some((c) => c.operation === "CreateFederationConnection");
    text += made ? " (new endpoint)" : " (no new endpoint)";
  }
  if (connection && run2.step === "read" && recordedBefore2 && !engine.resource?.outputs.vpcEndpointId) {
    text += ", recording the endpoint as gone";
  }
  if (
    connection &&
    run2.result === "no change" &&
    recordedEndpoint() &&
    !ours().some((e) => e.id === recordedEndpoint())
  ) {
    text += " (the state still names the deleted endpoint)";
  }
  if (holdsRevoked() && engine.resource) text += " (the state keeps the revoked certificate)";
  const ep2 = endpointText();
  if (ep2) text += `; ${ep2}`;

  // The final destroy.
  await newProcess();
  const from3 = emu.state.calls.length;
  const before3 = engine.resource;
  const final = await engine.destroy();
  if (final.printed) messages.push(final.printed);
  violations.push(...messageProblems(final, undefined));
  endpointNamed(final, undefined, before3?.outputs.vpcEndpointId);
  if (final.result === "failed") violations.push("the final destroy fails");
  if (emu.state.calls.slice(from3).some((c) => c.operation === step.minting)) {
    violations.push("the final destroy minted a credential");
  }
  checkEndpoints("after the final destroy");
  if (connection && ours().some(awaitsRecovery)) {
    // The recovery docs/state-safety.md gives: `pulumi up` (adopts the marked endpoint, or names an unmarked one
    // and how to adopt it), then `pulumi destroy`.
    await newProcess();
    let up = await engine.up();
    let recovery = engine;
    if (up.result === "failed") {
      const named = ours().find((e) => (up.printed ?? "").includes(e.id) && /adoptVpcEndpoint/.test(up.printed ?? ""));
      if (!named) violations.push("the up after a killed create neither adopts nor names the endpoint");
      else {
        recovery = new EngineModel(step.kind, { ...program, vpcEndpointId: named.id, adoptVpcEndpoint: true });
        up = await recovery.up();
        text += `. Then up names endpoint and how to adopt it; adopted`;
      }
    } else text += ". Then up adopts the marked endpoint";
    if (up.result === "failed") violations.push(`recovery up fails: ${up.printed}`);
    const gone = await recovery.destroy();
    if (gone.result === "failed") violations.push(`recovery destroy fails: ${gone.printed}`);
    text += ", destroy removes it";
    engine.pendingCreate = undefined;
    checkEndpoints("after the recovery");
  }
  const left = ours();
  text += `. Final destroy: ${final.result === "nothing to do" ? "nothing recorded" : runText(final, true)}`;
  if (connection) text += left.length === 0 ? ", no endpoint left" : `, ${left.length} endpoint left`;
  if (step.op === "RevokeKubernetesClusterCert") {
    const certs = (emu.state.clientCertificates[issuedFor] ?? []).slice(certificatesFrom);
    const valid = certs.filter((c) => !c.revoked).length;
    if (valid > 0) violations.push(`${valid} certificate(s) left unrevoked`);
    else text += ", every certificate revoked";
  }
  if (lost === 1) text += "; 1 credential minted and never delivered";
  if (violations.length === 0) text = `✅ ${text}`;
  else text = `⛔ ${text}. **${violations.join("; ")}**`;
  details.push(...messages.map((m) => `message: ${m}`));
  return { interrupted, text, violations, details };
}

describe.each(steps)("$kind, $op (during $during)", (step) => {
  describe.each(points)("interrupted $label", (point) => {
    it.each(nexts)("then %s", async (next) => {
      const cell = await runCell(step, point, next);
      const row = results.get(rowKey(step, point)) ?? new Map<Command, CellResult>();
      row.set(next, cell);
      results.set(rowKey(step, point), row);
      expect({ violations: cell.violations, details: cell.violations.length ? cell.details : [] }).toEqual({
        violations: [],
        details: [],
      });
    });
  });
});

/** The matrix as markdown: one row per step and interruption, one column per next command. */
function render(): string {
  const lines = [
    "| Resource · step with a side effect | Interruption | Interrupted run | then `pulumi up` | then `pulumi refresh` | then `pulumi destroy` |",
    "|---|---|---|---|---|---|",
  ];
  for (const step of steps) {
    for (const point of points) {
      const row = results.get(rowKey(step, point))!;
      const interrupted = Array.from(new Set(nexts.map((n) => row.get(n)!.interrupted))).join(" / ");
      const during = step.during === "delete" ? " (destroy)" : "";
      lines.push(
        `| ${step.kind} · \`${step.op}\`${during} | ${point.label} | ${interrupted} | ` +
          `${nexts.map((n) => row.get(n)!.text.replace(/\|/g, "\\|")).join(" | ")} |`,
      );
    }
  }
  lines.push(
    "",
    "TkeClusterKubeconfig has no step with a vendor-side effect (`DescribeClusterKubeconfig` returns the account's " +
      "existing certificate and is retried like any read), so it has no row.",
  );
  return lines.join("\n");
}

it("docs/reliability.md: the crash-matrix block is what the cells found (UPDATE_DOCS=1 rewrites it)", () => {
  const expected = steps.length * points.length;
  const complete = results.size === expected && Array.from(results.values()).every((r) => r.size === nexts.length);
  if (!complete) {
    console.warn(`crash-matrix: only ${results.size} of ${expected} rows ran; the docs block is not compared`);
    return;
  }
  expectGeneratedBlock("docs/reliability.md", "crash-matrix", render());
});
