/**
 * Drives Pulumi's own dynamic-provider gRPC server (`@pulumi/pulumi/cmd/dynamic-provider`, the process
 * `pulumi-resource-pulumi-nodejs` runs) the way the engine does: Configure → Check → Create → Read / Diff /
 * Update → Delete (docs/pulumi-dynamic.md §2c). Messages come from the copy of the protos @pulumi/pulumi uses.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js");
const providerPb = pulumiRequire("./proto/provider_pb");
const providerGrpc = pulumiRequire("./proto/provider_grpc_pb");
const statusPb = pulumiRequire("./proto/status_pb");
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb");

export type Props = Record<string, any>;

export interface DiffAnswer {
  changes: "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";
  replaces: string[];
  /** The provider asks the engine to delete the old resource before creating its replacement. */
  deleteBeforeReplace: boolean;
}

export interface ProviderServer {
  /** Everything the provider process wrote to stdout/stderr (for secret scans). */
  output(): string;
  configure(config: Record<string, string>): Promise<void>;
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  read(urn: string, id: string, properties: Props): Promise<{ id: string; properties: Props }>;
  diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffAnswer>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<Props>;
  delete(urn: string, id: string, properties: Props): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the server with `cwd` = a program directory that has this package installed. */
export async function startProviderServer(cwd: string, env: Record<string, string> = {}): Promise<ProviderServer> {
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const child: ChildProcess = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
    env: { ...process.env, PULUMI_NODEJS_PROJECT: "fixture", PULUMI_NODEJS_STACK: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const port: number = await new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`dynamic provider exited with ${code}: ${out}`)));
  });
  const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <T>(method: string, req: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))),
    );
  const struct = (v: Props) => Struct.fromJavaScript(JSON.parse(JSON.stringify(v)));
  /** A resource request: its urn and id (when given), and each struct field set by name (`Olds` → setOlds). */
  const request = (Type: any, urn: string, id: string | undefined, structs: Record<string, Props>) => {
    const req = new Type();
    req.setUrn(urn);
    if (id !== undefined) req.setId(id);
    for (const [field, value] of Object.entries(structs)) req[`set${field}`](struct(value));
    return req;
  };

  return {
    output: () => out,
    async configure(config) {
      const req = new providerPb.ConfigureRequest();
      req.setArgs(struct(config));
      req.setAcceptsecrets(false);
      await call("configure", req);
    },
    async check(olds, news) {
      const req = new providerPb.CheckRequest();
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res: any = await call("check", req);
      return {
        inputs: res.getInputs().toJavaScript(),
        failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async create(urn, properties) {
      const res: any = await call(
        "create",
        request(providerPb.CreateRequest, urn, undefined, { Properties: properties }),
      );
      return { id: res.getId(), properties: res.getProperties().toJavaScript() };
    },
    async read(urn, id, properties) {
      const res: any = await call("read", request(providerPb.ReadRequest, urn, id, { Properties: properties }));
      return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
    },
    async diff(urn, id, olds, news) {
      const res: any = await call("diff", request(providerPb.DiffRequest, urn, id, { Olds: olds, News: news }));
      const names: Record<number, DiffAnswer["changes"]> = { 0: "DIFF_UNKNOWN", 1: "DIFF_NONE", 2: "DIFF_SOME" };
      return {
        changes: names[res.getChanges()],
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
      };
    },
    async update(urn, id, olds, news) {
      const res: any = await call("update", request(providerPb.UpdateRequest, urn, id, { Olds: olds, News: news }));
      return res.getProperties().toJavaScript();
    },
    async delete(urn, id, properties) {
      await call("delete", request(providerPb.DeleteRequest, urn, id, { Properties: properties }));
    },
    async stop() {
      client.close();
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
    },
  };
}

/**
 * The serialized `__provider` of a kind, produced by Pulumi's real serializer in a plain Node process whose
 * cwd is the program directory, exactly as in a user's program (Jest's module registry would hide the
 * package from the serializer's `require.cache` lookup).
 */
export function serializedProvider(programDir: string, kind: string): string {
  const file = kind.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const shim = require("pulumi-cloud-kubeconfig/dist/sdk/providers/${file}.js");
    pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true }).then((r) => process.stdout.write(r.text));`;
  return execFileSync(process.execPath, ["-e", script], { cwd: programDir, encoding: "utf8" });
}

/** What a failed Create left behind: the `pulumirpc.ErrorResourceInitFailed` detail of the gRPC error. */
export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/**
 * Decodes the `ErrorResourceInitFailed` detail Pulumi's dynamic-provider server packs into the
 * `grpc-status-details-bin` metadata of a failed call when the thrown error carries an `id` (the engine then
 * records the resource); undefined when the error carries none (nothing is recorded).
 */
export function initFailureOf(err: unknown): InitFailure | undefined {
  const metadata = (err as { metadata?: { get(key: string): unknown[] } } | null)?.metadata;
  const bin = metadata ? metadata.get("grpc-status-details-bin")[0] : undefined;
  if (!bin) return undefined;
  const status = statusPb.Status.deserializeBinary(new Uint8Array(bin as Buffer));
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const detail = providerPb.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return {
      id: detail.getId(),
      properties: detail.getProperties()?.toJavaScript() ?? {},
      reasons: detail.getReasonsList(),
    };
  }
  return undefined;
}

/** The five resource kinds, in a fixed order. */
export const RESOURCE_KINDS = [
  "UcsClusterKubeconfig",
  "CceClusterKubeconfig",
  "FleetFederationConnection",
  "FleetFederationKubeconfig",
  "TkeClusterKubeconfig",
] as const;

/** `serializedProvider` for every kind. */
export function serializedProviders(programDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of RESOURCE_KINDS) out[kind] = serializedProvider(programDir, kind);
  return out;
}

export function urnOf(kind: string, name: string): string {
  const module = kind.startsWith("Tke") ? "tencentcloud" : "huaweicloud";
  return `urn:pulumi:test::fixture::pulumi-nodejs:dynamic/${module}:${kind}::${name}`;
}
