/**
 * A representative subset of the fault matrix through Pulumi's own dynamic-provider gRPC server (the
 * process the engine talks to), not only in-process: a burst the vendor did not act on (503 on a read-only
 * call, 429 on the calls that mint or make a VPC endpoint) is retried through; a 5xx on CreateClusterKubeconfig
 * or CreateFederationConnection fails fast, the gRPC error naming the operation, the vendor code and the
 * request id with no ErrorResourceInitFailed detail (nothing recorded); a lost CreateFederationConnection
 * answer still yields the endpoint it made; a failure after CreateFederationConnection made the VPC endpoint
 * reaches the caller as ErrorResourceInitFailed with the endpoint's exact id, an Update with the recorded
 * properties finishes it and a Delete removes it. The provider process's output is scanned for secrets.
 */
import type { EmulatorHandle } from "../../emulator";
import {
  initFailureOf,
  serializedProvider,
  urnOf,
  type Props,
  type ProviderServer,
} from "../support/dynamic-provider-server";
import { emulatorSecrets } from "../../emulator/stack-config";
import { useProtocolRig } from "../support/protocol-rig";
import { collectText, expectNoSecrets } from "../support/secret-scan";
import { OWNER_TAG, markOf } from "../../provider/resources/vpc-endpoint-ownership";

jest.setTimeout(60_000);

const KINDS = ["UcsClusterKubeconfig", "FleetFederationConnection", "TkeClusterKubeconfig"] as const;
type Kind = (typeof KINDS)[number];

let emu: EmulatorHandle;
let server: ProviderServer;
const providers: Record<string, string> = {};

const live = () => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
/** What the SDK class sets for a FleetFederationConnection named `name` in this fixture's project and stack. */
const ownerOf = (name: string) => `fixture/test/FleetFederationConnection/${name}`;
const callsOf = (op: string, from: number) => emu.state.calls.slice(from).filter((c) => c.operation === op);

function inputsOf(kind: Kind, name: string): Props {
  if (kind === "UcsClusterKubeconfig") return { clusterId: emu.seed.ucs.clusters[0].id };
  if (kind === "TkeClusterKubeconfig") return { clusterId: emu.seed.tke.extranetCluster.id, endpoint: "extranet" };
  return {
    clusterGroupId: emu.seed.ucs.fleets.federated.id,
    projectId: emu.credentials.huawei.projectId,
    vpcId: emu.seed.ucs.vpcId,
    subnetId: emu.seed.ucs.subnetId,
    validityDays: 30,
    __owner: ownerOf(name),
  };
}

