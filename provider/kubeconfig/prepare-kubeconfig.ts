/**
 * The whole pipeline: parse the vendor document, choose the endpoint, normalize cluster and user
 * for client-go, read the client certificate, serialize one context. Every failure is a
 * `KubeconfigError`; anything else escaping from here is a bug.
 */
import { clusterIdentifier, vendorOf } from "./cluster-identifier";
import { KubeconfigError } from "./errors";
import { certificateInfo } from "./inspect-client-certificate";
import { listEndpoints } from "./list-endpoints";
import { normalizeCluster } from "./normalize-cluster";
import { normalizeUser } from "./normalize-user";
import { parseVendorKubeconfig } from "./parse-vendor-kubeconfig";
import { selectEndpoint } from "./select-endpoint";
import { serializeKubeconfig } from "./serialize-kubeconfig";
import { KUBECONFIG_SOURCES } from "./sources";
import { KubeconfigSource, PrepareKubeconfigInput, PrepareKubeconfigOptions, PreparedKubeconfig } from "./types";

const SOURCES = Object.keys(KUBECONFIG_SOURCES) as KubeconfigSource[];
// Kubernetes namespace names are DNS-1123 labels.
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Turns a vendor kubeconfig into a normalized single-context kubeconfig plus its facts.
 * Throws `KubeconfigError`. `opts.now` is accepted for the contract; no rule here depends on time.
 */
export function prepareKubeconfig(input: PrepareKubeconfigInput, _opts?: PrepareKubeconfigOptions): PreparedKubeconfig {
  checkInput(input);
  const doc = parseVendorKubeconfig(input.document);
  const entry = selectEndpoint(listEndpoints(doc, input.source), input.source, input.endpoint);

  const clusterPath = `clusters[${entry.clusterIndex}].cluster`;
  const cluster = normalizeCluster(doc.clusters[entry.clusterIndex].cluster, clusterPath);
  if (entry.userIndex === undefined) {
    const via = entry.contextName !== undefined ? `context "${entry.contextName}"` : `cluster "${entry.clusterName}"`;
    throw new KubeconfigError("NO_CREDENTIALS", `users: no user found for ${via}`, { path: "users" });
  }
  const userPath = `users[${entry.userIndex}].user`;
  const users = doc.users || [];
  const user = normalizeUser(users[entry.userIndex].user, userPath);
  const certificate =
    user.clientCertificate !== undefined
      ? certificateInfo(user.clientCertificate, `${userPath}.client-certificate-data`)
      : undefined;

  const names = input.names || {};
  const clusterName = names.cluster !== undefined ? names.cluster : `${input.source}-${input.clusterId}`;
  const userName = names.user !== undefined ? names.user : `${clusterName}-user`;
  const contextName = names.context !== undefined ? names.context : clusterName;
  const namespace = input.namespace !== undefined ? input.namespace : entry.namespace;

  const yaml = serializeKubeconfig({ clusterName, userName, contextName, namespace, cluster, user });
  const out: PreparedKubeconfig = {
    yaml,
    server: cluster.server,
    endpoint: entry.endpoint,
    contextName,
    clusterName,
    userName,
    insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
    authType: user.authType,
    clusterIdentifier: clusterIdentifier({
      vendor: vendorOf(input.source),
      source: input.source,
      clusterId: input.clusterId,
      endpoint: entry.endpoint,
    }),
  };
  if (cluster.certificateAuthorityData !== undefined) out.certificateAuthorityData = cluster.certificateAuthorityData;
  if (certificate !== undefined) out.certificate = certificate;
  return out;
}

function checkInput(input: PrepareKubeconfigInput): void {
  if (input === null || typeof input !== "object") invalid("input", "must be an object");
  if (!SOURCES.includes(input.source)) invalid("source", `must be one of ${SOURCES.join(", ")}`);
  if (typeof input.clusterId !== "string" || input.clusterId.trim() === "")
    invalid("clusterId", "must be a non-empty string");
  if (input.endpoint !== undefined && (typeof input.endpoint !== "string" || input.endpoint === "")) {
    invalid("endpoint", "must be a non-empty string when given");
  }
  const names = input.names;
  if (names !== undefined) {
    if (names === null || typeof names !== "object") invalid("names", "must be an object");
    for (const key of ["context", "cluster", "user"] as const) {
      const v = names[key];
      if (v !== undefined && (typeof v !== "string" || v.trim() === ""))
        invalid(`names.${key}`, "must be a non-empty string when given");
    }
  }
  if (input.namespace !== undefined && (typeof input.namespace !== "string" || !NAMESPACE.test(input.namespace))) {
    invalid("namespace", "must be a DNS-1123 label (lower-case letters, digits, '-', at most 63 characters)");
  }
}

function invalid(path: string, problem: string): never {
  throw new KubeconfigError("INVALID_INPUT", `${path} ${problem}`, { path });
}
