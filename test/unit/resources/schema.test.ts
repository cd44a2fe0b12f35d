/**
 * The SDK under sdk/, schema.json and the README's resource tables are exactly what `npm run schema` generates
 * from the declaration in provider/resources (the drift check); what that declaration must say (every resource,
 * input, output, type and enum value documented; kubeconfig and credentials secret); and what the generated
 * classes do at run time, under Pulumi's mocks: every output registered, secrets kept secret.
 */
import { readdirSync } from "fs";
import { join } from "path";
import { CustomResource, dynamic, runtime, type Output } from "@pulumi/pulumi";
import { driftedFiles, generatedFiles } from "../../../scripts/gen-contract";
import { ROOT, buildSchema, type PackageSchema } from "../../../scripts/gen-schema";

const schema: PackageSchema = buildSchema();
const kinds = Object.keys(schema.resources).map((token) => ({
  token,
  kind: token.split(":").pop() as string,
  resource: schema.resources[token],
}));

describe("generated files", () => {
  it("every generated file is what `npm run schema` writes (run it after changing provider/resources)", () => {
    expect(driftedFiles()).toEqual([]);
  });

  it("sdk/ holds only generated files, the hand-written provider shim and mergeKubeconfigs", () => {
    const generated = Object.keys(generatedFiles());
    const sdkFiles = ["sdk", join("sdk", "providers")].flatMap((dir) =>
      readdirSync(join(ROOT, dir))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => `${dir}/${f}`),
    );
    expect(sdkFiles.filter((f) => !generated.includes(f))).toEqual(["sdk/merge.ts", "sdk/shim.ts"]);
  });

  it("covers the five resources, with secret kubeconfig and credentials", () => {
    expect(kinds.map((k) => k.kind).sort()).toEqual([
      "CceClusterKubeconfig",
      "FleetFederationConnection",
      "FleetFederationKubeconfig",
      "TkeClusterKubeconfig",
      "UcsClusterKubeconfig",
    ]);
    for (const { resource } of kinds) {
      expect(resource.properties.kubeconfig.secret).toBe(true);
      expect(resource.inputProperties.credentials.secret).toBe(true);
      const secrets = [
        ...Object.entries(resource.properties).filter(([, p]) => p.secret),
        ...Object.entries(resource.inputProperties).filter(([, p]) => p.secret),
      ].map(([k]) => k);
      expect(secrets.sort()).toEqual(["credentials", "kubeconfig"]);
    }
  });

  it("generates the same files twice (deterministic)", () => {
    expect(JSON.stringify(buildSchema())).toBe(JSON.stringify(buildSchema()));
    expect(generatedFiles()).toEqual(generatedFiles());
  });
});

describe("descriptions", () => {
  const missing: string[] = [];
  for (const { kind, resource } of kinds) {
    if (!resource.description) missing.push(kind);
    for (const [k, p] of Object.entries(resource.inputProperties))
      if (!p.description?.trim()) missing.push(`${kind}.${k}`);
    for (const [k, p] of Object.entries(resource.properties)) if (!p.description?.trim()) missing.push(`${kind}.${k}`);
  }
  for (const [token, t] of Object.entries(schema.types)) {
    if (!t.description) missing.push(token);
    const entries: [string, { description?: string }][] =
      "enum" in t ? t.enum.map((e) => [e.value, e]) : Object.entries(t.properties);
    for (const [k, p] of entries) if (!p.description?.trim()) missing.push(`${token}.${k}`);
  }
  it("every resource, input, output, type and enum value has one", () => {
    expect(missing).toEqual([]);
  });
});

