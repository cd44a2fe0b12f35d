/**
 * The CA bundle of a normalized single-context kubeconfig (what `prepareKubeconfig` writes): the state keeps it once,
 * inside the kubeconfig, and the `certificateAuthorityData` output is read from there.
 */
import { load } from "js-yaml";

/** The base64 `certificate-authority-data` of the kubeconfig's cluster; empty when it has none (TLS not verified). */
export function certificateAuthorityOf(kubeconfig: string): string {
  const doc = load(kubeconfig) as { clusters?: Array<{ cluster?: Record<string, unknown> }> } | undefined;
  const ca = doc?.clusters?.[0]?.cluster?.["certificate-authority-data"];
  return typeof ca === "string" ? ca : "";
}
