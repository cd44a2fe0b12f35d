/**
 * The fault matrix: every vendor operation the resources use × every fault the emulator can script,
 * driven through the resources' provider functions in-process (after `configure`). Each cell asserts one of
 * two outcomes: retried and succeeded within the attempt budget, or failed fast (one call) with a message
 * that names the operation, the vendor code and the request id. Calls that mint a certificate or make a VPC
 * endpoint are repeated only after an answer that proves the vendor did not act (429). A failed create yields
 * no resource id, except after its VPC endpoint exists: then it records the resource with that endpoint's
 * exact id, and deleting the recorded resource removes the endpoint.
 * The outcomes are rendered by scripts/gen-fault-matrix.ts and compared with its block of docs/reliability.md
 * (UPDATE_DOCS=1 rewrites the block); they are also written outside the source tree (resultsPath()), where that
 * script reads them.
 */
import { writeFileSync } from "node:fs";
import { render, resultsPath } from "../../../scripts/gen-fault-matrix";
import type { FaultSpec } from "../../../emulator";
import { provider } from "../../../provider";
import type { RequestSpec } from "../../../provider/http/types";
import { clearIamCache } from "../../../provider/huaweicloud/iam";
import { transport } from "../../../provider/resources/clients";
import { contextWith } from "../../../provider/resources/context";
import { expectGeneratedBlock } from "../../support/generated-block";
import { collectText, expectNoSecrets } from "../../support/secret-scan";
import {
  callsOf,
  inputsFor,
  p,
  secretsOf,
  useEmulator,
  type EmulatorHandle,
  type Props,
} from "../../support/reliability-harness";

jest.setTimeout(180_000);

/** Attempt budget of the transport (TRANSPORT_DEFAULTS.retry.maxAttempts). */
const MAX_ATTEMPTS = 4;
/** Short per-attempt timeout so a hang costs little (cloudkubeconfig:requestTimeoutMs). */
const REQUEST_TIMEOUT_MS = 600;

let emu: EmulatorHandle;
let ids: ReturnType<typeof inputsFor>;

interface Operation {
  vendor: "huaweicloud" | "tencentcloud";
  /** The operation as the provider's messages name it (a suffix in parentheses tells rows apart). */
  name: string;
  /** The emulator's name for it, when it differs (VPCEP ShowEndpoint is `ListEndpointInfoDetails` there). */
  emulatorName?: string;
  /** Creates or mints something server-side: never repeated once it may have reached the server. */
  mutating: boolean;
  /** Called after the create made the VPC endpoint: a failure records the resource with the endpoint's id. */
  afterEndpoint?: boolean;
  /** The vendor code of this service's 403 (else the emulator's default for the service). */
  forbiddenCode?: string;
  /** A read (refresh) or delete step rather than a create. */
  step: "create" | "read" | "delete";
  /** Runs the provider step that makes this call (first call of this operation in the step). */
  run(): Promise<unknown>;
  /** Set-up before the fault is added (e.g. a connection to delete). */
  before?(): Promise<void>;
}

/** VPCEP's 403: "Authentication information is incorrect or you have no permissions." */
const VPCEP_FORBIDDEN = "EndPoint.0004";

let toDelete: Props = {};
let toRead: Props = {};

