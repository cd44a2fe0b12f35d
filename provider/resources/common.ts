/** Small pieces the five resources share. */
import { load } from "js-yaml";
import { resolveHuaweiCredentials } from "../huaweicloud/credentials";
import {
  inspectClientCertificate,
  prepareKubeconfig,
  type KubeconfigSource,
  type PreparedKubeconfig,
} from "../kubeconfig";
import { resolveTencentCredentials } from "../tencentcloud/credentials";
import type { CheckFailure, Inputs, Outputs } from "./lifecycle";
import { getStackConfig } from "./settings";

/** Normalizes a vendor document with the names and endpoint the user asked for. */
export function prepare(
  source: KubeconfigSource,
  document: unknown,
  inputs: Inputs,
  endpoint?: string,
): PreparedKubeconfig {
  const context: string | undefined = inputs.contextName;
  return prepareKubeconfig({
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
  });
}

/** A `check` failure when no credentials can be found anywhere (message lists names of places, never values). */
export function credentialsFailure(vendor: "huaweicloud" | "tencentcloud", inputs: Inputs): CheckFailure[] {
  try {
    const config = getStackConfig();
    if (vendor === "huaweicloud")
      resolveHuaweiCredentials({ explicit: inputs.credentials ?? {}, config, env: process.env });
    else resolveTencentCredentials({ explicit: inputs.credentials ?? {}, config, env: process.env });
    return [];
  } catch (err) {
    return [{ property: "credentials", reason: err instanceof Error ? err.message : String(err) }];
  }
}

/** Subject CN of the client certificate in our own (normalized) kubeconfig output. */
export function clientCertificateSubject(outputs: Outputs): string | undefined {
  if (typeof outputs.kubeconfig !== "string" || !outputs.kubeconfig) return undefined;
  const doc = load(outputs.kubeconfig) as { users?: Array<{ user?: Record<string, string> }> };
  const data = doc?.users?.[0]?.user?.["client-certificate-data"];
  return data ? inspectClientCertificate(data).subjectCommonName : undefined;
}
