import { redact } from "../http/redact";

/**
 * What the engine prints for a failed call: `<Kind> <step>: <cause message>`. Vendor errors already name the
 * operation, code, message and request id; everything passes through `redact()` once more. Errors carrying
 * `{ id, properties, reasons }` (a created-but-failed resource, so nothing is orphaned) keep those fields.
 */
export function describeError(kind: string, step: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const out = new Error(redact(`${kind} ${step}: ${message}`)) as Error & Record<string, unknown>;
  if (err && typeof err === "object") {
    const e = err as Record<string, unknown>;
    for (const k of ["code", "vendor", "operation", "status", "vendorCode", "requestId", "retryable"]) {
      if (e[k] !== undefined) out[k] = e[k];
    }
    if (typeof e.id === "string" && e.id) {
      // The engine prints an init failure's reasons, not its message: the reason is the whole message.
      out.id = e.id;
      out.properties = e.properties;
      out.reasons = [out.message];
    }
  }
  return out;
}
