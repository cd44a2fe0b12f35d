/**
 * Vendor answers that are valid JSON of the wrong shape (a kubeconfig without clusters, users as a
 * string, a number where an object belongs, TKE without `Response`, `Kubeconfig` not a string, VPCEP
 * `endpoints` not an array). None may crash a provider call: each fails with an error of our own (not a
 * TypeError from reading a missing field) that names the operation or the kubeconfig path, carries no secret,
 * and records no resource. A garbled VPCEP listing before `CreateFederationConnection` makes nothing; one
 * after a lost `CreateFederationConnection` answer records nothing wrongly and leaves no endpoint unaccounted.
 * The emulator sends the bodies verbatim (fault `body: { json }`); driven in-process after `configure`.
 */
import { callsOf, failureOf, inputsFor, p, useEmulator, type EmulatorHandle } from "../../support/reliability-harness";
import { OWNER_TAG } from "../../../provider/resources/vpc-endpoint-ownership";
import { onSuccessfulCall } from "../../support/emulator-hooks";

jest.setTimeout(60_000);

let emu: EmulatorHandle;
let ids: ReturnType<typeof inputsFor>;

/** The error of a call that must fail; it must be ours (no TypeError/RangeError) and secret-free. */
async function failure(fn: () => Promise<unknown>): Promise<Error & Record<string, any>> {
  const err = await failureOf(emu, fn);
  expect(err).toBeInstanceOf(Error);
  expect(err).not.toBeInstanceOf(TypeError);
  expect(err).not.toBeInstanceOf(RangeError);
  expect(err.message).not.toMatch(/Cannot read propert|is not a function|undefined is not|of undefined/);
  return err;
}

useEmulator({ configure: "each" }, (e) => {
  emu = e;
  ids = inputsFor(e);
});

/** A kubeconfig document with the given top-level fields replaced (the rest well formed). */
const kubeconfig = (over: Record<string, unknown>) => ({
  kind: "Config",
  apiVersion: "v1",
  clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:6443" } }],
  users: [{ name: "u", user: { token: "fake-token-not-a-secret" } }],
  contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
  "current-context": "ctx",
  ...over,
});

type Kind = "UcsClusterKubeconfig" | "CceClusterKubeconfig" | "FleetFederationKubeconfig" | "TkeClusterKubeconfig";

interface Case {
  name: string;
  kind: Kind;
  operation: string;
  json: unknown;
  /** What the message must name: the operation, or the kubeconfig path at fault. */
  names: RegExp;
}

const inputs = (kind: Kind) =>
  kind === "UcsClusterKubeconfig"
    ? ids.ucs
    : kind === "CceClusterKubeconfig"
      ? ids.cce
      : kind === "FleetFederationKubeconfig"
        ? ids.federationKubeconfig
        : ids.tke;

const cases: Case[] = [
  {
    name: "kubeconfig without clusters",
    kind: "UcsClusterKubeconfig",
    operation: "CreateClusterKubeconfig",
    json: kubeconfig({ clusters: undefined }),
    names: /CreateClusterKubeconfig|clusters/,
  },
  {
    name: "users as a string",
    kind: "UcsClusterKubeconfig",
    operation: "CreateClusterKubeconfig",
    json: kubeconfig({ users: "fake-users" }),
    names: /CreateClusterKubeconfig|users/,
  },
  {
    name: "a number where the cluster object belongs",
    kind: "FleetFederationKubeconfig",
    operation: "DownloadFederationKubeconfig",
    json: kubeconfig({ clusters: [{ name: "c", cluster: 5 }] }),
    names: /DownloadFederationKubeconfig|clusters(\[0\]|\.0)?\.cluster/,
  },
  {
    name: "a number as the whole body",
    kind: "CceClusterKubeconfig",
    operation: "CreateKubernetesClusterCert",
    json: 5,
    names: /CreateKubernetesClusterCert/,
  },
  {
    name: "an array as the whole body",
    kind: "UcsClusterKubeconfig",
    operation: "CreateClusterKubeconfig",
    json: [kubeconfig({})],
    names: /CreateClusterKubeconfig/,
  },
  {
    name: "null as the whole body",
    kind: "CceClusterKubeconfig",
    operation: "CreateKubernetesClusterCert",
    json: null,
    names: /CreateKubernetesClusterCert/,
  },
  {
    name: "TKE answer without Response",
    kind: "TkeClusterKubeconfig",
    operation: "DescribeClusterKubeconfig",
    json: { Kubeconfig: "apiVersion: v1" },
    names: /DescribeClusterKubeconfig/,
  },
  {
    name: "TKE Kubeconfig not a string",
    kind: "TkeClusterKubeconfig",
    operation: "DescribeClusterKubeconfig",
    json: { Response: { Kubeconfig: { clusters: [] }, RequestId: "fake-request-id" } },
    names: /DescribeClusterKubeconfig/,
  },
  {
    name: "TKE Response a string",
    kind: "TkeClusterKubeconfig",
    operation: "DescribeClusterEndpointStatus",
    json: { Response: "Created" },
    names: /DescribeClusterEndpointStatus/,
  },
];

