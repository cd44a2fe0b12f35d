/**
 * The endpoints a vendor document offers, labelled as the source's descriptor says (sources.ts). A source whose
 * documents name several endpoints (`by-name`) labels an entry by its context name first, then by its cluster
 * name, then by the cluster's properties. A source whose API call chose the endpoint (`by-call`) keeps the
 * context (or cluster) name; `selectEndpoint` labels the entry with the endpoint asked for.
 */
import { isTruthyBoolish } from "./boolish";
import { nonEmpty } from "./normalize-cluster";
import { KUBECONFIG_SOURCES } from "./sources";
import { KubeconfigSource, KubeconfigSourceDescriptor } from "./types";
import { VendorCluster, VendorKubeconfig } from "./vendor-schema";

/** One usable (cluster, user) pair of a vendor document. */
export interface EndpointEntry {
  /** Canonical endpoint name (`internal`, `external`, `externalTLSVerify`, or a name from the document). */
  endpoint: string;
  /** Context that names this pair, if any. */
  contextName?: string;
  clusterName: string;
  clusterIndex: number;
  userName?: string;
  /** Index into `users`; undefined when the document has no matching user. */
  userIndex?: number;
  /** Namespace set in the vendor context. */
  namespace?: string;
  /** insecure-skip-tls-verify is set (or unreadable, counted as set). */
  insecure: boolean;
  /** This is the document's `current-context`. */
  current: boolean;
}

/** Lists the endpoints of a parsed vendor document, in document order (contexts, then unreferenced clusters). */
export function listEndpoints(doc: VendorKubeconfig, source: KubeconfigSource): EndpointEntry[] {
  const clusters = doc.clusters;
  const users = doc.users || [];
  const contexts = doc.contexts || [];
  const current = nonEmpty(doc["current-context"]);
  const descriptor = KUBECONFIG_SOURCES[source];
  const referenced = new Set<number>();
  const entries: EndpointEntry[] = [];

  const findUser = (name: string | undefined): number | undefined => {
    const byName = name === undefined ? -1 : users.findIndex((u) => u.name === name);
    if (byName >= 0) return byName;
    // Vendors issue one user per document (CCE fixes its name to `user`); use it when the reference is off.
    return users.length === 1 ? 0 : undefined;
  };

  contexts.forEach((ctx) => {
    const clusterIndex = clusters.findIndex((c) => c.name === ctx.context.cluster);
    if (clusterIndex < 0) return; // a context pointing nowhere offers no endpoint
    referenced.add(clusterIndex);
    const cluster = clusters[clusterIndex];
    const userIndex = findUser(nonEmpty(ctx.context.user));
    const entry: EndpointEntry = {
      endpoint: labelFor(descriptor, ctx.name, cluster.name, cluster.cluster),
      contextName: ctx.name,
      clusterName: cluster.name,
      clusterIndex,
      insecure: isTruthyBoolish(cluster.cluster["insecure-skip-tls-verify"]),
      current: current !== undefined && ctx.name === current,
    };
    if (userIndex !== undefined) {
      entry.userIndex = userIndex;
      entry.userName = users[userIndex].name;
    }
    const namespace = nonEmpty(ctx.context.namespace);
    if (namespace !== undefined) entry.namespace = namespace;
    entries.push(entry);
  });

  clusters.forEach((cluster, clusterIndex) => {
    if (referenced.has(clusterIndex)) return;
    const userIndex = findUser(undefined);
    const entry: EndpointEntry = {
      endpoint: labelFor(descriptor, undefined, cluster.name, cluster.cluster),
      clusterName: cluster.name,
      clusterIndex,
      insecure: isTruthyBoolish(cluster.cluster["insecure-skip-tls-verify"]),
      current: false,
    };
    if (userIndex !== undefined) {
      entry.userIndex = userIndex;
      entry.userName = users[userIndex].name;
    }
    entries.push(entry);
  });
  return entries;
}

function labelFor(
  d: KubeconfigSourceDescriptor,
  contextName: string | undefined,
  clusterName: string,
  cluster: VendorCluster,
): string {
  if (d.selection === "by-call") return contextName !== undefined ? contextName : clusterName;
  if (contextName !== undefined && d.endpointNames.includes(contextName)) return contextName;
  if (Object.prototype.hasOwnProperty.call(d.clusterNames, clusterName)) return d.clusterNames[clusterName];
  const p = d.byProperties;
  if (isTruthyBoolish(cluster["insecure-skip-tls-verify"])) return p.insecure;
  // A private address: RFC 1918 or IPv6 ULA.
  return isPrivateHost(hostOf(cluster.server)) ? p.privateAddress : p.publicAddress;
}

function hostOf(server: string | null | undefined): string {
  try {
    return new URL(server || "").hostname.replace(/^\[|\]$/g, "");
  } catch {
    return "";
  }
}

function isPrivateHost(host: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  return /^f[cd][0-9a-f]{2}:/i.test(host);
}
