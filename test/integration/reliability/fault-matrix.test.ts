/**
 * Issue 9, fault matrix: every vendor operation the resources use × every fault the emulator can script,
 * driven through the resources' provider functions in-process (after `configure`). Each cell asserts one of
 * two outcomes: retried and succeeded within the attempt budget, or failed fast (one call) with a message
 * that names the operation, the vendor code and the request id. A failed create never yields a resource id.
 * The outcomes are written to fault-matrix.results.json, from which scripts/gen-fault-matrix.ts renders
 * docs/reliability.md.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FaultSpec } from "../../../emulator";
import { clearIamCache } from "../../../provider/huaweicloud/iam";
import { resetRateLimiter } from "../../../provider/http/rate-limiter";
import { collectText, expectNoSecrets } from "../../helpers/secret-scan";
import {
  callsOf,
  clearVpcEndpoints,
  configureProvider,
  inputsFor,
  p,
  secretsOf,
  stackConfig,
  startEmulator,
  type EmulatorHandle,
  type Props,
} from "./harness";

jest.setTimeout(180_000);

/** Attempt budget of the transport (TRANSPORT_DEFAULTS.retry.maxAttempts). */
const MAX_ATTEMPTS = 4;
/** Short per-attempt timeout so a hang costs little (cloudkubeconfig:requestTimeoutMs). */
const REQUEST_TIMEOUT_MS = 600;

let emu: EmulatorHandle;
let ids: ReturnType<typeof inputsFor>;

interface Operation {
  vendor: "huaweicloud" | "tencentcloud";
  name: string;
  /** Creates something server-side: never repeated once it may have reached the server. */
  mutating: boolean;
  /** A read (refresh) or delete step rather than a create. */
  step: "create" | "read" | "delete";
  /** Runs the provider step that makes this call (first call of this operation in the step). */
  run(): Promise<unknown>;
  /** Set-up before the fault is added (e.g. a connection to delete). */
  before?(): Promise<void>;
}

let toDelete: Props = {};

const operations: Operation[] = [
  {
    vendor: "huaweicloud",
    name: "CreateClusterKubeconfig",
    mutating: false,
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
    name: "CreateFederationCert",
    mutating: true,
    step: "create",
    run: () => p("FleetFederationConnection").create(ids.connection),
  },
  {
    vendor: "huaweicloud",
    name: "DownloadFederationKubeconfig",
    mutating: false,
    step: "create",
    run: () => p("FleetFederationKubeconfig").create(ids.federationKubeconfig),
  },
  {
    vendor: "huaweicloud",
    name: "ListEndpoints",
    mutating: false,
    step: "create",
    run: () => p("FleetFederationConnection").create(ids.connection),
  },
  {
    vendor: "huaweicloud",
    name: "DeleteEndpoint",
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
    mutating: false,
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
    run: () => p("TkeClusterKubeconfig").read(ids.tke.clusterId, ids.tke),
  },
];

/** The emulator's operation name (CCE and UCS both call theirs ShowCluster). */
const wire = (op: Operation) => op.name.replace(/ \(.*\)$/, "");

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
      op.vendor === "tencentcloud" ? { status: 200, vendorCode: "UnauthorizedOperation" } : { status: 403 },
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

beforeAll(async () => {
  process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS = "huaweicloud:*=1000:100,tencentcloud:*=1000:100";
  resetRateLimiter();
  emu = await startEmulator();
  ids = inputsFor(emu);
  await configureProvider(stackConfig(emu, { "cloudkubeconfig:requestTimeoutMs": String(REQUEST_TIMEOUT_MS) }));
});

afterEach(() => {
  emu.faults.clear();
  clearVpcEndpoints(emu);
});

afterAll(async () => {
  if (emu) await emu.stop();
  delete process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS;
  resetRateLimiter();
  if (Object.keys(results).length === operations.length) {
    writeFileSync(join(__dirname, "fault-matrix.results.json"), JSON.stringify(results, null, 2) + "\n");
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

    if (op.name === "DeleteEndpoint" && fault.name.startsWith("malformed")) {
      // A 2xx DELETE is success; its body is not read (VPCEP answers 204), so a broken one cannot matter.
      expect(err && err.message).toBeUndefined();
      expect(calls).toHaveLength(1);
      record(op.name, fault.name, { outcome: "succeeded", attempts: 1, note: "2xx DELETE, body not read" });
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
    expect(err!.message).toContain(wire(op));
    const call = calls[0];
    const spec = fault.spec(op);
    // Tencent carries the request id only inside the JSON body: an unparseable body has none to report.
    const bodyLost = op.vendor === "tencentcloud" && spec.body === "malformed-json";
    if (fault.answered && !bodyLost) expect(err!.message).toContain(call.requestId);
    if (!spec.body && spec.status) expect(err!.message).toContain(String(call.errorCode));
    if (fault.answered) expect(err!.message).toContain(spec.body ? "HTTP " : String(call.errorCode));
    // A failed create leaves nothing: no id for the engine to record, no VPC endpoint behind.
    if (op.step === "create") {
      expect(err!.id).toBeUndefined();
      expect(emu.state.vpcEndpoints.filter((e) => !e.deletedAt)).toHaveLength(liveBefore);
    }
    expectNoSecrets(collectText(err), secretsOf(emu));
    record(op.name, fault.name, {
      outcome: "failed fast",
      attempts: calls.length,
      vendorCode: !spec.body && spec.status ? String(call.errorCode) : undefined,
      note: bodyLost ? "no request id: Tencent sends it only in the body" : undefined,
    });
  });
});
