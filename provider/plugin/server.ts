/**
 * The provider plugin's gRPC server: Pulumi's ResourceProvider service (the protocol of
 * https://github.com/pulumi/pulumi/blob/v3.259.0/proto/pulumi/provider.proto) on the generated stubs
 * `@pulumi/pulumi` ships, calling provider/plugin/native.ts. It is written here rather than taken from
 * `@pulumi/pulumi/provider`'s `main()` because that server answers `Configure` without passing the configuration
 * on (credentials would reach only the environment) and leaves `CheckConfig` unimplemented.
 *
 * The engine starts `pulumi-resource-cloud-kubeconfig <engine address>` and reads the port from the first line
 * of stdout.
 */
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";
import { nativeProvider } from "./native";
import { redact } from "../http/redact";

const grpc = require("@grpc/grpc-js");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const plugproto = require("@pulumi/pulumi/proto/plugin_pb");
const statusproto = require("@pulumi/pulumi/proto/status_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");
const anyproto = require("google-protobuf/google/protobuf/any_pb");

/** The package's root: the folder of its package.json above this file (in `dist/` or in the source tree). */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "schema.json"))) return dir;
    if (dirname(dir) === dir) throw new Error("pulumi-cloud-kubeconfig: package.json not found above " + __dirname);
  }
}
const ROOT = packageRoot();
const packageJson = () => JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

type Callback = (err: unknown, value?: unknown, metadata?: unknown) => void;
type Call = { request: any };

const toJs = (s: any): Record<string, any> => (s ? s.toJavaScript() : {});
const toStruct = (o: Record<string, unknown>) => structproto.Struct.fromJavaScript(o);

/** A failed call as gRPC sees it: the (redacted) message, and for an init failure what was created. */
function failure(err: unknown, urn?: string) {
  const e = err as Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] };
  const message = redact(e?.message ?? String(err));
  const metadata = new grpc.Metadata();
  if (e && typeof e.id === "string" && e.id !== "" && urn) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.id);
    detail.setProperties(toStruct(nativeProvider.secretProperties(urn, e.properties ?? {})));
    detail.setReasonsList((e.reasons ?? [message]).map(redact));
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, message, metadata };
}

/** Runs `fn` for a unary call and answers with its result or its failure. */
function unary(fn: (req: any) => Promise<unknown>, urnOf: (req: any) => string | undefined = () => undefined) {
  return (call: Call, callback: Callback) => {
    fn(call.request).then(
      (value) => callback(null, value),
      (err) => {
        const f = failure(err, urnOf(call.request));
        callback(f, null, f.metadata);
      },
    );
  };
}

/** A method this provider does not offer (unary or streaming). */
const unimplemented =
  (name: string) => (call: Call & { emit?: (event: string, err: unknown) => void }, callback?: Callback) => {
    const err = { code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by this provider` };
    if (callback) callback(err);
    else call.emit?.("error", err);
  };

function service() {
  return {
    getSchema: unary(async () => {
      const r = new provproto.GetSchemaResponse();
      r.setSchema(readFileSync(join(ROOT, "schema.json"), "utf8"));
      return r;
    }),
    getPluginInfo: unary(async () => new plugproto.PluginInfo().setVersion(packageJson().version)),
    checkConfig: unary(async (req) => {
      // Every setting is optional and is checked where a resource uses it, naming the setting.
      return new provproto.CheckResponse().setInputs(req.getNews());
    }),
    diffConfig: unary(async (req) => {
      // A configuration change (new credentials, say) never replaces this provider or its resources.
      const same = JSON.stringify(toJs(req.getOlds())) === JSON.stringify(toJs(req.getNews()));
      return new provproto.DiffResponse().setChanges(
        same ? provproto.DiffResponse.DiffChanges.DIFF_NONE : provproto.DiffResponse.DiffChanges.DIFF_SOME,
      );
    }),
    configure: unary(async (req) => {
      const variables: Record<string, string> = {};
      req.getVariablesMap().forEach((v: string, k: string) => (variables[k] = v));
      await nativeProvider.configure(variables, toJs(req.getArgs()));
      return new provproto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setAcceptresources(true)
        .setAcceptoutputs(false)
        .setSupportspreview(false);
    }),
    check: unary(async (req) => {
      const r = await nativeProvider.check(req.getUrn(), toJs(req.getOlds()), toJs(req.getNews()));
      const resp = new provproto.CheckResponse().setInputs(toStruct(r.inputs));
      resp.setFailuresList(
        r.failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(redact(f.reason))),
      );
      return resp;
    }),
    diff: unary(async (req) => {
      const d = await nativeProvider.diff(req.getId(), req.getUrn(), toJs(req.getOlds()), toJs(req.getNews()));
      const resp = new provproto.DiffResponse().setChanges(
        d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      );
      resp.setReplacesList(d.replaces);
      if (d.deleteBeforeReplace) resp.setDeletebeforereplace(true);
      return resp;
    }),
    create: unary(
      async (req) => {
        const r = await nativeProvider.create(req.getUrn(), toJs(req.getProperties()));
        return new provproto.CreateResponse().setId(r.id).setProperties(toStruct(r.outs));
      },
      (req) => req.getUrn(),
    ),
    read: unary(async (req) => {
      const r = await nativeProvider.read(req.getId(), req.getUrn(), toJs(req.getProperties()));
      return new provproto.ReadResponse().setId(r.id).setProperties(toStruct(r.props));
    }),
    update: unary(
      async (req) => {
        const r = await nativeProvider.update(req.getId(), req.getUrn(), toJs(req.getOlds()), toJs(req.getNews()));
        return new provproto.UpdateResponse().setProperties(toStruct(r.outs));
      },
      (req) => req.getUrn(),
    ),
    delete: unary(async (req) => {
      await nativeProvider.delete(req.getId(), req.getUrn(), toJs(req.getProperties()));
      return new emptyproto.Empty();
    }),
    cancel: unary(async () => new emptyproto.Empty()),
    attach: unary(async () => new emptyproto.Empty()),
    getMapping: unary(async () => new provproto.GetMappingResponse().setProvider("").setData("")),
    getMappings: unary(async () => new provproto.GetMappingsResponse()),
  };
}

/** Serves the provider on a loopback port and prints the port, as the engine expects of a plugin. */
export async function serve(): Promise<void> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  // Every method the installed stubs know: the ones above, and UNIMPLEMENTED for the rest (Invoke, Call, …).
  const impl = service() as Record<string, unknown>;
  const handlers: Record<string, unknown> = {};
  for (const name of Object.keys(provrpc.ResourceProviderService)) handlers[name] = impl[name] ?? unimplemented(name);
  server.addService(provrpc.ResourceProviderService, handlers);
  const port: number = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) =>
      err ? reject(err) : resolve(p),
    ),
  );
  process.stdout.write(`${port}\n`);
}