it.each(cases)("$name ($operation): fails with an error naming it, nothing recorded", async (c) => {
  emu.faults.add({ operation: c.operation, body: { json: c.json } });
  const from = emu.state.calls.length;
  const err = await failure(() => p(c.kind).create(inputs(c.kind)));
  const calls = callsOf(emu, c.operation, from);
  // The wrong-shape answer was given (and a valid JSON answer is not retried into a different one).
  expect(calls[0].errorCode).toBe("wrong-shape");
  expect(calls).toHaveLength(1);
  expect(err.message).toMatch(c.names);
  expect(err.id).toBeUndefined();
});

const garbledListings: Array<[string, unknown]> = [
  ["endpoints a string", { endpoints: "fake-endpoints", total_count: 1 }],
  ["endpoints an object", { endpoints: { id: "x" }, total_count: 1 }],
  ["endpoint entries numbers", { endpoints: [1, 2], total_count: 2 }],
];

const liveEndpoints = () => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);

describe("VPCEP endpoints not an array, in the listing before CreateFederationConnection", () => {
  it.each(garbledListings)("%s: fails naming ListEndpoints, makes nothing, records nothing", async (_n, json) => {
    emu.faults.add({ operation: "ListEndpoints", body: { json } });
    const from = emu.state.calls.length;
    const err = await failure(() => p("FleetFederationConnection").create(ids.connection));
    expect(callsOf(emu, "ListEndpoints", from)[0].errorCode).toBe("wrong-shape");
    expect(err.message).toContain("ListEndpoints");
    expect(callsOf(emu, "CreateFederationConnection", from)).toHaveLength(0);
    expect(liveEndpoints()).toHaveLength(0);
    expect(err.id).toBeUndefined();
  });
});

describe("VPCEP endpoints not an array, in the listing after a lost CreateFederationConnection answer", () => {
  it.each(garbledListings)(
    "%s: fails naming ListEndpoints, records nothing wrongly, and the endpoint is not left unaccounted",
    async (_n, json) => {
      // The vendor makes the endpoint but the answer never arrives; the listing that would find it is garbled.
      emu.faults.add({ operation: "CreateFederationConnection", phase: "after", status: 504 });
      const restore = onSuccessfulCall(emu, "CreateFederationConnection", () =>
        emu.faults.add({ operation: "ListEndpoints", body: { json } }),
      );
      const from = emu.state.calls.length;
      let err: Error & Record<string, any>;
      try {
        err = await failure(() => p("FleetFederationConnection").create(ids.connection));
      } finally {
        restore();
        emu.faults.clear();
      }
      const made = callsOf(emu, "CreateFederationConnection", from);
      expect(made).toHaveLength(1); // not repeated
      expect(callsOf(emu, "ListEndpoints", from).map((c) => c.errorCode)).toContain("wrong-shape");
      expect(err.message).toContain("ListEndpoints");
      // The lost answer is not hidden behind the listing's failure: the user learns an endpoint may exist.
      expect(err.message).toContain("CreateFederationConnection");
      expect(err.message).toContain("may have made a VPC endpoint");
      expect(liveEndpoints()).toHaveLength(1);
      const [endpoint] = liveEndpoints();
      // Recorded only with the exact id; never a guess, never an empty id that destroy would have to guess.
      if (err.id !== undefined) {
        expect(err.properties.vpcEndpointId).toBe(endpoint.id);
        await p("FleetFederationConnection").delete(err.id, err.properties);
        expect(liveEndpoints()).toHaveLength(0);
        return;
      }
      // Not recorded: the endpoint is named, by this error or by the next `up`, which makes no second one.
      if (!err.message.includes(endpoint.id)) {
        const again = emu.state.calls.length;
        const next = await failure(() => p("FleetFederationConnection").create(ids.connection));
        expect(next.message).toContain(endpoint.id);
        expect(next.message).toContain("adoptVpcEndpoint");
        expect(callsOf(emu, "CreateFederationConnection", again)).toHaveLength(0);
      }
      expect(liveEndpoints().map((e) => e.id)).toEqual([endpoint.id]);
      // Adopting it as the message says makes it this resource's, and destroy removes it.
      const adopted = await p("FleetFederationConnection").create({
        ...ids.connection,
        vpcEndpointId: endpoint.id,
        adoptVpcEndpoint: true,
      });
      expect(adopted.outs.vpcEndpointCreated).toBe(true);
      expect(endpoint.tags.find((t) => t.key === OWNER_TAG)).toBeDefined();
      await p("FleetFederationConnection").delete(adopted.id, adopted.outs);
      expect(liveEndpoints()).toHaveLength(0);
    },
  );
});