/** Check + Create through the gRPC server, as the engine does for a new resource. */
async function create(kind: Kind, name: string): Promise<{ id: string; properties: Props }> {
  const checked = await server.check({}, { ...inputsOf(kind, name), __provider: providers[kind] });
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

// Lifted limits: these tests are about faults, not pacing (concurrency.test.ts runs the real limits).
useProtocolRig(
  { env: { PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS: "huaweicloud:*=1000:100,tencentcloud:*=1000:100" } },
  (rig) => {
    ({ emu, server } = rig);
    for (const kind of KINDS) providers[kind] = serializedProvider(rig.program.dir, kind);
  },
);

afterEach(() => {
  emu.faults.clear();
  for (const ep of live()) ep.deletedAt = emu.clock.now();
});

describe("a burst the vendor did not act on is retried through the gRPC server", () => {
  it.each([
    ["TkeClusterKubeconfig", "DescribeClusterKubeconfig", 503],
    // Calls that mint a certificate or make a VPC endpoint are retried only after answers that say the
    // vendor did not act (429).
    ["UcsClusterKubeconfig", "CreateClusterKubeconfig", 429],
    ["FleetFederationConnection", "CreateFederationConnection", 429],
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

describe("5xx on a call that mints or makes a VPC endpoint fails fast and records nothing", () => {
  it.each([
    ["UcsClusterKubeconfig", "CreateClusterKubeconfig", 503, "UCS.00000006"],
    ["FleetFederationConnection", "CreateFederationConnection", 500, "UCS.00000006"],
    ["FleetFederationConnection", "CreateFederationConnection", 503, "UCS.00000006"],
  ] as const)(
    "%s: %s answering %i is called once; its code and request id reach the gRPC caller",
    async (kind, op, status, code) => {
      emu.faults.add({ operation: op, status, times: 5 });
      const from = emu.state.calls.length;
      const err = await grpcFailure(() => create(kind, `fail-${op}-${status}`));
      const calls = callsOf(op, from);
      expect(calls).toHaveLength(1);
      expect(calls[0].errorCode).toBe(code);
      expect(err.message).toContain(op);
      expect(err.message).toContain(code);
      expect(err.message).toContain(calls[0].requestId);
      // No ErrorResourceInitFailed: the engine records no resource, and none is needed (nothing was made).
      expect(initFailureOf(err)).toBeUndefined();
      expect(live()).toHaveLength(0);
    },
  );

  it("a lost CreateFederationConnection answer (504 after the work): the endpoint that appeared is the resource's", async () => {
    emu.faults.add({ operation: "CreateFederationConnection", phase: "after", status: 504 });
    const from = emu.state.calls.length;
    const created = await create("FleetFederationConnection", "lost-answer");
    const calls = callsOf("CreateFederationConnection", from);
    expect(calls).toHaveLength(1);
    expect(calls[0].answerStatus).toBe(504);
    expect(live()).toHaveLength(1);
    expect(created.properties.vpcEndpointId).toBe(live()[0].id);
    expect(created.properties.vpcEndpointCreated).toBe(true);
    await server.delete(urnOf("FleetFederationConnection", "lost-answer"), created.id, created.properties);
    expect(live()).toHaveLength(0);
  });
});

describe("failing after CreateFederationConnection made the VPC endpoint", () => {
  it.each([
    ["403 on the owner tag", "BatchAddOrDeleteResourceTags", { status: 403 }],
    ["500 on DownloadFederationKubeconfig", "DownloadFederationKubeconfig", { status: 500, times: 10 }],
  ] as const)(
    "%s: ErrorResourceInitFailed with the endpoint's id; Update with it finishes, Delete removes the endpoint",
    async (_n, op, fault) => {
      const name = `after-connection-${op}`;
      emu.faults.add({ operation: op, ...fault });
      const from = emu.state.calls.length;
      const err = await grpcFailure(() => create("FleetFederationConnection", name));
      emu.faults.clear();
      expect(callsOf("CreateFederationConnection", from)).toHaveLength(1);
      expect(err.message).toContain(op);
      expect(err.message).toMatch(/recorded in state/);
      const recorded = initFailureOf(err);
      expect(recorded).toBeDefined();
      const { id, properties, reasons } = recorded!;
      expect(id).toContain(emu.seed.ucs.fleets.federated.id);
      expect(live()).toHaveLength(1);
      const [endpoint] = live();
      expect(properties.vpcEndpointId).toBe(endpoint.id);
      expect(properties.vpcEndpointCreated).toBe(true);
      expect(properties.__owner).toBe(ownerOf(name));
      // The server's Delete finds the provider in the recorded properties' `__provider` (its create success
      // path adds it; the error path sends the error's properties as they are), so they must carry it.
      expect(properties.__provider).toBe(providers.FleetFederationConnection);
      expect(reasons.length).toBeGreaterThan(0);
      expectNoSecrets(collectText(properties), emulatorSecrets(emu));

      // The next `pulumi up`: Update of the recorded resource, without a second CreateFederationConnection.
      const news = { ...inputsOf("FleetFederationConnection", name), __provider: providers.FleetFederationConnection };
      const again = emu.state.calls.length;
      const updated = await server.update(urnOf("FleetFederationConnection", name), id, properties, news);
      expect(callsOf("CreateFederationConnection", again)).toHaveLength(0);
      expect(updated.vpcEndpointId).toBe(endpoint.id);
      expect(updated.vpcEndpointCreated).toBe(true);
      expect(updated.kubeconfig).toContain("current-context:");
      expect(endpoint.tags.find((t) => t.key === OWNER_TAG)?.value).toBe(markOf(ownerOf(name)));
      expect(live()).toHaveLength(1);

      // `pulumi destroy` after that update: the id and the updated outputs.
      await server.delete(urnOf("FleetFederationConnection", name), id, updated);
      expect(live()).toHaveLength(0);
    },
  );

  it.each([
    ["403 on the owner tag", "BatchAddOrDeleteResourceTags", { status: 403 }],
    ["403 on DownloadFederationKubeconfig", "DownloadFederationKubeconfig", { status: 403 }],
  ] as const)(
    "%s: a Delete with the recorded properties (no Update in between) removes exactly that endpoint",
    async (_n, op, fault) => {
      const name = `destroy-recorded-${op}`;
      emu.faults.add({ operation: op, ...fault });
      const err = await grpcFailure(() => create("FleetFederationConnection", name));
      emu.faults.clear();
      const { id, properties } = initFailureOf(err)!;
      expect(live().map((e) => e.id)).toEqual([properties.vpcEndpointId]);
      // What `pulumi destroy` sends for the recorded resource: its id and the recorded properties.
      await server.delete(urnOf("FleetFederationConnection", name), id, properties);
      expect(live()).toHaveLength(0);
    },
  );
});
