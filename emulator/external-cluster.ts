/**
 * Clusters whose Kubernetes API is a real server outside the emulator (e.g. a kube-apiserver started by a
 * test): the vendor kubeconfig routes hand out that server's address and serving CA, and client certificates
 * the emulator keeps minting, signed by the CA the server trusts (`--client-ca-file`). Only the kubeconfig
 * side is emulated: revocation (CCE clustercertrevoke) is recorded but the real server does not honour it,
 * and it judges certificate validity on the real clock, not the emulator's.
 */
import { X509Certificate } from "node:crypto";
import { KubeApiServer } from "./kube-api";
import { CertificateAuthority, IssuedCertificate } from "./pki";
import { SEED } from "./seed";
import { ClusterRecord, FleetRecord } from "./state";

/** What `EmulatorHandle.attachExternalCluster` (index.ts) needs. */
export interface ExternalClusterOptions {
  /**
   * Which vendor API lists the cluster (UCS clusters, CCE clusters, TKE clusters), or `fleet`: a UCS fleet
   * whose federation is Available and whose federation API server is this one (reached through the endpoint
   * service of the seeded fleets).
   */
  vendor: "ucs" | "cce" | "tke" | "fleet";
  /** Cluster id as the vendor API takes it; must not collide with another cluster. */
  id: string;
  /** Display name (default: the id). */
  name?: string;
  /** Region (default: cn-north-4 for UCS/CCE, ap-guangzhou for TKE). */
  region?: string;
  /** The server's address, e.g. `https://127.0.0.1:6443`; handed out as both external and internal address. */
  server: string;
  /** The CA that signed the server's serving certificate (kubeconfig `certificate-authority-data`). */
  serverCaPem: string;
  /** The CA of the server's `--client-ca-file`, with its key: signs the issued client certificates. */
  clientCa: CertificateAuthority;
  /** Reported by ShowCluster and friends (default v1.37.2). */
  kubernetesVersion?: string;
}

/** The CA certificate's facts; the serving CA's key is not the emulator's to know, so `keyPem` is empty. */
function describeCa(pem: string): IssuedCertificate {
  const x = new X509Certificate(pem);
  return {
    certPem: pem.endsWith("\n") ? pem : pem + "\n",
    keyPem: "",
    serialNumber: x.serialNumber.toLowerCase(),
    fingerprintSha256: x.fingerprint256,
    subject: x.subject,
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
  };
}

/** A {@link KubeApiServer} view of an external server (nothing to stop: the caller owns the process). */
export function externalKubeApi(opts: ExternalClusterOptions): KubeApiServer {
  const url = new URL(opts.server);
  if (url.protocol !== "https:") throw new Error(`external cluster ${opts.id}: server must be https://`);
  const server = `https://${url.host}`;
  return {
    port: Number(url.port || 443),
    ca: describeCa(opts.serverCaPem),
    externalUrl: server,
    internalUrl: server,
    revokedSerials: new Set<string>(),
    clientCa: opts.clientCa,
    external: true,
    stop: async () => undefined,
  };
}

/** The state record of an external fleet: federation Available since `now`, the seeded endpoint service. */
export function externalFleetRecord(opts: ExternalClusterOptions, now: Date): FleetRecord {
  const gw = SEED.ucs.endpointService;
  return {
    id: opts.id,
    name: opts.name || opts.id,
    federation: { status: "Available", since: now, jobType: "CreateFederation", jobId: opts.id },
    connectGatewayEndpoints: [{ type: "VPCEP", name: gw.name, id: gw.id, region: opts.region || "cn-north-4" }],
    kube: externalKubeApi(opts),
  };
}

/** The state record of an external cluster: public endpoints (CCE EIP, TKE extranet) so every route serves it. */
export function externalClusterRecord(
  opts: ExternalClusterOptions & { vendor: ClusterRecord["vendor"] },
): ClusterRecord {
  const record: ClusterRecord = {
    vendor: opts.vendor,
    id: opts.id,
    name: opts.name || opts.id,
    region: opts.region || (opts.vendor === "tke" ? "ap-guangzhou" : "cn-north-4"),
    kubernetesVersion: opts.kubernetesVersion || "v1.37.2",
    kube: externalKubeApi(opts),
  };
  if (opts.vendor === "cce") record.publicIp = true;
  if (opts.vendor === "tke") {
    record.extranet = { status: "Created" };
    record.intranet = { status: "Created" };
  }
  return record;
}
