/**
 * schema.json (a Pulumi Package Schema) and the resource tables of README.md, built from the zod input schemas
 * `check()` uses (provider/resources/inputs.ts) and the declaration of provider/resources/kinds.ts. The SDK is
 * rendered from this schema by scripts/gen-sdk.ts; scripts/gen-contract.ts (`npm run schema`) writes them all.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { z } from "zod";
import {
  COMMON_OUTPUTS,
  CREDENTIAL_TYPES,
  ENUMS,
  KINDS,
  PACKAGE,
  packageToken,
  typeToken,
  type EnumName,
  type KindSpec,
  type OutputSpec,
  type ResourceKind,
} from "../provider/resources/kinds";

import { providerConfigName, SECRET_CONFIG_KEYS, STACK_CONFIG_KEYS } from "../provider/resources/context";

/** The Pulumi package name (schema.json, type tokens, the plugin `pulumi-resource-cloud-kubeconfig`). */
export const PACKAGE_NAME = PACKAGE;

/** The package names of the SDKs generated for the provider plugin, per language. */
export const NATIVE_SDK = {
  nodejs: "pulumi-cloud-kubeconfig-native",
  python: "pulumi_cloud_kubeconfig",
  go: "github.com/pulumi-cloud-kubeconfig/pulumi-cloud-kubeconfig/sdk/go/cloudkubeconfig",
  csharp: "CloudKubeconfig",
};
export const ROOT = join(__dirname, "..");
export const README_BEGIN = "<!-- BEGIN GENERATED: resources -->";
export const README_END = "<!-- END GENERATED: resources -->";

/** Pulumi schema PropertySpec, the subset we emit. */
export interface PropertySpec {
  type?: "string" | "number" | "integer" | "boolean" | "array";
  /** With `type: "array"`: the type of each item. */
  items?: { type: "string" | "number" | "integer" | "boolean" };
  $ref?: string;
  description: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
}

export interface ObjectTypeSpec {
  type: "object";
  description: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface EnumTypeSpec {
  type: "string";
  description: string;
  enum: { name: string; value: string; description: string }[];
}

export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}

/** The provider's configuration: one string per stack config key the resources read. */
export interface ConfigSpec {
  variables: Record<string, PropertySpec>;
}

export interface PackageSchema {
  name: string;
  config: ConfigSpec;
  language: Record<string, Record<string, unknown>>;
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  displayName: string;
  version: string;
  description: string;
  license: string;
  keywords: string[];
  types: Record<string, ObjectTypeSpec | EnumTypeSpec>;
  resources: Record<string, ResourceSpec>;
}

