import { dynamic, secret, type CustomResourceOptions, type Input, type Output } from "@pulumi/pulumi";

/** Outputs every resource of this package has. Kept in step with schema.json by a test. */
export const COMMON_OUTPUT_NAMES = [
  "kubeconfig",
  "server",
  "endpoint",
  "contextName",
  "clusterIdentifier",
  "certificateAuthorityData",
  "authType",
  "issuedAt",
  "expiresAt",
  "renewAt",
] as const;

/** Inputs shared by every resource: the shape of the kubeconfig produced and renewal. */
export interface KubeconfigShapeArgs {
  /** Name of the context (and, unless given, of the cluster and user entries) in the kubeconfig. */
  contextName?: Input<string>;
  /** Name of the cluster entry. Default: `contextName`. */
  clusterName?: Input<string>;
  /** Name of the user entry. Default: `<contextName>-user`. */
  userName?: Input<string>;
  /** Default namespace of the context. */
  namespace?: Input<string>;
  /**
   * Renew the credential this many days before its certificate expires: a plain `pulumi up` on or after
   * `renewAt` re-issues it. Default: a third of the certificate's lifetime (TKE: off).
   */
  renewBeforeDays?: Input<number>;
}

/**
 * Base of the five resources: declares the common outputs and makes `kubeconfig` and `credentials`
 * secret. Not exported from the package index; use the concrete classes.
 */
export abstract class KubeconfigResource extends dynamic.Resource {
  /** Normalized single-context kubeconfig (YAML). Secret. */
  declare public readonly kubeconfig: Output<string>;
  /** API server URL of the chosen endpoint. */
  declare public readonly server: Output<string>;
  /** The endpoint used (`internal`, `external`, `externalTLSVerify`, `intranet`, `extranet`). */
  declare public readonly endpoint: Output<string>;
  /** Name of the kubeconfig's only context. */
  declare public readonly contextName: Output<string>;
  /**
   * Stable identifier of the cluster and the requested endpoint (`<vendor>/<source>/<id>/<endpoint or default>`),
   * derived from the inputs only, so it is known during preview and unchanged by renewals. Pass it as the
   * Kubernetes provider's `clusterIdentifier` so a renewed credential never replaces the provider or its resources.
   */
  declare public readonly clusterIdentifier: Output<string>;
  /** Base64 CA bundle of the API server (empty when TLS verification is skipped). */
  declare public readonly certificateAuthorityData: Output<string>;
  /** `certificate` or `token`. */
  declare public readonly authType: Output<string>;
  /** When the credential was issued (RFC 3339, the certificate's notBefore). */
  declare public readonly issuedAt: Output<string>;
  /** When the credential expires (RFC 3339, the certificate's notAfter). */
  declare public readonly expiresAt: Output<string>;
  /** From this time (RFC 3339) on, `pulumi up` re-issues the credential; empty when renewal is off. */
  declare public readonly renewAt: Output<string>;

  protected constructor(
    module: "huaweicloud" | "tencentcloud",
    kind: string,
    provider: dynamic.ResourceProvider,
    name: string,
    args: object,
    extraOutputs: readonly string[],
    opts?: CustomResourceOptions,
  ) {
    const props: Record<string, unknown> = {};
    for (const o of [...COMMON_OUTPUT_NAMES, ...extraOutputs]) props[o] = undefined;
    for (const [k, v] of Object.entries(args)) if (v !== undefined) props[k] = v;
    if (props.credentials !== undefined) props.credentials = secret(props.credentials);
    const additionalSecretOutputs = [...(opts?.additionalSecretOutputs ?? []), "kubeconfig", "credentials"];
    super(provider, name, props, { ...opts, additionalSecretOutputs }, module, kind);
  }
}
