/**
 * Metric 1, state weight: bytes of the serialized `__provider` (Pulumi's own serializer, run in a program
 * directory that has the package installed) against a naive provider that imports the implementation at
 * module scope (bench/naive-provider.ts), and bytes of each resource's whole state entry.
 */
import { join } from "node:path";
import type { EmulatorHandle } from "../emulator";
import { REPO_ROOT } from "../test/support/build-dist";
import { RESOURCE_KINDS, startProviderServer, urnOf, type Props } from "../test/support/dynamic-provider-server";
import { runNode } from "./child";
import { stackConfig } from "./emulator-setup";
import { fromSamples, ratios, skipped, type Metric } from "./metric";

const KINDS = RESOURCE_KINDS;
type Kind = (typeof KINDS)[number];

/** Our `__provider` for `kind`, exactly as sdk/ hands it to `pulumi.dynamic.Resource`. */
export async function serializeShim(programDir: string, kind: Kind): Promise<string> {
  const file = kind.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const shim = require("pulumi-cloud-kubeconfig/dist/sdk/providers/${file}.js");
    pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true }).then((r) => process.stdout.write(r.text));`;
  return (await runNode(script, programDir)).stdout;
}

/** The naive provider's `__provider` for `kind`, serialized the same way from the same program directory. */
export async function serializeNaive(programDir: string, kind: Kind): Promise<string> {
  const script = `
    require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(join(REPO_ROOT, "tsconfig.json"))} });
    const pulumi = require("@pulumi/pulumi");
    const p = require(${JSON.stringify(join(REPO_ROOT, "bench", "naive-provider.ts"))}).naiveProvider(${JSON.stringify(kind)});
    pulumi.runtime.serializeFunction(() => p, { allowSecrets: true }).then((r) => process.stdout.write(r.text));`;
  return (await runNode(script, programDir)).stdout;
}

/** Inputs that create successfully against the emulator's seed. */
export function sampleInputs(emu: EmulatorHandle): Partial<Record<Kind, Props>> {
  return {
    UcsClusterKubeconfig: { clusterId: emu.seed.ucs.clusters[0].id },
    CceClusterKubeconfig: { clusterId: emu.seed.cce.publicCluster.id, validityDays: 30 },
    FleetFederationConnection: {
      clusterGroupId: emu.seed.ucs.fleets.federated.id,
      projectId: emu.credentials.huawei.projectId,
      vpcId: emu.seed.ucs.vpcId,
      subnetId: emu.seed.ucs.subnetId,
      validityDays: 90,
      // What the SDK class sets (project/stack/type/name of urnOf(kind, "bench")): marks the VPC endpoint.
      __owner: "fixture/test/FleetFederationConnection/bench",
    },
    TkeClusterKubeconfig: { clusterId: emu.seed.tke.extranetCluster.id, endpoint: "extranet" },
  };
}

/** A state entry as the engine stores it (apitype.ResourceV3 fields that carry data); secrets in plaintext. */
function stateEntry(kind: Kind, id: string, inputs: Props, outputs: Props): string {
  const module = kind.startsWith("Tke") ? "tencentcloud" : "huaweicloud";
  return JSON.stringify({
    urn: urnOf(kind, "bench"),
    custom: true,
    id,
    type: `pulumi-nodejs:dynamic/${module}:${kind}`,
    inputs,
    outputs,
    parent: "urn:pulumi:test::fixture::pulumi:pulumi:Stack::fixture-test",
    provider: "urn:pulumi:test::fixture::pulumi:providers:pulumi-nodejs::default::00000000-0000-0000-0000-000000000000",
  });
}

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");

export async function measureStateWeight(emu: EmulatorHandle, programDir: string): Promise<Metric[]> {
  const ours: Record<string, string> = {};
  const naive: Record<string, string> = {};
  let naiveFailure = "";
  for (const kind of KINDS) {
    ours[kind] = await serializeShim(programDir, kind);
    if (naiveFailure) continue;
    try {
      naive[kind] = await serializeNaive(programDir, kind);
    } catch (err) {
      // The common way can fail outright: the serializer must capture every module the implementation reaches.
      naiveFailure = serializerError(err);
    }
  }
  const oursBytes = KINDS.map((k) => bytes(ours[k]));
  const naiveBytes = naiveFailure ? [] : KINDS.map((k) => bytes(naive[k]));
  const perKind = (xs: number[]) => Object.fromEntries(KINDS.map((k, i) => [k, xs[i]]));

  // Whole state entries: a real create through Pulumi's dynamic-provider server.
  const server = await startProviderServer(programDir);
  const entryOurs: number[] = [];
  const entryNaive: number[] = [];
  const entryKinds: string[] = [];
  try {
    await server.configure(stackConfig(emu));
    const inputs = sampleInputs(emu);
    for (const kind of KINDS) {
      const props = inputs[kind];
      if (!props) continue;
      const checked = await server.check({}, { ...props, __provider: ours[kind] });
      const created = await server.create(urnOf(kind, "bench"), checked.inputs);
      const swap = (p: Props): Props => ("__provider" in p ? { ...p, __provider: naive[kind] } : p);
      entryOurs.push(bytes(stateEntry(kind, created.id, checked.inputs, created.properties)));
      if (!naiveFailure) {
        entryNaive.push(bytes(stateEntry(kind, created.id, swap(checked.inputs), swap(created.properties))));
      }
      entryKinds.push(kind);
    }
  } finally {
    await server.stop();
  }
  const perEntryKind = (xs: number[]) => Object.fromEntries(entryKinds.map((k, i) => [k, xs[i]]));
  const naiveSkip = `naive provider could not be serialized: ${naiveFailure}`;
  return [
    fromSamples("state.provider-bytes", "bytes", "per resource kind", oursBytes, perKind(oursBytes)),
    naiveFailure
      ? skipped("state.provider-bytes-naive", "bytes", "per resource kind", naiveSkip)
      : fromSamples("state.provider-bytes-naive", "bytes", "per resource kind", naiveBytes, perKind(naiveBytes)),
    naiveFailure
      ? skipped("state.provider-bytes-ratio", "ratio", "ours ÷ naive module-scope provider", naiveSkip)
      : fromSamples(
          "state.provider-bytes-ratio",
          "ratio",
          "ours ÷ naive module-scope provider",
          ratios(oursBytes, naiveBytes),
        ),
    fromSamples(
      "state.entry-bytes",
      "bytes",
      "whole state entry (inputs + outputs, secrets before encryption)",
      entryOurs,
      perEntryKind(entryOurs),
    ),
    naiveFailure
      ? skipped("state.entry-bytes-ratio", "ratio", "ours ÷ naive whole state entry", naiveSkip)
      : fromSamples(
          "state.entry-bytes-ratio",
          "ratio",
          "ours ÷ naive whole state entry",
          ratios(entryOurs, entryNaive),
          {
            ...Object.fromEntries(entryKinds.map((k, i) => [`naive ${k}`, entryNaive[i]])),
          },
        ),
  ];
}

/** The serializer's own message (first `Error:` line of the child's stderr), without paths. */
function serializerError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split("\n").find((l) => /^Error: /.test(l.trim()));
  return (line || "serialization failed").trim().replace(/^Error: /, "");
}
