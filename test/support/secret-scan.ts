import { createPrivateKey } from "node:crypto";
/**
 * One secret scanner for every test tier: serialize whatever might leak (an error with its whole
 * cause chain, a log, outputs) with `collectText`, then `expectNoSecrets` fails naming the secret by
 * label, never printing its value or the text around it.
 */

/** Serializes a value for scanning: errors with name, message, stack, own props and the full cause chain. */
export function collectText(value: unknown): string {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12) return;
    if (v === null || v === undefined) return;
    if (typeof v === "string") {
      out.push(v);
      return;
    }
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" || typeof v === "symbol") {
      out.push(String(v));
      return;
    }
    if (typeof v === "function") return;
    if (seen.has(v)) return;
    seen.add(v);
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
      out.push(Buffer.from(v).toString("utf8"));
      return;
    }
    if (isErrorLike(v)) {
      out.push(String(v.name), String(v.message), String(v.stack || ""));
      const tj = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof tj === "function") walk(tj.call(v), depth + 1);
    }
    if (v instanceof Map) {
      for (const [k, val] of v) {
        walk(k, depth + 1);
        walk(val, depth + 1);
      }
      return;
    }
    if (v instanceof Set || Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
      return;
    }
    // Own properties, enumerable or not (Error `cause`, `errors`, `code`, anything a library attached).
    for (const k of Object.getOwnPropertyNames(v)) {
      let val: unknown;
      try {
        val = (v as Record<string, unknown>)[k];
      } catch {
        continue;
      }
      if (k !== "stack" && k !== "message") out.push(k);
      walk(val, depth + 1);
    }
    if (isErrorLike(v) && !Object.getOwnPropertyNames(v).includes("cause")) {
      walk((v as { cause?: unknown }).cause, depth + 1);
    }
  };
  walk(value, 0);
  return out.join("\n");
}

/** Duck-typed so errors from another realm (Node internals under Jest's VM) count as errors. */
function isErrorLike(v: unknown): v is Error {
  return typeof v === "object" && v !== null && typeof (v as Error).message === "string" && "stack" in v;
}

/** Minimum length of a leaked fragment that counts (shorter pieces collide with ordinary text). */
export const MIN_FRAGMENT = 12;

/** Describes how a secret appears in `text`, or `undefined` when it does not. Exported for self-tests. */
export function findSecret(text: string, secret: string): string | undefined {
  if (!secret) return undefined;
  if (text.includes(secret)) return "verbatim";
  for (let i = 0; i + MIN_FRAGMENT <= secret.length; i++) {
    if (text.includes(secret.slice(i, i + MIN_FRAGMENT))) return `a ${MIN_FRAGMENT}+ character substring`;
  }
  // Base64 at each of the three byte alignments; the last group depends on the bytes that follow, so drop it.
  const bytes = Buffer.from(secret, "utf8");
  for (let shift = 0; shift < 3 && shift < bytes.length; shift++) {
    const usable = bytes.length - shift - ((bytes.length - shift) % 3);
    if (usable <= 0) continue;
    const chunk = bytes.subarray(shift, shift + usable);
    for (const enc of [chunk.toString("base64"), chunk.toString("base64url")]) {
      const win = Math.min(enc.length, 16);
      for (let i = 0; i + win <= enc.length; i++) {
        if (text.includes(enc.slice(i, i + win))) return "base64";
      }
    }
  }
  return undefined;
}

/**
 * Fails when any secret (or a 12+ character piece of it, or its base64 form) appears in `textOrValue`.
 * `secrets` is a list (labelled by position) or a `{ label: value }` map; the failure names labels only.
 */
export function expectNoSecrets(textOrValue: unknown, secrets: string[] | Record<string, string>): void {
  const text = typeof textOrValue === "string" ? textOrValue : collectText(textOrValue);
  const entries: Array<[string, string]> = Array.isArray(secrets)
    ? secrets.map((s, i) => [`secret #${i + 1}`, s])
    : Object.keys(secrets).map((k) => [k, secrets[k]]);
  const leaks: string[] = [];
  for (const [label, value] of entries) {
    const how = findSecret(text, value);
    if (how) leaks.push(`${label} (${how})`);
  }
  if (leaks.length > 0) throw new Error(`secret leaked: ${leaks.join(", ")}`);
}

/**
 * The secret part of the client key in a kubeconfig (the private scalar, JWK `d`, base64url), for scans. Not
 * the whole PKCS#8 text: its algorithm header is the same for every key of the curve and every certificate of
 * that curve carries it too, so it would match falsely.
 */
export function privateKeyOf(kubeconfig: string): string {
  const m = /client-key-data: (\S+)/.exec(kubeconfig);
  if (!m) throw new Error("kubeconfig has no client-key-data");
  const jwk = createPrivateKey(Buffer.from(m[1], "base64").toString("utf8")).export({ format: "jwk" });
  return String(jwk.d);
}
