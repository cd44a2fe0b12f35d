/**
 * A create that made something at the vendor and then failed. The dynamic-provider server turns an error with
 * `id` and `properties` into Pulumi's init failure, so the engine records the resource with these properties and
 * a later `pulumi up` finishes it or `pulumi destroy` removes what was made.
 */
export class CreatedButIncompleteError extends Error {
  readonly code = "CREATED_BUT_INCOMPLETE";
  readonly reasons: string[];

  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
  ) {
    super(message);
    this.name = "CreatedButIncompleteError";
    // What the engine prints for an init failure: the whole message (the operation, the id, what to run next).
    this.reasons = [message];
  }
}