describe("the generated SDK classes at run time (Pulumi's mocks)", () => {
  /** A resource that is not one of this package's. */
  class Other extends CustomResource {
    constructor(name: string) {
      super("test:index:Other", name, {});
    }
  }
  /** What the SDK sent to the engine, by resource name. */
  const registered = new Map<string, { secretOutputs: string[]; credentials: unknown; frames: string[] }>();
  let sdk: Record<string, new (name: string, args: object) => Record<string, unknown>>;

  beforeAll(() => {
    runtime.setMocks(
      {
        newResource: async (a) => ({ id: `${a.name}-id`, state: a.inputs }),
        call: async (a) => a.inputs,
      },
      "project",
      "stack",
      false,
    );
    const monitor = runtime.getMonitor() as unknown as {
      registerResource: (req: RegisterRequest, cb: unknown) => unknown;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      const object = req.getObject().toJavaScript();
      registered.set(req.getName(), {
        secretOutputs: req.getAdditionalsecretoutputsList(),
        credentials: object.credentials,
        frames: (req.getStacktrace()?.getFramesList() ?? []).map((f) => f.getPc()?.getUri() ?? ""),
      });
      return register(req, cb);
    };
    sdk = require("../../../sdk");
  });

  interface RegisterRequest {
    getName(): string;
    getAdditionalsecretoutputsList(): string[];
    getStacktrace(): { getFramesList(): { getPc(): { getUri(): string } | undefined }[] } | undefined;
    getObject(): { toJavaScript(): Record<string, unknown> };
  }

  const args: Record<string, object> = {
    UcsClusterKubeconfig: { clusterId: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5" },
    CceClusterKubeconfig: { clusterId: "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02" },
    FleetFederationConnection: {
      clusterGroupId: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
      projectId: "0123456789abcdef0123456789abcdef",
      vpcId: "e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a7b",
      subnetId: "f5a6b7c8-d9e0-4f1a-8b2c-3d4e5f6a7b8c",
    },
    FleetFederationKubeconfig: { clusterGroupId: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e" },
    TkeClusterKubeconfig: { clusterId: "cls-emu7pub1" },
  };
  const credentials: Record<string, object> = {
    huaweicloud: { accessKey: "AK", secretKey: "SK" },
    tencentcloud: { secretId: "ID", secretKey: "KEY" },
  };

  it.each(kinds)("$kind registers every schema output and keeps the schema's secrets secret", async (k) => {
    const module = k.token.split(":")[1];
    const res = new sdk[k.kind](`${k.kind}-r`, { ...args[k.kind], credentials: credentials[module] });
    for (const name of Object.keys(k.resource.properties)) {
      expect([name, typeof (res[name] as Output<unknown> | undefined)?.apply]).toEqual([name, "function"]);
    }
    await new Promise((resolve) => (res.urn as Output<string>).apply(resolve));
    const sent = registered.get(`${k.kind}-r`);
    const secrets = [...Object.entries(k.resource.properties), ...Object.entries(k.resource.inputProperties)]
      .filter(([, p]) => p.secret)
      .map(([n]) => n);
    expect(sent?.secretOutputs.sort()).toEqual(secrets.sort());
    // A secret input travels as Pulumi's secret envelope (the signature key), not as plain values.
    expect(JSON.stringify(sent?.credentials)).toContain("1b47061264138c4ac30d75fd1eb44270");
  });

  it.each(kinds)("$kind lists `credentials` as a secret output only when it is given", async (k) => {
    const res = new sdk[k.kind](`${k.kind}-plain`, args[k.kind]);
    await new Promise((resolve) => (res.urn as Output<string>).apply(resolve));
    expect(registered.get(`${k.kind}-plain`)?.secretOutputs).toEqual(["kubeconfig"]);
  });

  // The engine stores each resource's stack trace in the state; the package's own frames in it are bytes every
  // checkpoint write pays for, and the program's line is what a user looks for.
  it.each(kinds)("$kind leaves one frame of the package in the stack trace the engine stores", async (k) => {
    const res = new sdk[k.kind](`${k.kind}-frames`, args[k.kind]);
    await new Promise((resolve) => (res.urn as Output<string>).apply(resolve));
    const frames = registered.get(`${k.kind}-frames`)?.frames ?? [];
    expect(frames.filter((uri) => uri.includes("/sdk/"))).toEqual([expect.stringMatching(/\/sdk\/[a-z-]+\.ts$/)]);
  });

  it.each(kinds)("$kind is an instance of KubeconfigResource and of Pulumi's resource classes", (k) => {
    const res = new sdk[k.kind](`${k.kind}-instance`, args[k.kind]);
    const classes = sdk as unknown as Record<string, new (...a: never[]) => unknown>;
    expect(res instanceof classes.KubeconfigResource).toBe(true);
    expect(res instanceof sdk[k.kind]).toBe(true);
    expect(res instanceof dynamic.Resource).toBe(true);
    expect(CustomResource.isInstance(res)).toBe(true);
    expect({} instanceof classes.KubeconfigResource).toBe(false);
    expect(new Other(`${k.kind}-other`) instanceof classes.KubeconfigResource).toBe(false);
  });
});
