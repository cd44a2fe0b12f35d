/**
 * Issue 9, vendor answers that are valid JSON of the wrong shape (a kubeconfig without clusters, users as a
 * string, a number where an object belongs, TKE without `Response`, `Kubeconfig` not a string, VPCEP
 * `endpoints` not an array). None may crash a provider call: each fails with an error of our own (not a
 * TypeError from reading a missing field) that names the operation or the kubeconfig path, carries no secret,
 * and records no resource, except after /cert made a VPC endpoint, where the failure must record it.
 * The emulator sends the bodies verbatim (fault `body: { json }`); driven in-process after `configure`.
 */
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
} from "./harness";
import { onSuccessfulCall } from "../../helpers/emulator-hooks";

jest.setTimeout(60_000);

let emu: EmulatorHandle;
let ids: ReturnType<typeof inputsFor>;

/** The error of a call that must fail; it must be ours (no TypeError/RangeError) and secret-free. */
async function failure(fn: () => Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(RangeError);
    expect((err as Error).message).not.toMatch(/Cannot read propert|is not a function|undefined is not|of undefined/);
    expectNoSecrets(collectText(err), secretsOf(emu));
    return err as Error & Record<string, any>;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS = "huaweicloud:*=1000:100,tencentcloud:*=1000:100";
  resetRateLimiter();
  emu = await startEmulator();
  ids = inputsFor(emu);
});

beforeEach(async () => {
  clearIamCache();
  await configureProvider(stackConfig(emu));
});

afterEach(() => {
  emu.faults.clear();
  clearVpcEndpoints(emu);
});

afterAll(async () => {
  if (emu) await emu.stop();
  delete process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS;
  resetRateLimiter();
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

describe("VPCEP endpoints not an array, after /cert made the endpoint", () => {
  it.each([
    ["endpoints a string", { endpoints: "fake-endpoints", total_count: 1 }],
    ["endpoints an object", { endpoints: { id: "x" }, total_count: 1 }],
    ["endpoint entries numbers", { endpoints: [1, 2], total_count: 2 }],
  ])("%s: fails naming ListEndpoints, records the resource, delete removes the endpoint", async (_n, json) => {
    const restore = onSuccessfulCall(emu, "CreateFederationCert", () =>
      emu.faults.add({ operation: "ListEndpoints", body: { json } }),
    );
    let err: Error & Record<string, any>;
    try {
      err = await failure(() => p("FleetFederationConnection").create(ids.connection));
    } finally {
      restore();
    }
    expect(typeof err.id).toBe("string");
    expect(err.properties.vpcEndpointCreated).toBe(true);
    const live = () => emu.state.vpcEndpoints.filter((e) => !e.deletedAt);
    expect(live()).toHaveLength(1);
    await p("FleetFederationConnection").delete(err.id, err.properties);
    expect(live()).toHaveLength(0);
    // Last, so the recording and clean-up above are checked even while this fails: the message must say the
    // ListEndpoints answer was unusable, not that the endpoint was not found.
    expect(err.message).toContain("ListEndpoints");
  });
});