interface JsonSchema {
  type?: string;
  items?: JsonSchema;
  description?: string;
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

const ref = (name: string) => `#/types/${PACKAGE_NAME}:index:${name}`;

function describeOf(where: string, s: JsonSchema): string {
  if (!s.description) throw new Error(`${where} has no description: add .describe() in provider/resources/inputs.ts`);
  return s.description;
}

function enumName(where: string, values: string[]): EnumName {
  const found = (Object.keys(ENUMS) as EnumName[]).find((name) => {
    const e = ENUMS[name].values;
    return e.length === values.length && e.every((v, i) => v === values[i]);
  });
  if (!found) throw new Error(`${where}: enum [${values.join(", ")}] has no named type in provider/resources/kinds.ts`);
  return found;
}

/** The type of an output: its named enum, the enum of the input it names, or a primitive. */
function outputProperty(where: string, o: OutputSpec, inputs: Record<string, PropertySpec>): PropertySpec {
  const p: PropertySpec = { type: o.type, description: o.description };
  if (typeof o.enum === "string") return { $ref: ref(o.enum), description: o.description };
  if (o.enum) {
    const input = inputs[o.enum.input];
    if (!input?.$ref) throw new Error(`${where}: its type names input ${o.enum.input}, which is not an enum`);
    return { $ref: input.$ref, description: o.description };
  }
  return p;
}

function primitive(where: string, t: string | undefined): "string" | "number" | "integer" | "boolean" {
  if (t === "string" || t === "number" || t === "integer" || t === "boolean") return t;
  throw new Error(`${where}: JSON schema type ${String(t)} has no Pulumi schema mapping`);
}

/** Convert one JSON-schema property; nested objects become named types registered in `types`. */
function toProperty(
  where: string,
  s: JsonSchema,
  spec: KindSpec,
  types: PackageSchema["types"],
  name: string,
): PropertySpec {
  const description = describeOf(where, s);
  if (s.enum) return { $ref: ref(enumName(where, s.enum)), description };
  if (s.type === "object") {
    if (name !== "credentials") throw new Error(`${where}: only 'credentials' may be an object input`);
    if (!spec.secretInputs.includes(name)) throw new Error(`${where}: credentials must be a secret input`);
    const t = CREDENTIAL_TYPES[spec.module];
    const properties: Record<string, PropertySpec> = {};
    for (const [k, v] of Object.entries(s.properties ?? {}))
      properties[k] = toProperty(`${where}.${k}`, v, spec, types, k);
    const obj: ObjectTypeSpec = { type: "object", description: t.description, properties };
    if (s.required && s.required.length > 0) obj.required = [...s.required];
    types[`${PACKAGE_NAME}:index:${t.name}`] = obj;
    return { $ref: ref(t.name), description, secret: true };
  }
  const p: PropertySpec =
    s.type === "array"
      ? { type: "array", items: { type: primitive(`${where}[]`, s.items?.type) }, description }
      : { type: primitive(where, s.type), description };
  if (spec.secretInputs.includes(name)) p.secret = true;
  return p;
}

function resourceSpec(spec: KindSpec, types: PackageSchema["types"]): ResourceSpec {
  const json = z.toJSONSchema(spec.inputs, { io: "input" }) as JsonSchema;
  const inputProperties: Record<string, PropertySpec> = {};
  for (const [name, s] of Object.entries(json.properties ?? {})) {
    const p = toProperty(`${spec.kind}.${name}`, s, spec, types, name);
    if (spec.replaceOnChanges.includes(name)) p.replaceOnChanges = true;
    inputProperties[name] = p;
  }
  for (const name of [...spec.replaceOnChanges, ...spec.secretInputs]) {
    if (!inputProperties[name])
      throw new Error(`${spec.kind}: replaceOnChanges or secretInputs names unknown input ${name}`);
  }
  const properties: Record<string, PropertySpec> = {};
  for (const [name, o] of Object.entries({ ...COMMON_OUTPUTS, ...spec.extraOutputs })) {
    const p = outputProperty(`${spec.kind}.${name}`, o, inputProperties);
    if (o.secret) p.secret = true;
    properties[name] = p;
  }
  return {
    description: spec.description,
    inputProperties,
    requiredInputs: [...(json.required ?? [])],
    properties,
    required: Object.keys(properties),
  };
}

/** Recursively sort object keys so the output does not depend on insertion order. Arrays keep their order. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** The package schema, built from kinds.ts and inputs.ts. */
export function buildSchema(): PackageSchema {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    version: string;
    description: string;
    license: string;
  };
  const types: PackageSchema["types"] = {};
  for (const [name, e] of Object.entries(ENUMS)) {
    const docs: Record<string, string> = e.valueDocs;
    types[`${PACKAGE_NAME}:index:${name}`] = {
      type: "string",
      description: e.description,
      enum: e.values.map((v) => ({ name: v, value: v, description: docs[v] })),
    };
  }
  const resources: Record<string, ResourceSpec> = {};
  for (const kind of Object.keys(KINDS) as ResourceKind[])
    resources[packageToken(kind)] = resourceSpec(KINDS[kind], types);
  const variables: Record<string, PropertySpec> = {};
  for (const key of STACK_CONFIG_KEYS) {
    const v: PropertySpec = {
      type: "string",
      description: `What the stack config key \`${key}\` is to the TypeScript (dynamic) resources; the same environment variables apply.`,
    };
    if (SECRET_CONFIG_KEYS.includes(key)) v.secret = true;
    variables[providerConfigName(key)] = v;
  }
  return {
    name: PACKAGE_NAME,
    displayName: "Cloud kubeconfig (Huawei Cloud, Tencent Cloud)",
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    keywords: ["pulumi", "kubernetes", "kubeconfig", "huaweicloud", "tencentcloud", "category/cloud"],
    config: { variables },
    // Names of the SDKs `pulumi-codegen` (tools/pulumi) generates from this schema (docs/native-provider.md); each
    // SDK carries the schema's version, so programs ask the engine for the plugin of that version.
    language: {
      nodejs: { packageName: NATIVE_SDK.nodejs, respectSchemaVersion: true },
      python: { packageName: NATIVE_SDK.python, respectSchemaVersion: true },
      // The root package's Go name: the package name has a hyphen, which a Go identifier cannot.
      go: {
        importBasePath: NATIVE_SDK.go,
        packageImportAliases: { [`${NATIVE_SDK.go}/${PACKAGE}`]: "cloudkubeconfig" },
        respectSchemaVersion: true,
      },
      csharp: { rootNamespace: NATIVE_SDK.csharp, respectSchemaVersion: true },
    },
    provider: {
      description: `The ${PACKAGE} provider: credentials, regions and endpoints for its resources.`,
      inputProperties: variables,
    },
    types,
    resources,
  };
}

