/**
 * Writes the single-context kubeconfig. The object is built in a fixed key order and dumped with
 * options that make the bytes depend on the content only (no key sorting, no line folding, no
 * anchors), so the same input always gives the same YAML and Pulumi sees no spurious diff.
 */
import { dump, load } from "js-yaml";
import { NormalizedCluster } from "./normalize-cluster";
import { NormalizedUser } from "./normalize-user";

/** What goes into the kubeconfig. */
export interface KubeconfigParts {
  clusterName: string;
  userName: string;
  contextName: string;
  namespace?: string;
  cluster: NormalizedCluster;
  user: NormalizedUser;
}

/** Serializes one cluster, one user, one context, with `current-context` set. */
export function serializeKubeconfig(parts: KubeconfigParts): string {
  const c = parts.cluster;
  const cluster: Record<string, unknown> = { server: c.server };
  if (c.certificateAuthorityData !== undefined) cluster["certificate-authority-data"] = c.certificateAuthorityData;
  // Written only when true: client-go's default is false, and CA + insecure is refused (normalize-cluster.ts).
  if (c.insecureSkipTlsVerify) cluster["insecure-skip-tls-verify"] = true;
  if (c.disableCompression !== undefined) cluster["disable-compression"] = c.disableCompression;

  const context: Record<string, unknown> = { cluster: parts.clusterName, user: parts.userName };
  if (parts.namespace !== undefined) context.namespace = parts.namespace;

  const u = parts.user;
  const user: Record<string, unknown> = {};
  if (u.clientCertificateData !== undefined) user["client-certificate-data"] = u.clientCertificateData;
  if (u.clientKeyData !== undefined) user["client-key-data"] = u.clientKeyData;
  if (u.token !== undefined) user.token = u.token;

  const doc = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: parts.clusterName, cluster }],
    contexts: [{ name: parts.contextName, context }],
    "current-context": parts.contextName,
    preferences: {},
    users: [{ name: parts.userName, user }],
  };
  return dump(doc, { sortKeys: false, lineWidth: -1, noRefs: true, quotingType: '"' });
}

/** A kubeconfig user that runs a command for its credential (client-go's exec credential plugin). */
export interface ExecUser {
  command: string;
  args: string[];
}

/** What a user asks of the kubeconfig beyond what the vendor sent (the resources' inputs of the same names). */
export interface KubeconfigOptions {
  /** The user runs this command for its credential instead of holding one. */
  exec?: ExecUser;
  /** The cluster's `proxy-url`: client-go reaches the API server through this proxy. */
  proxyUrl?: string;
  /** The cluster's `tls-server-name`: the name the server certificate is checked against. */
  tlsServerName?: string;
  /** The user's `as`, `as-uid` and `as-groups`: requests impersonate this user (with that UID, in those groups). */
  impersonate?: { user?: string; uid?: string; groups?: readonly string[] };
}

/**
 * `yaml` (one of ours) with `options` applied: the exec user replaces the credential (client-go runs the command
 * when it needs one, `client.authentication.k8s.io/v1`, never interactive, so the kubeconfig holds no key or
 * token); the proxy and server name go into the cluster entry, impersonation into the user entry. Without options
 * the text is returned as it is.
 */
export function withKubeconfigOptions(yaml: string, options: KubeconfigOptions): string {
  const { exec, proxyUrl, tlsServerName, impersonate } = options;
  if (!exec && !proxyUrl && !tlsServerName && !impersonate?.user) return yaml;
  const doc = load(yaml) as {
    clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
    users: Array<{ name: string; user: Record<string, unknown> }>;
  };
  for (const c of doc.clusters) {
    if (proxyUrl) c.cluster["proxy-url"] = proxyUrl;
    if (tlsServerName) c.cluster["tls-server-name"] = tlsServerName;
  }
  for (const u of doc.users) {
    if (exec) {
      u.user = {
        exec: {
          apiVersion: "client.authentication.k8s.io/v1",
          command: exec.command,
          args: [...exec.args],
          interactiveMode: "Never",
        },
      };
    }
    if (impersonate?.user) u.user.as = impersonate.user;
    if (impersonate?.user && impersonate.uid) u.user["as-uid"] = impersonate.uid;
    if (impersonate?.user && impersonate.groups?.length) u.user["as-groups"] = [...impersonate.groups];
  }
  return dump(doc, { sortKeys: false, lineWidth: -1, noRefs: true, quotingType: '"' });
}
