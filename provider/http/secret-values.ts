/**
 * The exact credential values this process resolved, so `redact()` can hide them in any message however a
 * vendor echoes them (`invalid security token <token>`, quoted, URL-encoded, JSON-escaped, base64), which
 * no pattern can recognise. The registry holds strings only, no live handle.
 */

/** Shorter values would match ordinary words; no vendor key, secret or token is this short. */
const MIN_LENGTH = 8;
/** Base64 pieces shorter than this are too common to replace safely. */
const MIN_BASE64 = 12;
const MARK = "[REDACTED]";

interface Registered {
  /** Name of the value in the object it was registered from, e.g. `securityToken`. */
  name?: string;
  /** Where it came from, names only, e.g. `stack config (huaweicloud:accessKey, ...)`. */
  source?: string;
}

const values = new Map<string, Registered>();
/** Every form of every value, longest first; rebuilt on registration. */
let forms: string[] = [];
/** URL-encoded forms compared case-insensitively (`%2f` and `%2F` are the same byte). */
let urlForms: RegExp[] = [];

/**
 * Registers resolved secret values (AK/SK, SecretId/SecretKey, security and auth tokens, private keys) so
 * every later `redact()` hides them. Pass an object (its keys name the values, e.g. a resolved credentials
 * object) or a list, and optionally where they came from (setting names, never values). Strings shorter
 * than 8 characters and non-strings are ignored.
 */
export function registerSecretValues(input: object, source?: string): void {
  const entries: Array<[string | undefined, unknown]> = Array.isArray(input)
    ? input.map((v): [undefined, unknown] => [undefined, v])
    : Object.keys(input).map((k): [string, unknown] => [k, (input as Record<string, unknown>)[k]]);
  let added = false;
  for (const [name, v] of entries) {
    if (typeof v !== "string" || v.length < MIN_LENGTH) continue;
    if (!values.has(v)) added = true;
    values.set(v, { name, source });
  }
  if (added) rebuild();
}

/** Forgets every registered value (tests). */
export function clearSecretValues(): void {
  values.clear();
  rebuild();
}

/** Replaces every registered value, in each of its encoded forms, with `[REDACTED]`. */
export function redactSecretValues(text: string): string {
  if (values.size === 0) return text;
  let out = text;
  for (const f of forms) if (out.includes(f)) out = out.split(f).join(MARK);
  for (const re of urlForms) out = out.replace(re, MARK);
  return out;
}

/**
 * Describes the registered values found in `text` (and accepted by `which`) by name and source, e.g.
 * `securityToken from stack config (huaweicloud:accessKey, ...)`; never the values themselves.
 */
export function describeSecretValuesIn(text: string, which: (value: string) => boolean = () => true): string[] {
  const out: string[] = [];
  values.forEach((r, v) => {
    if (!text.includes(v) || !which(v)) return;
    const what = r.name || "a credential";
    out.push(r.source ? `${what} from ${r.source}` : what);
  });
  return out;
}

function rebuild(): void {
  const all = new Set<string>();
  const url: string[] = [];
  values.forEach((_r, v) => {
    for (const f of encodings(v)) all.add(f);
    const u = encodeURIComponent(v);
    if (u !== v) url.push(u);
  });
  forms = Array.from(all).sort((a, b) => b.length - a.length);
  urlForms = url.sort((a, b) => b.length - a.length).map((u) => new RegExp(escapeRegExp(u), "gi"));
}

/** The value as is, URL-encoded, JSON-escaped and base64 (std and url alphabets) at each byte alignment. */
function encodings(v: string): string[] {
  const out = [v];
  const url = encodeURIComponent(v);
  out.push(url, url.replace(/%20/g, "+"));
  const json = JSON.stringify(v).slice(1, -1);
  out.push(json, json.replace(/\//g, "\\/"));
  const bytes = Buffer.from(v, "utf8");
  out.push(bytes.toString("base64"), bytes.toString("base64url"));
  // Inside a longer base64 text (`Basic base64(id:secret)`) the value starts at any byte alignment; the
  // groups made of its bytes alone are the same whatever surrounds it. Drop the partial groups at the ends.
  for (let shift = 0; shift < 3; shift++) {
    const usable = bytes.length - shift - ((bytes.length - shift) % 3);
    if (usable <= 0) continue;
    const chunk = bytes.subarray(shift, shift + usable);
    for (const enc of [chunk.toString("base64"), chunk.toString("base64url")]) {
      if (enc.length >= MIN_BASE64) out.push(enc);
    }
  }
  return out.filter((f) => f.length >= MIN_LENGTH);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
