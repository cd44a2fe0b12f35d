/**
 * State safety of the in-process provider against the emulator: every vendor-side object is known exactly
 * (nothing orphaned, nothing of another party deleted), and "gone" is only the object's own not-found answer
 * (nothing live dropped from state). Faults with `phase: "after"` let the emulator complete the work and lose
 * the answer, as a real API gateway does when the client times out or the connection breaks.
 */
import { clearIamCache } from "../../../provider/huaweicloud/iam";
import { OWNER_TAG, markOf } from "../../../provider/resources/vpc-endpoint-ownership";
import { createVpcEndpoint, markVpcEndpointDeleted } from "../../../emulator/vpc-endpoints";
import type { FaultSpec, VpcEndpointRecord } from "../../../emulator";
import { onSuccessfulCall } from "../../support/emulator-hooks";
import {
  callsOf,
  configureAt,
  configureProvider,
  failureOf,
  inputsFor,
  p,
  stackConfig,
  useEmulator,
  type EmulatorHandle,
  type Props,
} from "../../support/reliability-harness";

jest.setTimeout(60_000);

let emu: EmulatorHandle;
let ids: ReturnType<typeof inputsFor>;
const conn = () => p("FleetFederationConnection");
const live = (): VpcEndpointRecord[] => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
const tagOf = (e: VpcEndpointRecord, key: string) => e.tags.find((t) => t.key === key)?.value;

/** Connection inputs of the resource named `name` (its identity marks its endpoint). */
function connection(name: string, extra: Props = {}): Props {
  return { ...ids.connection, __owner: `proj/stack/FleetFederationConnection/${name}`, ...extra };
}

const failure = (fn: () => Promise<unknown>) => failureOf(emu, fn);

/** An endpoint another party made (console, another tool) to the federated fleet's service, in our VPC. */
function foreignEndpoint(over: Partial<Parameters<typeof createVpcEndpoint>[2]> = {}): VpcEndpointRecord {
  const gw = emu.state.fleets.find((f) => f.id === ids.connection.clusterGroupId)!.connectGatewayEndpoints[0];
  return createVpcEndpoint(emu.state, emu.clock.now(), {
    projectId: ids.connection.projectId,
    vpcId: ids.connection.vpcId,
    endpointServiceName: gw.name,
    endpointServiceId: gw.id,
    ...over,
  });
}

const lostAnswers: Array<[string, FaultSpec]> = [
  ["no answer before the client's timeout", { operation: "CreateFederationConnection", phase: "after", hang: true }],
  ["connection reset after the work", { operation: "CreateFederationConnection", phase: "after", reset: true }],
  ["gateway 504 after the work", { operation: "CreateFederationConnection", phase: "after", status: 504 }],
  ["the answer arrives after the timeout", { operation: "CreateFederationConnection", phase: "after", delayMs: 3000 }],
];

useEmulator({ configure: "each", config: { "cloudkubeconfig:requestTimeoutMs": "2000" } }, (e) => {
  emu = e;
  ids = inputsFor(e);
});

