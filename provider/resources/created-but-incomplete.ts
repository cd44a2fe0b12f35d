import { CloudKubeconfigError, type CloudKubeconfigErrorOptions } from "../errors";

/**
 * A create that made something at the vendor and then failed. The provider boundary (provider/index.ts) hands it
 * to Pulumi as an init failure (`id`, `properties`, `reasons`), so the engine records the resource with these
 * properties and a later `pulumi up` finishes it or `pulumi destroy` removes what was made.
 */
export class CreatedButIncompleteError extends CloudKubeconfigError {
  override readonly code = "CREATED_BUT_INCOMPLETE";
  /** What the engine prints for an init failure: the whole message (the operation, the id, what to run next). */
  readonly reasons: string[];

  constructor(
    message: string,
    /** The id the engine records the resource under. */
    readonly id: string,
    /** The outputs recorded with it (what was made, so destroy can remove it). */
    readonly properties: Record<string, unknown>,
    options: CloudKubeconfigErrorOptions = {},
  ) {
    super(message, options);
    this.reasons = [message];
  }
}
