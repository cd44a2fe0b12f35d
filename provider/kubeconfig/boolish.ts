import { KubeconfigError } from "./errors";

/**
 * Reads a vendor boolean that may arrive as a string: UCS documents `insecure-skip-tls-verify` as
 * String, CCE as Boolean (docs/vendor-apis.md §1). Empty string and null mean "not set".
 * Throws `MALFORMED` naming `path` for any other string.
 */
export function parseBoolish(value: boolean | string | null | undefined, path: string): boolean | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "boolean") return value;
  const s = value.trim().toLowerCase();
  if (s === "") return undefined;
  if (s === "true") return true;
  if (s === "false") return false;
  throw new KubeconfigError("MALFORMED", `${path} must be true or false`, { path });
}

/** Like {@link parseBoolish} but never throws: an unreadable value counts as `true` (the cautious reading). */
export function isTruthyBoolish(value: boolean | string | null | undefined): boolean {
  try {
    return parseBoolish(value, "") === true;
  } catch {
    return true;
  }
}
