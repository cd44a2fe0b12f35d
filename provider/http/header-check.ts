/**
 * Header values are checked before sending, so a credential with a pasted line break or zero-width space
 * fails with the header's name (and the setting it came from) instead of undici's `UND_ERR_INVALID_ARG`.
 * Messages describe the offending character, never the value.
 */
import { describeSecretValuesIn } from "./secret-values";

/** What undici (and RFC 9110 §5.5 field-value) accepts: tab, visible ASCII, space, and obs-text 0x80-0xFF. */
const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
/** RFC 9110 §5.6.2 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Invisible characters that come along when a value is copied from a web console or a document. */
const INVISIBLE: Record<number, string> = {
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x2060: "word joiner",
  0xfeff: "byte order mark",
};

/** Why `headers` cannot be sent (naming the header and, when known, the setting), or `undefined`. */
export function invalidHeaderReason(headers: Record<string, string>): string | undefined {
  for (const name of Object.keys(headers)) {
    if (!HEADER_NAME.test(name))
      return `a header name is not a valid HTTP token (${JSON.stringify(name.slice(0, 40))})`;
    const value = headers[name];
    const m = INVALID_VALUE_CHAR.exec(value);
    if (!m) continue;
    const char = describeChar(value.codePointAt(m.index) as number);
    const from = describeSecretValuesIn(value, (v) => INVALID_VALUE_CHAR.test(v));
    const origin = from.length > 0 ? `; check the ${from.join(" and the ")}` : "";
    return `header ${name} contains ${char}, which an HTTP header cannot carry${origin}; nothing was sent`;
  }
  return undefined;
}

function describeChar(cp: number): string {
  const u = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  if (cp === 0x0d || cp === 0x0a) return `a line break (CR/LF)`;
  if (cp < 0x20 || cp === 0x7f) return `a control character ${u}`;
  if (INVISIBLE[cp]) return `an invisible ${INVISIBLE[cp]} ${u} (often pasted along with a copied value)`;
  return `the character ${u}, which is outside Latin-1`;
}
