/**
 * Issue 9, a representative subset of the fault matrix through Pulumi's own dynamic-provider gRPC server (the
 * process the engine talks to), not only in-process: a 503 (or, for the mutating /cert, a 429) burst is
 * retried through; a 500 on CreateFederationCert fails fast and the gRPC error names the operation, the
 * vendor code and the request id with no ErrorResourceInitFailed detail (nothing recorded); a ListEndpoints
 * failure after /cert reaches the caller as ErrorResourceInitFailed, and a Delete with the recorded
 * properties removes the VPC endpoint. The provider process's output is scanned for secrets.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { createFixtureProgram, type FixtureProgram } from "../helpers/fixture-program";
import {
  initFailureOf,
  serializedProvider,
  startProviderServer,
  urnOf,
  type Props,
  type ProviderServer,
} from "../helpers/dynamic-provider-server";
import { emulatorSecrets, emulatorStackConfig } from "../../emulator/stack-config";
import { collectText, expectNoSecrets } from "../helpers/secret-scan";
import { onSuccessfulCall } from "../helpers/emulator-hooks";

jest.setTimeout(60_000);

const KINDS = ["UcsClusterKubeconfig", "FleetFederationConnection", "TkeClusterKubeconfig"] as const;
type Kind = (typeof KINDS)[number];

let emu: EmulatorHandle;
let program: FixtureProgram;
let server: ProviderServer;
const providers: Record<string, string> = {};

const live = () => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
const callsOf = (op: string, from: number) => emu.state.calls.slice(from).filter((c) => c.operation === op);

function inputsOf(kind: Kind): Props {
  if (kind === "UcsClusterKubeconfig") return { clusterId: emu.seed.ucs.clusters[0].id };
  if (kind === "TkeClusterKubeconfig") return { clusterId: emu.seed.tke.extranetCluster.id, endpoint: "extranet" };
  return {
    clusterGroupId: emu.seed.ucs.fleets.federated.id,
    projectId: emu.credentials.huawei.projectId,
    vpcId: emu.seed.ucs.vpcId,
    subnetId: emu.seed.ucs.subnetId,
    validityDays: 30,
  };
}

/** Check + Create through the gRPC server, as the engine does for a new resource. */
async function create(kind: Kind, name: string): Promise<{ id: string; properties: Props }> {
  const checked = await server.check({}, { ...inputsOf(kind), __provider: providers[kind] });
  expect(checked.failures).toEqual([]);
  return server.create(urnOf(kind, name), checked.inputs);
}

/** The gRPC error of a call expected to fail, scanned for secrets. */
async function grpcFailure(fn: () => Promise<unknown>): Promise<Error & { code?: number; details?: string }> {
  try {
    await fn();
  } catch (err) {
    expectNoSecrets(collectText(err), emulatorSecrets(emu));
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  emu = await startEmulator();
  program = createFixtureProgram();
  for (const kind of KINDS) providers[kind] = serializedProvider(program.dir, kind);
  // Lifted limits: these tests are about faults, not pacing (concurrency.test.ts runs the real limits).
  server = await startProviderServer(program.dir, {
    PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS: "huaweicloud:*=1000:100,tencentcloud:*=1000:100",
  });
  await server.configure(emulatorStackConfig(emu));
});

afterEach(() => {
  emu.faults.clear();
  for (const ep of live()) ep.deletedAt = emu.clock.now();
});

afterAll(async () => {
  if (server) {
    expectNoSecrets(server.output(), emulatorSecrets(emu));
    await server.stop();
  }
  if (emu) await emu.stop();
  program?.cleanup();
});

describe("a burst the vendor did not act on is retried through the gRPC server", () => {
  it.each([
    ["UcsClusterKubeconfig", "CreateClusterKubeconfig", 503],
    ["TkeClusterKubeconfig", "DescribeClusterKubeconfig", 503],
    // /cert creates a VPC endpoint, so only answers that say it was not acted on (429) are retried.
    ["FleetFederationConnection", "CreateFederationCert", 429],
  ] as const)("%s: three %s answers of %i, then success", async (kind, op, status) => {
    emu.faults.add({ operation: op, status, times: 3 });
    const from = emu.state.calls.length;
    const created = await create(kind, `burst-${op}`);
    const calls = callsOf(op, from);
    expect(calls.map((c) => c.status)).toEqual([status, status, status, calls[3].status]);
    expect(calls[3].status).toBeLessThan(400);
    expect(created.id).not.toBe("");
    expect(created.properties.kubeconfig).toContain("current-context:");
    expect(created.properties.__provider).toBe(providers[kind]);
    if (kind === "FleetFederationConnection") {
      expect(live()).toHaveLength(1);
      await server.delete(urnOf(kind, `burst-${op}`), created.id, created.properties);
      expect(live()).toHaveLength(0);
    }
  });
});

describe("CreateFederationCert failures fail fast and record nothing", () => {
  it.each([500, 503])("%i: one call; operation, vendor code and request id reach the gRPC caller", async (status) => {
    emu.faults.add({ operation: "CreateFederationCert", status, times: 5 });
    const from = emu.state.calls.length;
    const err = await grpcFailure(() => create("FleetFederationConnection", `cert-${status}`));
    const calls = callsOf("CreateFederationCert", from);
    expect(calls).toHaveLength(1);
    expect(calls[0].errorCode).toBe("UCS.00000006");
    expect(err.message).toContain("CreateFederationCert");
    expect(err.message).toContain("UCS.00000006");
    expect(err.message).toContain(calls[0].requestId);
    // No ErrorResourceInitFailed: the engine records no resource, and none is needed (no endpoint exists).
    expect(initFailureOf(err)).toBeUndefined();
    expect(live()).toHaveLength(0);
  });
});

describe("ListEndpoints failing after /cert made the VPC endpoint", () => {
  it.each([
    ["403", () => emu.faults.add({ operation: "ListEndpoints", status: 403 })],
    ["500s past the budget", () => emu.faults.add({ operation: "ListEndpoints", status: 500, times: 10 })],
  ])("%s: ErrorResourceInitFailed with id and properties; Delete with them removes the endpoint", async (_n, add) => {
    const restore = onSuccessfulCall(emu, "CreateFederationCert", add);
    let err: Error;
    try {
      err = await grpcFailure(() => create("FleetFederationConnection", "after-cert"));
    } finally {
      restore();
    }
    expect(err.message).toContain("ListEndpoints");
    expect(err.message).toMatch(/recorded in state/);
    const recorded = initFailureOf(err);
    expect(recorded).toBeDefined();
    const { id, properties, reasons } = recorded!;
    expect(id).toContain(emu.seed.ucs.fleets.federated.id);
    expect(properties.vpcEndpointCreated).toBe(true);
    // The server's Delete finds the provider in the recorded properties' `__provider` (its create success
    // path adds it; the error path sends the error's properties as they are), so they must carry it.
    expect(properties.__provider).toBe(providers.FleetFederationConnection);
    expect(reasons.length).toBeGreaterThan(0);
    expectNoSecrets(collectText(properties), emulatorSecrets(emu));
    expect(live()).toHaveLength(1);
    emu.faults.clear();
    // What `pulumi destroy` sends for the recorded resource: its id and the recorded properties (outputs).
    await server.delete(urnOf("FleetFederationConnection", "after-cert"), id, properties);
    expect(live()).toHaveLength(0);
  });
});