describe("the VPC endpoint a connection makes is known exactly", () => {
  it("its id comes from CreateFederationConnection's answer, and it is marked with the resource's identity", async () => {
    const created = await conn().create(connection("a"));
    expect(live()).toHaveLength(1);
    const [ep] = live();
    expect(created.outs.vpcEndpointId).toBe(ep.id);
    expect(created.outs.vpcEndpointCreated).toBe(true);
    expect(tagOf(ep, OWNER_TAG)).toBe(markOf("proj/stack/FleetFederationConnection/a"));
    await conn().delete(created.id, created.outs);
    expect(live()).toHaveLength(0);
  });

  it.each(lostAnswers)(
    "lost answer (%s): the endpoint that appeared is claimed, marked, and destroy removes it",
    async (_n, fault) => {
      emu.faults.add(fault);
      const from = emu.state.calls.length;
      const created = await conn().create(connection("lost"));
      const made = callsOf(emu, "CreateFederationConnection", from);
      expect(made).toHaveLength(1); // not repeated
      expect(made[0].answer).toBeDefined(); // the vendor did the work and the answer was lost
      expect(live()).toHaveLength(1);
      expect(created.outs.vpcEndpointId).toBe(live()[0].id);
      expect(tagOf(live()[0], OWNER_TAG)).toBe(markOf("proj/stack/FleetFederationConnection/lost"));
      await conn().delete(created.id, created.outs);
      expect(live()).toHaveLength(0);
    },
  );

  it("a refusal that proves nothing was made (429, 400) is not followed by guessing", async () => {
    emu.faults.add({ operation: "CreateFederationConnection", status: 400, vendorCode: "UCS.00000012" });
    const err = await failure(() => conn().create(connection("refused")));
    expect(err.message).toContain("UCS.00000012");
    expect(err.id).toBeUndefined();
    expect(live()).toHaveLength(0);
  });

  it("killed after the mark, before the state write: the next create adopts the marked endpoint, makes none", async () => {
    const first = await conn().create(connection("killed"));
    // The state write never happened: the engine knows nothing; `pulumi up` creates again.
    const from = emu.state.calls.length;
    const second = await conn().create(connection("killed"));
    expect(callsOf(emu, "CreateFederationConnection", from)).toHaveLength(0);
    expect(live()).toHaveLength(1);
    expect(second.outs.vpcEndpointId).toBe(first.outs.vpcEndpointId);
    expect(second.outs.vpcEndpointCreated).toBe(true);
    await conn().delete(second.id, second.outs);
    expect(live()).toHaveLength(0);
  });

  it("killed before the mark: the next create names the unmarked endpoint and how to adopt it; adoption owns it", async () => {
    // The answer is lost and the follow-up listing fails too: the create ends without knowing the id.
    emu.faults.add({ operation: "CreateFederationConnection", phase: "after", hang: true });
    const restore = onSuccessfulCall(emu, "CreateFederationConnection", () =>
      emu.faults.add({ operation: "ListEndpoints", status: 403, times: 5 }),
    );
    try {
      await failure(() => conn().create(connection("unmarked")));
    } finally {
      restore();
      emu.faults.clear();
    }
    expect(live()).toHaveLength(1);
    const orphan = live()[0];
    const err = await failure(() => conn().create(connection("unmarked")));
    expect(err.message).toContain(orphan.id);
    expect(err.message).toContain("adoptVpcEndpoint");
    expect(live()).toHaveLength(1);
    const adopted = await conn().create(connection("unmarked", { vpcEndpointId: orphan.id, adoptVpcEndpoint: true }));
    expect(adopted.outs.vpcEndpointCreated).toBe(true);
    expect(tagOf(orphan, OWNER_TAG)).toBe(markOf("proj/stack/FleetFederationConnection/unmarked"));
    await conn().delete(adopted.id, adopted.outs);
    expect(live()).toHaveLength(0);
  });
});

