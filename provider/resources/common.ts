/**
 * Small pieces the five resources share. The kubeconfig core (and its YAML parser) is loaded by the first create
 * or read that needs it, not when a resource module loads for `check`.
 */
import type { KubeconfigSource, PreparedKubeconfig } from "../kubeconfig";
import type { ProviderContext } from "./context";
import type { Inputs, Outputs } from "./lifecycle";

/** Normalizes a vendor document with the names and endpoint the user asked for, at the context's time. */
export function prepare(
  ctx: ProviderContext,
  source: KubeconfigSource,
  document: unknown,
  inputs: Inputs,
  endpoint?: string,
): PreparedKubeconfig {
  const context: string | undefined = inputs.contextName;
  const { prepareKubeconfig } = require("../kubeconfig") as typeof import("../kubeconfig");
  return prepareKubeconfig(
    {
      source,
      document,
      endpoint: endpoint ?? inputs.endpoint,
      clusterId: source === "ucs-federation" ? inputs.clusterGroupId : inputs.clusterId,
      names: {
        context,
        cluster: inputs.clusterName ?? context,
        user: inputs.userName ?? (context ? `${context}-user` : undefined),
      },
      namespace: inputs.namespace,
    },
    { now: ctx.now },
  );
}

/** Subject CN of the client certificate in our own (normalized) kubeconfig output. */
export function clientCertificateSubject(outputs: Outputs): string | undefined {
  if (typeof outputs.kubeconfig !== "string" || !outputs.kubeconfig) return undefined;
  const { load } = require("js-yaml") as typeof import("js-yaml");
  const { inspectClientCertificate } = require("../kubeconfig") as typeof import("../kubeconfig");
  const doc = load(outputs.kubeconfig) as { users?: Array<{ user?: Record<string, string> }> };
  const data = doc?.users?.[0]?.user?.["client-certificate-data"];
  return data ? inspectClientCertificate(data).subjectCommonName : undefined;
}
