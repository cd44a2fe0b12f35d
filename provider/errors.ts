/**
 * The root of every error this package throws on purpose (undici's style): one base class, a stable string
 * `code` per subclass that callers and tests can switch on, and `cause` chaining with the standard
 * `{ cause }` option. Messages name what failed and never carry a secret. docs/CONTRACTS.md "Errors" lists
 * every class with its code and when it is thrown. The vendor call errors are in provider/http/errors.ts, the
 * kubeconfig core's in provider/kubeconfig/errors.ts, `CreatedButIncompleteError` with the resources.
 *
 * Pure: no imports, so every layer (transport, vendor clients, kubeconfig core, resources) can use it.
 */

/** Options of every error in the hierarchy. */
export interface CloudKubeconfigErrorOptions {
  /** The error this one wraps; kept as the standard, non-enumerable `cause`. */
  cause?: unknown;
}

/** Base class of the hierarchy. `code` is stable per subclass; the message is for people. */
export class CloudKubeconfigError extends Error {
  /** Stable machine-readable code of the error class. */
  readonly code: string = "CKC_ERROR";

  constructor(message: string, options: CloudKubeconfigErrorOptions = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
  }
}

/**
 * A value given to this package (a setting, an endpoint override, an API path parameter) cannot be used. Thrown
 * before anything is sent; the message names the value's setting or parameter, never the value when it may be
 * secret.
 */
export class InvalidInputError extends CloudKubeconfigError {
  override readonly code: string = "INVALID_INPUT";
}

/** Why a {@link SettingsError} was thrown. */
export type SettingsErrorCode =
  "CREDENTIALS_NOT_FOUND" | "CREDENTIALS_INCOMPLETE" | "INVALID_SETTING" | "SETTING_NOT_FOUND";

/**
 * Credentials missing or incomplete, or a setting that is not valid. The message names keys, variables and
 * inputs, never values. The vendors' resolvers throw their own subclass (`HuaweiCredentialsError`,
 * `TencentCredentialsError`).
 */
export class SettingsError extends CloudKubeconfigError {
  override readonly code: SettingsErrorCode;
  /** Every place looked, by name (for an invalid setting: where the value came from). */
  readonly lookedIn: string[];
  /** The setting at fault, e.g. `credentials`, `region`, `endpoints`. */
  readonly setting: string;

  constructor(code: SettingsErrorCode, message: string, lookedIn: string[], setting = "credentials") {
    super(message);
    this.code = code;
    this.lookedIn = lookedIn;
    this.setting = setting;
  }
}

/**
 * The state of the world does not allow the step: an object this resource needs is missing or belongs to
 * someone else, or the state lacks what the step needs. Nothing was changed by the failing step.
 */
export class PreconditionError extends CloudKubeconfigError {
  override readonly code: string = "PRECONDITION_FAILED";
}
