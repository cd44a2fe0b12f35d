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

/** A VPC endpoint tag (VPCEP `resource_tag`). */
export interface VpcEndpointTag {
  key: string;
  value: string;
}

export interface VpcEndpointRecord {
  id: string;
  projectId: string;
  vpcId: string;
  subnetId: string;
  endpointServiceName: string;
  endpointServiceId: string;
  /** The fleet whose `/connection` or `/cert` made it; undefined when another party made it (admin). */
  fleetId?: string;
  ip: string;
  status: "accepted" | "deleting";
  /** Tags in the order they were first set (at most 20). */
  tags: VpcEndpointTag[];
  createdAt: Date;
  deletedAt?: Date;
}

/** How a `phase: "after"` fault treated the route's real answer. */
export type AnswerFate = "hang" | "reset" | "replaced" | "delayed";

export interface CallRecord {
  service: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  requestId: string;
  /** TKE: the `ClusterId` of the request body, when it has one (Huawei paths name their cluster already). */
  clusterId?: string;
  /** Vendor error code when the call failed. */
  errorCode?: string;
  /** Emulator time of the answer (or of the fault's effect; for an `after` fault, when the work was done). */
  at: Date;
  /**
   * Set only by a `phase: "after"` fault: the route did its work (`status`/`errorCode` are its real outcome)
   * and its answer was never sent (`hang`), cut (`reset`), replaced by the fault's (`replaced`), or sent
   * after the fault's delay (`delayed`).
   */
  answer?: AnswerFate;
  /** With `answer`: the HTTP status the client was sent (0 when none: `hang`, `reset`). */
  answerStatus?: number;
  /** With `answer: "replaced"`: the vendor code or body variant the client got instead. */
  answerCode?: string;
  /**
   * Emulator time the request's headers arrived (the handler's first line, before the body is read and
   * before authentication): rate-limit checks on the client side are judged on this, not on `at`.
   */
  receivedAt: Date;
}

/** One request to the CONNECT proxy (proxy.ts): a tunnel opened (200) or a refusal (403; 400 unparsable). */
export interface ProxyRequestRecord {
  /** `CONNECT`, or the method of a plain proxy request (empty when unparsable). */
  method: string;
  /** The request target as sent: `host:port` for CONNECT, a URL or path otherwise. */
  target: string;
  status: number;
  /** Emulator time of the answer. */
  at: Date;
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
  /** Every request to the CONNECT proxy; the calls made through a tunnel are in `calls` as usual. */
  proxyRequests: ProxyRequestRecord[];
}
