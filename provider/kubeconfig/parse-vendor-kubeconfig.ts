/**
 * Turns whatever a vendor API handed over into a type-checked kubeconfig document.
 *
 * Tolerated drift (docs/vendor-apis.md §3 "Response shape drift", §5): a parsed JSON object, a JSON
 * string (also double-encoded), file content as Buffer/Uint8Array, YAML text (TKE's `Kubeconfig`
 * is a kubeconfig *file*), a TKE response object `{ Kubeconfig }` / `{ Response: { Kubeconfig } }`,
 * and the "[Array] of strings" form (lines of the file, or a one-element array).
 * Parser messages are never copied into errors: JSON and YAML parsers quote the input.
 */
import { CORE_SCHEMA, load } from "js-yaml";
import { KubeconfigError } from "./errors";
import { formatPath } from "./paths";
import { VendorKubeconfig, vendorKubeconfigSchema } from "./vendor-schema";

const MAX_UNWRAP_DEPTH = 4;

/** Parses and type-checks a vendor kubeconfig. Throws `KubeconfigError` (`MALFORMED`). */
export function parseVendorKubeconfig(document: unknown): VendorKubeconfig {
  const value = unwrap(document, 0);
  const result = vendorKubeconfigSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = formatPath(issue.path);
  throw new KubeconfigError("MALFORMED", `vendor kubeconfig is malformed at ${path}: ${describeIssue(issue)}`, {
    path,
  });
}

function unwrap(value: unknown, depth: number): unknown {
  if (depth > MAX_UNWRAP_DEPTH) throw malformed("document is nested too deeply (encoded more than 4 times)");
  if (value instanceof Uint8Array) return unwrap(decodeUtf8(value), depth + 1);
  if (typeof value === "string") return unwrap(parseText(value), depth + 1);
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === "string")) return unwrap(value.join("\n"), depth + 1);
    if (value.length === 1) return unwrap(value[0], depth + 1);
    throw malformed("document is an array, expected a kubeconfig object");
  }
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (!("clusters" in obj)) {
      // TKE DescribeClusterKubeconfig output, whole or just `Response` (docs/vendor-apis.md §5).
      const response = obj.Response;
      if (typeof obj.Kubeconfig === "string") return unwrap(obj.Kubeconfig, depth + 1);
      if (response !== null && typeof response === "object" && "Kubeconfig" in response) {
        return unwrap((response as Record<string, unknown>).Kubeconfig, depth + 1);
      }
    }
    return value;
  }
  throw malformed(`document is ${value === null ? "null" : typeof value}, expected a kubeconfig`);
}

function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

function parseText(raw: string): unknown {
  const text = raw.replace(/^\uFEFF/, "").trim();
  if (text === "") throw malformed("document is empty");
  const first = text[0];
  if (first === "{" || first === "[" || first === '"') {
    try {
      return JSON.parse(text);
    } catch {
      // No parser message: it quotes the input, which may hold key material.
      throw malformed("document is not valid JSON");
    }
  }
  try {
    // CORE_SCHEMA: no timestamps or other implicit types, only what JSON also has.
    return load(text, { schema: CORE_SCHEMA, json: true });
  } catch (e) {
    const line = lineOf(e);
    throw malformed(`document is neither JSON nor valid YAML${line === undefined ? "" : ` (line ${line})`}`);
  }
}

function lineOf(e: unknown): number | undefined {
  const mark = (e as { mark?: { line?: unknown } } | null)?.mark;
  return mark && typeof mark.line === "number" ? mark.line + 1 : undefined;
}

function malformed(message: string): KubeconfigError {
  return new KubeconfigError("MALFORMED", `vendor kubeconfig is malformed: ${message}`);
}

/** Describes a zod issue from its kind and expectation only: zod messages can quote values. */
function describeIssue(issue: { code: string; expected?: unknown; minimum?: unknown }): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${String(issue.expected)}`;
    case "too_small":
      return "must not be empty";
    case "invalid_union":
      return "has an unexpected type";
    default:
      return "invalid value";
  }
}
