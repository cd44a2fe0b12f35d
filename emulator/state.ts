/** The emulator's observable state: seeded resources and what clients did to them. */
import { KubeApiServer } from "./kube-api";

/** TKE endpoint lifecycle (DescribeClusterEndpointStatus). */
export type EndpointStatus = "Created" | "Creating" | "NotFound";

export interface TkeEndpoint {
  status: EndpointStatus;
  /** While `Creating`: emulator time at which it becomes `Created`. */
  readyAt?: Date;
}

export interface ClusterRecord {
  vendor: "ucs" | "cce" | "tke";
  id: string;
  name: string;
  region?: string;
  /** CCE: whether the cluster has an EIP (→ external contexts). */
  publicIp?: boolean;
  /** TKE endpoints. */
  extranet?: TkeEndpoint;
  intranet?: TkeEndpoint;
  kubernetesVersion: string;
  kube: KubeApiServer;
}

export type FederationStatus = "Available" | "Creating" | "Deleting" | "Unavailable";

export interface FleetRecord {
  id: string;
  name: string;
  /** Undefined when federation was never enabled. */
  federation?: { status: FederationStatus; since: Date; until?: Date; jobType: string; jobId: string };
  connectGatewayEndpoints: { type: "VPCEP"; name: string; id: string; region: string }[];
  kube: KubeApiServer;
}

export interface ClientCertificateRecord {
  clusterId: string;
  serialNumber: string;
  subject: string;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: string;
  operation: string;
  revoked: boolean;
}

export interface VpcEndpointRecord {
  id: string;
  projectId: string;
  vpcId: string;
  subnetId: string;
  endpointServiceName: string;
  endpointServiceId: string;
  fleetId: string;
  ip: string;
  status: "accepted" | "deleting";
  createdAt: Date;
  deletedAt?: Date;
}

export interface CallRecord {
  service: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  requestId: string;
  /** Vendor error code when the call failed. */
  errorCode?: string;
  /** Emulator time of the answer (or of the fault's effect). */
  at: Date;
  /**
   * Emulator time the request's headers arrived (the handler's first line, before the body is read and
   * before authentication): rate-limit checks on the client side are judged on this, not on `at`.
   */
  receivedAt: Date;
}

export interface EmulatorState {
  clusters: ClusterRecord[];
  fleets: FleetRecord[];
  /** Issued client certificates, keyed by cluster or fleet id. */
  clientCertificates: Record<string, ClientCertificateRecord[]>;
  /** Issuance counts per cluster or fleet id. */
  issuanceCounts: Record<string, number>;
  /** Every VPC endpoint created; deleted ones keep `deletedAt`. */
  vpcEndpoints: VpcEndpointRecord[];
  calls: CallRecord[];
}
