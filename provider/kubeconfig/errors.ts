import { CloudKubeconfigError } from "../errors";

/**
 * The one error type of the kubeconfig core (a {@link CloudKubeconfigError}). Messages name the path of the problem
 * (`clusters[1].cluster.certificate-authority-data`) and never any value of a key, certificate or
 * token field: callers may log them and put them into Pulumi diagnostics as they are.
 */
export type KubeconfigErrorCode =
  /** The document (or an input field) does not have the shape of a kubeconfig. */
  | "MALFORMED"
  /** The requested endpoint (or, by default, a secure one) is not in the document. */
  | "ENDPOINT_NOT_FOUND"
  /** Only insecure (insecure-skip-tls-verify) endpoints exist and none was asked for by name. */
  | "INSECURE_NOT_REQUESTED"
  /** A `*-data` field is not valid standard base64. */
  | "BAD_BASE64"
  /** A CA or client certificate field does not decode to a PEM certificate. */
  | "BAD_CERTIFICATE"
  /** A client key field does not decode to a PEM private key. */
  | "BAD_KEY"
  /** The selected user has neither a client certificate and key nor a token. */
  | "NO_CREDENTIALS"
  /** The vendor's kubeconfig asks for something unsafe: plain http, credentials in the URL, a proxy. */
  | "UNSAFE"
  /** A caller input of `prepareKubeconfig` is invalid (e.g. an empty clusterId). */
  | "INVALID_INPUT";

export interface KubeconfigErrorDetails {
  /** Path of the offending field inside the vendor document or the input. */
  path?: string;
  /** Endpoint names the document offers (for ENDPOINT_NOT_FOUND / INSECURE_NOT_REQUESTED). */
  available?: string[];
}

/** Every failure of `prepareKubeconfig` and its building blocks. */
export class KubeconfigError extends CloudKubeconfigError {
  /** Stable machine-readable code, see {@link KubeconfigErrorCode}. */
  override readonly code: KubeconfigErrorCode;
  /** Path of the offending field, e.g. `clusters[1].cluster.certificate-authority-data`. */
  readonly path?: string;
  /** Endpoint names the document offers, when the failure is about endpoint choice. */
  readonly available?: string[];

  constructor(code: KubeconfigErrorCode, message: string, details: KubeconfigErrorDetails = {}) {
    super(message);
    this.code = code;
    if (details.path !== undefined) this.path = details.path;
    if (details.available !== undefined) this.available = details.available.slice();
  }

  /** Plain, secret-free view for logs and tests. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, path: this.path, available: this.available };
  }
}
