import { CloudKubeconfigError } from "../errors";
import { redact } from "../http/redact";
import { CreatedButIncompleteError } from "./created-but-incomplete";

/** Fields of a vendor error that the boundary keeps (names, codes and ids; never a secret). */
const KEPT = ["vendor", "operation", "status", "vendorCode", "requestId", "retryable"] as const;

/**
 * A failed lifecycle call as the engine prints it: `<Kind> <step>: <cause message>`. `code` and the vendor
 * fields are the cause's (`INTERNAL` when the cause is not one of this package's errors); `cause` is the error
 * itself.
 */
export class ResourceCallError extends CloudKubeconfigError {
  override readonly code: string;
  readonly vendor?: string;
  readonly operation?: string;
  readonly status?: number;
  readonly vendorCode?: string;
  readonly requestId?: string;
  readonly retryable?: boolean;

  constructor(message: string, cause: unknown) {
    super(message, { cause });
    const e = (cause && typeof cause === "object" ? cause : {}) as Record<string, unknown>;
    this.code = typeof e.code === "string" ? e.code : "INTERNAL";
    const fields = this as unknown as Record<string, unknown>;
    for (const k of KEPT) if (e[k] !== undefined) fields[k] = e[k];
  }
}

/**
 * The error the provider boundary hands to Pulumi for a failed call. Vendor errors already name the operation,
 * code, message and request id; everything passes through `redact()` once more. A
 * {@link CreatedButIncompleteError} stays one (same id and properties object), so the dynamic-provider server
 * reports Pulumi's init failure and nothing is orphaned.
 */
export function describeError(kind: string, step: string, err: unknown): Error {
  const message = redact(`${kind} ${step}: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof CreatedButIncompleteError) {
    return new CreatedButIncompleteError(message, err.id, err.properties, { cause: err });
  }
  return new ResourceCallError(message, err);
}