/** schema.json text: sorted keys, 2-space indent, trailing newline. */
export function renderSchema(schema: PackageSchema): string {
  return JSON.stringify(sortKeys(schema), null, 2) + "\n";
}

/** The named type of a property (`HuaweiEndpoint`), or its primitive type. */
export function typeLabel(p: PropertySpec): string {
  if (p.$ref) return p.$ref.split(":").pop() as string;
  if (p.type === "array") return `${p.items?.type}[]`;
  return p.type as string;
}

/** An input's description with what its flags mean for the user (the README cell, the SDK's TSDoc). */
export function inputDoc(p: PropertySpec): string {
  const notes = [p.replaceOnChanges ? "Changing it replaces the resource." : "", p.secret ? "Secret." : ""]
    .filter((n) => n && !p.description.includes(n))
    .join(" ");
  return notes ? `${p.description} ${notes}` : p.description;
}

/** Markdown cell text: one line, pipes escaped. */
function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/** The README block: per resource, an inputs table and an outputs table, in kinds.ts order. */
export function renderResourceTables(schema: PackageSchema): string {
  const lines: string[] = [];
  for (const [token, r] of Object.entries(schema.resources)) {
    const name = token.split(":").pop() as ResourceKind;
    const tokens = `Type token: \`${token}\` (provider plugin), \`${typeToken(name)}\` (dynamic resource)`;
    lines.push(`### ${name}`, "", cell(r.description), "", tokens, "");
    lines.push("Inputs:", "", "| Name | Type | Required | Description |", "| --- | --- | --- | --- |");
    for (const [k, p] of Object.entries(r.inputProperties)) {
      const required = r.requiredInputs.includes(k) ? "yes" : "no";
      lines.push(`| \`${k}\` | ${typeLabel(p)} | ${required} | ${cell(inputDoc(p))} |`);
    }
    lines.push("", "Outputs:", "", "| Name | Type | Description |", "| --- | --- | --- |");
    for (const [k, p] of Object.entries(r.properties)) {
      lines.push(`| \`${k}\` | ${typeLabel(p)}${p.secret ? " (secret)" : ""} | ${cell(p.description)} |`);
    }
    lines.push("");
  }
  for (const [token, t] of Object.entries(schema.types)) {
    const name = token.split(":").pop() as string;
    lines.push(`### ${name}`, "", cell(t.description), "");
    if ("enum" in t) {
      lines.push("| Value | Meaning |", "| --- | --- |");
      for (const e of t.enum) lines.push(`| \`${e.value}\` | ${cell(e.description)} |`);
    } else {
      lines.push("| Name | Type | Required | Description |", "| --- | --- | --- | --- |");
      for (const [k, p] of Object.entries(t.properties)) {
        lines.push(
          `| \`${k}\` | ${typeLabel(p)} | ${(t.required ?? []).includes(k) ? "yes" : "no"} | ${cell(p.description)} |`,
        );
      }
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** README text with the generated block replaced; throws when the markers are missing. */
export function spliceReadme(readme: string, block: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md lacks the ${README_BEGIN} / ${README_END} markers`);
  return `${readme.slice(0, begin + README_BEGIN.length)}\n\n${block}\n${readme.slice(end)}`;
}