describe("another party's endpoint is never taken or deleted", () => {
  it("a failure after the endpoint was made records its exact id; destroy deletes it, not a newer foreign one", async () => {
    emu.faults.add({ operation: "DownloadFederationKubeconfig", status: 400, vendorCode: "UCS.00000012" });
    const err = await failure(() => conn().create(connection("half")));
    expect(err.id).toBeDefined();
    const ours = live()[0];
    expect(err.properties.vpcEndpointId).toBe(ours.id);
    expect(err.properties.vpcEndpointCreated).toBe(true);
    emu.clock.advance(60_000);
    const theirs = foreignEndpoint();
    await conn().delete(err.id, err.properties);
    expect(live().map((e) => e.id)).toEqual([theirs.id]);
  });

  it("an unmarked endpoint already in the VPC stops the create with its id: no adoption by guess", async () => {
    const theirs = foreignEndpoint();
    const err = await failure(() => conn().create(connection("guess")));
    expect(err.message).toContain(theirs.id);
    expect(live().map((e) => e.id)).toEqual([theirs.id]);
    // Using it without owning it: destroy leaves it.
    const used = await conn().create(connection("guess", { vpcEndpointId: theirs.id }));
    expect(used.outs.vpcEndpointCreated).toBe(false);
    await conn().delete(used.id, used.outs);
    expect(live().map((e) => e.id)).toEqual([theirs.id]);
  });

  it("endpoints that only match the fuzzy, case-insensitive name filter are not ours", async () => {
    const gw = emu.state.fleets.find((f) => f.id === ids.connection.clusterGroupId)!.connectGatewayEndpoints[0];
    const similar = [
      foreignEndpoint({
        endpointServiceName: gw.name.toUpperCase(),
        endpointServiceId: "11111111-2222-4333-8444-555555555555",
      }),
      foreignEndpoint({
        endpointServiceName: `${gw.name}-other`,
        endpointServiceId: "21111111-2222-4333-8444-555555555555",
      }),
    ];
    const created = await conn().create(connection("fuzzy"));
    expect(similar.map((e) => e.id)).not.toContain(created.outs.vpcEndpointId);
    await conn().delete(created.id, created.outs);
    expect(
      live()
        .map((e) => e.id)
        .sort(),
    ).toEqual(similar.map((e) => e.id).sort());
  });

  it("two resources on one fleet and VPC: the second uses the first's endpoint; each destroy keeps the other working", async () => {
    const a = await conn().create(connection("stack-a"));
    const b = await conn().create(connection("stack-b"));
    expect(live()).toHaveLength(1);
    expect(b.outs.vpcEndpointId).toBe(a.outs.vpcEndpointId);
    expect(b.outs.vpcEndpointCreated).toBe(false);
    await conn().delete(a.id, a.outs); // the owner goes while b still uses it
    expect(live()).toHaveLength(1);
    expect(tagOf(live()[0], OWNER_TAG)).toBe(markOf("proj/stack/FleetFederationConnection/stack-b"));
    const refreshed = await conn().read(b.id, b.outs); // refresh tells b it owns the endpoint now
    expect(refreshed.props.vpcEndpointCreated).toBe(true);
    await conn().delete(b.id, b.outs); // the heir goes last: the endpoint goes with it
    expect(live()).toHaveLength(0);
  });
});

describe("read reports gone only on the object's own not-found answer", () => {
  const gatewayUnknownApi: Partial<FaultSpec> = { status: 404, vendorCode: "APIGW.0101" };

  it.each([
    ["UcsClusterKubeconfig", "ShowCluster", () => ids.ucs],
    ["CceClusterKubeconfig", "ShowCluster", () => ids.cce],
    ["FleetFederationKubeconfig", "ShowClusterGroup", () => ids.federationKubeconfig],
  ] as const)(
    "%s: %s answering APIGW.0101 (unknown API) or a bare 404 is an error, not gone",
    async (kind, op, inputs) => {
      const created = await p(kind).create(inputs());
      for (const fault of [gatewayUnknownApi, { status: 404, body: { json: {} } } as Partial<FaultSpec>]) {
        emu.faults.add({ operation: op, ...fault });
        await failure(() => p(kind).read(created.id, created.outs));
        emu.faults.clear();
      }
      expect((await p(kind).read(created.id, created.outs)).id).toBe(created.id);
    },
  );

  it("an IAM answer with no domain is an error for UCS, not a deleted cluster", async () => {
    const config = stackConfig(emu);
    delete config["huaweicloud:domainId"];
    await configureProvider(config);
    const created = await p("UcsClusterKubeconfig").create(ids.ucs);
    clearIamCache();
    emu.faults.add({ operation: "KeystoneListAuthDomains", status: 200, body: { json: { domains: [] } } });
    await failure(() => p("UcsClusterKubeconfig").read(created.id, created.outs));
  });

  it("the cluster's own not-found code drops it", async () => {
    const created = await p("UcsClusterKubeconfig").create(ids.ucs);
    emu.faults.add({ operation: "ShowCluster", status: 404, vendorCode: "UCS.01030001" });
    expect((await p("UcsClusterKubeconfig").read(created.id, created.outs)).id).toBe("");
  });

  it("a connection whose endpoint lives is kept even when the fleet answers not found", async () => {
    const created = await conn().create(connection("keep"));
    emu.faults.add({ operation: "ShowClusterGroup", status: 404, vendorCode: "UCS.01100005", times: 3 });
    expect((await conn().read(created.id, created.outs)).id).toBe(created.id);
    emu.faults.clear();
    await conn().delete(created.id, created.outs);
  });

  it("delete: an unknown-API answer is an error, never 'already deleted'", async () => {
    const created = await conn().create(connection("del"));
    emu.faults.add({ operation: "DeleteEndpoint", ...gatewayUnknownApi });
    emu.faults.add({ operation: "ListEndpointInfoDetails", ...gatewayUnknownApi });
    emu.faults.add({ operation: "ShowEndpoint", ...gatewayUnknownApi });
    await failure(() => conn().delete(created.id, created.outs));
    expect(live()).toHaveLength(1);
    emu.faults.clear();
    await conn().delete(created.id, created.outs);
    expect(live()).toHaveLength(0);
  });

  it("an endpoint deleted outside Pulumi shows as a change on refresh; the next update connects again", async () => {
    const created = await conn().create(connection("oob"));
    markVpcEndpointDeleted(live()[0], emu.clock.now());
    const read = await conn().read(created.id, created.outs);
    expect(read.id).toBe(created.id);
    expect(read.props.vpcEndpointId).toBe("");
    const diff = await conn().diff(created.id, read.props, connection("oob"));
    expect(diff.changes).toBe(true);
    const updated = await conn().update(created.id, read.props, connection("oob"));
    expect(live()).toHaveLength(1);
    expect(updated.outs.vpcEndpointId).toBe(live()[0].id);
    expect(updated.outs.vpcEndpointCreated).toBe(true);
    await conn().delete(created.id, updated.outs);
    expect(live()).toHaveLength(0);
  });
});