const operations: Operation[] = [
  {
    vendor: "huaweicloud",
    name: "CreateClusterKubeconfig",
    mutating: true,
    step: "create",
    run: () => p("UcsClusterKubeconfig").create(ids.ucs),
  },
  {
    vendor: "huaweicloud",
    name: "ShowCluster",
    mutating: false,
    step: "read",
    run: () => p("UcsClusterKubeconfig").read(ids.ucs.clusterId, ids.ucs),
  },
  {
    vendor: "huaweicloud",
    name: "ShowClusterGroup",
    mutating: false,
    step: "read",
    run: () => p("FleetFederationKubeconfig").read(ids.federationKubeconfig.clusterGroupId, ids.federationKubeconfig),
  },
  {
    vendor: "huaweicloud",
    name: "CreateFederationConnection",
    mutating: true,
    step: "create",
    run: () => p("FleetFederationConnection").create(ids.connection),
  },
  {
    vendor: "huaweicloud",
    name: "BatchAddOrDeleteResourceTags",
    forbiddenCode: VPCEP_FORBIDDEN,
    mutating: false,
    afterEndpoint: true,
    step: "create",
    run: () => p("FleetFederationConnection").create(ids.connection),
  },
  {
    vendor: "huaweicloud",
    name: "DownloadFederationKubeconfig",
    mutating: true,
    step: "create",
    run: () => p("FleetFederationKubeconfig").create(ids.federationKubeconfig),
  },
  {
    vendor: "huaweicloud",
    name: "ListEndpoints",
    forbiddenCode: VPCEP_FORBIDDEN,
    mutating: false,
    step: "create",
    run: () => p("FleetFederationConnection").create(ids.connection),
  },
  {
    vendor: "huaweicloud",
    name: "ShowEndpoint",
    forbiddenCode: VPCEP_FORBIDDEN,
    emulatorName: "ListEndpointInfoDetails",
    mutating: false,
    step: "read",
    before: async () => {
      const created = await p("FleetFederationConnection").create(ids.connection);
      toRead = created.outs;
    },
    run: () => p("FleetFederationConnection").read(toRead.clusterIdentifier, toRead),
  },
  {
    vendor: "huaweicloud",
    name: "DeleteEndpoint",
    forbiddenCode: VPCEP_FORBIDDEN,
    mutating: false,
    step: "delete",
    before: async () => {
      const created = await p("FleetFederationConnection").create(ids.connection);
      toDelete = created.outs;
    },
    run: () => p("FleetFederationConnection").delete(toDelete.clusterIdentifier, toDelete),
  },
  {
    vendor: "huaweicloud",
    name: "CreateKubernetesClusterCert",
    mutating: true,
    step: "create",
    run: () => p("CceClusterKubeconfig").create(ids.cce),
  },
  {
    vendor: "huaweicloud",
    name: "ShowCluster (CCE)",
    mutating: false,
    step: "read",
    run: () => p("CceClusterKubeconfig").read(ids.cce.clusterId, ids.cce),
  },
  {
    vendor: "huaweicloud",
    name: "KeystoneListProjects",
    mutating: false,
    step: "create",
    before: async () => clearIamCache(),
    run: () => p("CceClusterKubeconfig").create(ids.cce),
  },
  {
    vendor: "tencentcloud",
    name: "DescribeClusterEndpointStatus",
    mutating: false,
    step: "create",
    run: () => p("TkeClusterKubeconfig").create(ids.tke),
  },
  {
    vendor: "tencentcloud",
    name: "DescribeClusterKubeconfig",
    mutating: false,
    step: "create",
    run: () => p("TkeClusterKubeconfig").create(ids.tke),
  },
  {
    vendor: "tencentcloud",
    name: "DescribeClusters",
    mutating: false,
    step: "read",
    // A read on its own, as in a fresh `pulumi refresh`: reads in a row share a listing of the account
    // (tencent-apis.ts), so each case gets its own transport object and with it no listing from the cases before.
    run: () => {
      const shared = transport(contextWith());
      const own = { request: (spec: RequestSpec) => shared.request(spec) };
      return provider("TkeClusterKubeconfig", { transport: own }).read(ids.tke.clusterId, ids.tke);
    },
  },
];

/** The operation's name in messages (CCE and UCS both call theirs ShowCluster). */
const named = (op: Operation) => op.name.replace(/ \(.*\)$/, "");
/** The operation's name at the emulator, for faults and call records. */
const wire = (op: Operation) => op.emulatorName || named(op);

interface Fault {
  name: string;
  spec(op: Operation): Omit<FaultSpec, "operation">;
  /** Transient faults are retried (unless the call is mutating and may have reached the server). */
  kind: "throttle" | "transient" | "final";
  /** A response arrived, so the message can carry a request id. */
  answered: boolean;
}

const faults: Fault[] = [
  { name: "429 + Retry-After", kind: "throttle", answered: true, spec: () => ({ status: 429, retryAfter: "1" }) },
  { name: "429", kind: "throttle", answered: true, spec: () => ({ status: 429 }) },
  { name: "500", kind: "transient", answered: true, spec: () => ({ status: 500 }) },
  { name: "502", kind: "transient", answered: true, spec: () => ({ status: 502 }) },
  { name: "503", kind: "transient", answered: true, spec: () => ({ status: 503 }) },
  { name: "504", kind: "transient", answered: true, spec: () => ({ status: 504 }) },
  { name: "connection reset", kind: "transient", answered: false, spec: () => ({ reset: true }) },
  { name: "hang past timeout", kind: "transient", answered: false, spec: () => ({ hang: true }) },
  { name: "truncated body", kind: "transient", answered: false, spec: () => ({ body: "truncated" }) },
  { name: "HTML error page (502)", kind: "transient", answered: true, spec: () => ({ body: "html", status: 502 }) },
  { name: "malformed JSON (200)", kind: "final", answered: true, spec: () => ({ body: "malformed-json" }) },
  {
    name: "403 forbidden",
    kind: "final",
    answered: true,
    spec: (op) =>
      op.vendor === "tencentcloud"
        ? { status: 200, vendorCode: "UnauthorizedOperation" }
        : { status: 403, ...(op.forbiddenCode ? { vendorCode: op.forbiddenCode } : {}) },
  },
];

/** Outcomes for docs/reliability.md: operation → fault → cell. */
export interface Cell {
  outcome: "retried, succeeded" | "failed fast" | "succeeded";
  attempts: number;
  vendorCode?: string;
  note?: string;
}
const results: Record<string, Record<string, Cell>> = {};
const record = (op: string, fault: string, cell: Cell) => {
  results[op] = results[op] || {};
  results[op][fault] = cell;
};

