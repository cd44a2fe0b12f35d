/**
 * Issue 6: schema.json and the README's resource tables are what scripts/gen-schema.ts generates from the zod
 * inputs and kinds.ts; every property has a description; and the SDK classes (read with the TypeScript
 * compiler API, not imported) declare exactly the schema's inputs, outputs, requiredness, types and secrets.
 */
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import ts = require("typescript");
import {
  README_PATH,
  SCHEMA_PATH,
  buildSchema,
  generated,
  type PackageSchema,
  type PropertySpec,
} from "../../../scripts/gen-schema";

const SDK_DIR = join(__dirname, "..", "..", "..", "sdk");
const committed = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as PackageSchema;

interface Member {
  name: string;
  optional: boolean;
  /** Type text as written, e.g. `Input<string>`. */
  type: string;
}
interface Decl {
  members: Member[];
  extends: string[];
  file: string;
}

/** Every interface and class of sdk/*.ts, with its own members and the names it extends. */
function readSdk(): { interfaces: Map<string, Decl>; classes: Map<string, Decl>; sources: Map<string, string> } {
  const interfaces = new Map<string, Decl>();
  const classes = new Map<string, Decl>();
  const sources = new Map<string, string>();
  for (const file of readdirSync(SDK_DIR).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(SDK_DIR, file), "utf8");
    sources.set(file, text);
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true);
    const heritage = (clauses: ts.NodeArray<ts.HeritageClause> | undefined) =>
      (clauses ?? []).flatMap((c) => c.types.map((t) => t.expression.getText(sf)));
    ts.forEachChild(sf, (node) => {
      if (ts.isInterfaceDeclaration(node)) {
        const members = node.members.filter(ts.isPropertySignature).map((m) => ({
          name: m.name.getText(sf),
          optional: m.questionToken !== undefined,
          type: m.type ? m.type.getText(sf) : "",
        }));
        interfaces.set(node.name.text, { members, extends: heritage(node.heritageClauses), file });
      } else if (ts.isClassDeclaration(node) && node.name) {
        // Declared outputs: `declare public readonly x: Output<T>`.
        const members = node.members
          .filter(ts.isPropertyDeclaration)
          .filter((m) => (ts.getModifiers(m) ?? []).some((k) => k.kind === ts.SyntaxKind.DeclareKeyword))
          .map((m) => ({ name: m.name.getText(sf), optional: false, type: m.type ? m.type.getText(sf) : "" }));
        classes.set(node.name.text, { members, extends: heritage(node.heritageClauses), file });
      }
    });
  }
  return { interfaces, classes, sources };
}

const sdk = readSdk();

/** String literals of every array literal found under `node` (spread elements skipped). */
function arrayStrings(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isArrayLiteralExpression(n)) {
      for (const e of n.elements) if (ts.isStringLiteral(e)) out.push(e.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** The initializer of `const <name> = ...` (anywhere) in sdk/<file>. */
function initializerOf(file: string, name: string): ts.Node | undefined {
  const sf = ts.createSourceFile(file, sdk.sources.get(file) as string, ts.ScriptTarget.ES2020, true);
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && n.name.getText(sf) === name && n.initializer) found = n.initializer;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Arguments of the `super(...)` call in the class's constructor. */
function superCallOf(file: string): ts.Node | undefined {
  const sf = ts.createSourceFile(file, sdk.sources.get(file) as string, ts.ScriptTarget.ES2020, true);
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword) found = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Members of a declaration and of everything it extends within sdk/ (the base class, KubeconfigShapeArgs). */
function allMembers(map: Map<string, Decl>, name: string): Member[] {
  const d = map.get(name);
  if (!d) return [];
  return [...d.extends.flatMap((e) => allMembers(map, e)), ...d.members];
}

function schemaType(p: PropertySpec): string {
  if (p.$ref) return p.$ref.split(":").pop() as string;
  return p.type === "integer" ? "number" : (p.type as string);
}

const kinds = Object.keys(committed.resources).map((token) => ({
  token,
  kind: token.split(":").pop() as string,
  resource: committed.resources[token],
}));

describe("generated files", () => {
  it("schema.json is exactly what `npm run schema` generates", () => {
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(generated().schema);
  });

  it("README.md's resource tables are exactly what `npm run schema` generates", () => {
    expect(readFileSync(README_PATH, "utf8")).toBe(generated().readme);
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

  it("builds the same schema twice (deterministic)", () => {
    expect(JSON.stringify(buildSchema())).toBe(JSON.stringify(buildSchema()));
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
  for (const [token, t] of Object.entries(committed.types)) {
    if (!t.description) missing.push(token);
    const entries: [string, { description?: string }][] =
      "enum" in t ? t.enum.map((e) => [e.value, e]) : Object.entries(t.properties);
    for (const [k, p] of entries) if (!p.description?.trim()) missing.push(`${token}.${k}`);
  }
  it("every resource, input, output, type and enum value has one", () => {
    expect(missing).toEqual([]);
  });
});

describe.each(kinds)("$kind: the SDK class agrees with schema.json", ({ kind, resource }) => {
  const args = allMembers(sdk.interfaces, `${kind}Args`);
  const outputs = allMembers(sdk.classes, kind);

  it("has an Args interface and a class in sdk/", () => {
    expect(sdk.interfaces.has(`${kind}Args`)).toBe(true);
    expect(sdk.classes.has(kind)).toBe(true);
  });

  it("Args properties are the schema's inputs, with the same requiredness and types", () => {
    expect(args.map((m) => m.name).sort()).toEqual(Object.keys(resource.inputProperties).sort());
    expect(
      args
        .filter((m) => !m.optional)
        .map((m) => m.name)
        .sort(),
    ).toEqual([...resource.requiredInputs].sort());
    for (const m of args) {
      expect([m.name, m.type]).toEqual([m.name, `Input<${schemaType(resource.inputProperties[m.name])}>`]);
    }
  });

  it("declared outputs (with the base class's) are the schema's outputs, with the same types", () => {
    expect(outputs.map((m) => m.name).sort()).toEqual(Object.keys(resource.properties).sort());
    for (const m of outputs) {
      expect([m.name, m.type]).toEqual([m.name, `Output<${schemaType(resource.properties[m.name])}>`]);
    }
  });

  it("the constructor registers the schema's outputs (common + extra) with Pulumi", () => {
    const decl = sdk.classes.get(kind) as Decl;
    const common = arrayStrings(initializerOf("base.ts", "COMMON_OUTPUT_NAMES") as ts.Node);
    const call = superCallOf(decl.file);
    expect(call).toBeDefined();
    const extra = arrayStrings(call as ts.Node);
    expect([...common, ...extra].sort()).toEqual(Object.keys(resource.properties).sort());
  });
});

describe("the SDK's secret outputs", () => {
  it("are the ones schema.json marks secret", () => {
    const names = arrayStrings(initializerOf("base.ts", "additionalSecretOutputs") as ts.Node).sort();
    const schemaSecrets = new Set<string>();
    for (const { resource } of kinds) {
      for (const [k, p] of [...Object.entries(resource.properties), ...Object.entries(resource.inputProperties)]) {
        if (p.secret) schemaSecrets.add(k);
      }
    }
    expect(names).toEqual([...schemaSecrets].sort());
  });
});