describe("calls that mint are not repeated after a lost answer", () => {
  it.each([
    ["UcsClusterKubeconfig", "CreateClusterKubeconfig", () => ids.ucs, emuId("ucs")],
    ["CceClusterKubeconfig", "CreateKubernetesClusterCert", () => ids.cce, emuId("cce")],
    ["FleetFederationKubeconfig", "DownloadFederationKubeconfig", () => ids.federationKubeconfig, emuId("fleet")],
  ] as const)("%s: %s answered 500 after minting is called once", async (kind, op, inputs, id) => {
    const before = emu.state.issuanceCounts[id()] ?? 0;
    emu.faults.add({ operation: op, phase: "after", status: 500 });
    const from = emu.state.calls.length;
    const err = await failure(() => p(kind).create(inputs()));
    expect(callsOf(emu, op, from)).toHaveLength(1);
    expect(emu.state.issuanceCounts[id()]).toBe(before + 1);
    expect(err.message).toContain(op);
    expect(err.message).toContain("may have issued a credential whose answer was lost");
  });
});

function emuId(which: "ucs" | "cce" | "fleet"): () => string {
  return () =>
    which === "ucs" ? ids.ucs.clusterId : which === "cce" ? ids.cce.clusterId : ids.federationKubeconfig.clusterGroupId;
}

describe("settings from stack config are recorded with the resource", () => {
  it("a later config change neither re-targets refresh nor goes unnoticed: diff plans a replacement", async () => {
    const project = emu.credentials.huawei.projectId;
    await configureAt(emu, { "huaweicloud:projectId": project });
    const created = await p("CceClusterKubeconfig").create(ids.cce);
    expect(created.outs.__effective).toMatchObject({ projectId: project, region: emu.credentials.huawei.region });
    // The stack's config now points at another project.
    await configureAt(emu, { "huaweicloud:projectId": "0123456789abcdef0123456789abcdef" });
    const read = await p("CceClusterKubeconfig").read(created.id, created.outs);
    expect(read.id).toBe(created.id); // read in the project it was made in, not the new one
    expect(read.props).toEqual(created.outs);
    const diff = await p("CceClusterKubeconfig").diff(created.id, created.outs, ids.cce);
    expect(diff.changes).toBe(true);
    expect(diff.replaces).toContain("projectId");
    // Unchanged config: no change.
    await configureAt(emu, { "huaweicloud:projectId": project });
    expect((await p("CceClusterKubeconfig").diff(created.id, created.outs, ids.cce)).replaces).toEqual([]);
  });
});