useEmulator({ configure: "once", config: { "cloudkubeconfig:requestTimeoutMs": String(REQUEST_TIMEOUT_MS) } }, (e) => {
  emu = e;
  ids = inputsFor(e);
});

afterAll(() => {
  if (Object.keys(results).length === operations.length) {
    writeFileSync(resultsPath(), JSON.stringify(results, null, 2) + "\n");
  }
});

/** Runs `fn`, returning its error (or undefined). */
async function failure(fn: () => Promise<unknown>): Promise<(Error & Record<string, any>) | undefined> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    return err as Error & Record<string, any>;
  }
}

describe.each(operations)("$name", (op) => {
  it.each(faults)("$name", async (fault) => {
    if (op.before) await op.before();
    const from = emu.state.calls.length;
    const liveBefore = emu.state.vpcEndpoints.filter((e) => !e.deletedAt).length;
    emu.faults.add({ operation: wire(op), ...fault.spec(op) });
    const err = await failure(op.run);
    const calls = callsOf(emu, wire(op), from);
    const retried = fault.kind === "throttle" || (fault.kind === "transient" && !op.mutating);

    const bodyNotRead: Record<string, string> = {
      DeleteEndpoint: "2xx DELETE, body not read",
      BatchAddOrDeleteResourceTags: "2xx, body not read",
    };
    if (bodyNotRead[op.name] && fault.name.startsWith("malformed")) {
      // A 2xx is success; its body is not read (VPCEP answers 204), so a broken one cannot matter.
      expect(err && err.message).toBeUndefined();
      expect(calls).toHaveLength(1);
      record(op.name, fault.name, { outcome: "succeeded", attempts: 1, note: bodyNotRead[op.name] });
      return;
    }

    if (retried) {
      // Retried and succeeded within the attempt budget.
      expect(err && err.message).toBeUndefined();
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.length).toBeLessThanOrEqual(MAX_ATTEMPTS);
      expect(calls[calls.length - 1].status).toBeLessThan(400);
      record(op.name, fault.name, { outcome: "retried, succeeded", attempts: calls.length });
      return;
    }
    // Failed fast: one call, a message naming the operation, the vendor code and the request id.
    expect(err).toBeDefined();
    expect(calls).toHaveLength(1);
    expect(err!.message).toContain(`${op.step}:`);
    expect(err!.message).toContain(named(op));
    const call = calls[0];
    const spec = fault.spec(op);
    // Tencent carries the request id only inside the JSON body: an unparseable body has none to report.
    const bodyLost = op.vendor === "tencentcloud" && spec.body === "malformed-json";
    if (fault.answered && !bodyLost) expect(err!.message).toContain(call.requestId);
    if (!spec.body && spec.status) expect(err!.message).toContain(String(call.errorCode));
    if (fault.answered) expect(err!.message).toContain(spec.body ? "HTTP " : String(call.errorCode));
    const live = () => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
    if (op.step === "create" && op.afterEndpoint) {
      // The endpoint exists: the error records the resource with its exact id, and destroy removes it.
      const made = live().slice(liveBefore);
      expect(made).toHaveLength(1);
      expect(err!.message).toMatch(/recorded in state/);
      expect(typeof err!.id).toBe("string");
      expect(err!.properties.vpcEndpointId).toBe(made[0].id);
      expect(err!.properties.vpcEndpointCreated).toBe(true);
      emu.faults.clear();
      await p("FleetFederationConnection").delete(err!.id, err!.properties);
      expect(live()).toHaveLength(liveBefore);
    } else if (op.step === "create") {
      // A failed create leaves nothing: no id for the engine to record, no VPC endpoint behind.
      expect(err!.id).toBeUndefined();
      expect(live()).toHaveLength(liveBefore);
    }
    expectNoSecrets(collectText(err), secretsOf(emu));
    record(op.name, fault.name, {
      outcome: "failed fast",
      attempts: calls.length,
      vendorCode: !spec.body && spec.status ? String(call.errorCode) : undefined,
      note: bodyLost
        ? "no request id: Tencent sends it only in the body"
        : op.afterEndpoint
          ? "after the VPC endpoint was made: the resource is recorded with its id and destroy deletes it"
          : undefined,
    });
  });
});

it("docs/reliability.md: the fault-matrix block is what the cells found (UPDATE_DOCS=1 rewrites it)", () => {
  const expected = operations.length * faults.length;
  const ran = Object.values(results).reduce((n, cells) => n + Object.keys(cells).length, 0);
  if (ran !== expected) {
    console.warn(`fault-matrix: only ${ran} of ${expected} cells ran; the docs block is not compared`);
    return;
  }
  expectGeneratedBlock("docs/reliability.md", "fault-matrix", render(results));
});
