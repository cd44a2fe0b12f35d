/**
 * The VPC endpoint model shared by the routes that create endpoints (UCS `/connection`, `/cert`), the VPCEP
 * routes and the admin interface: creation, out-of-band deletion and the tag rules of "Batch Adding or
 * Deleting Tags of a Specified Resource" (support.huaweicloud.com/intl/en-us/api-vpcep/vpcep_06_0502.html).
 */
import { randomUUID } from "node:crypto";
import { EmulatorState, VpcEndpointRecord, VpcEndpointTag } from "./state";

/** At most this many tags per resource. */
export const MAX_VPC_ENDPOINT_TAGS = 20;
/** Key: 1..36 Unicode letters, digits, `_` or `-`. */
const TAG_KEY = /^[\p{L}\p{N}_-]{1,36}$/u;
/** Value: 0..43 Unicode letters, digits, `_`, `-` or `.`. */
const TAG_VALUE = /^[\p{L}\p{N}_.-]{0,43}$/u;

/** A VPC endpoint to create (`tags` are checked with {@link tagProblem}). */
export interface NewVpcEndpoint {
  projectId: string;
  vpcId: string;
  /** Default: a fresh id (a subnet of `vpcId` the emulator does not model). */
  subnetId?: string;
  endpointServiceName: string;
  endpointServiceId: string;
  tags?: VpcEndpointTag[];
  /** The fleet whose connection made it; omitted for endpoints made by another party. */
  fleetId?: string;
}

/** Adds an accepted endpoint to the state and returns its record. */
export function createVpcEndpoint(state: EmulatorState, now: Date, e: NewVpcEndpoint): VpcEndpointRecord {
  const record: VpcEndpointRecord = {
    id: randomUUID(),
    projectId: e.projectId,
    vpcId: e.vpcId,
    subnetId: e.subnetId || randomUUID(),
    endpointServiceName: e.endpointServiceName,
    endpointServiceId: e.endpointServiceId,
    fleetId: e.fleetId,
    ip: "127.0.0.1",
    status: "accepted",
    tags: (e.tags || []).map((t) => ({ key: t.key, value: t.value })),
    createdAt: now,
  };
  state.vpcEndpoints.push(record);
  return record;
}

/** Endpoints not deleted (VPCEP lists and shows only these). */
export function liveVpcEndpoints(state: EmulatorState): VpcEndpointRecord[] {
  return state.vpcEndpoints.filter((e) => !e.deletedAt);
}

/** Marks an endpoint deleted; afterwards VPCEP answers 404 for it and omits it from lists. */
export function markVpcEndpointDeleted(e: VpcEndpointRecord, now: Date): void {
  e.deletedAt = now;
  e.status = "deleting";
}

/** Why a tag to create is invalid, or undefined when it is valid. */
export function tagProblem(t: { key?: unknown; value?: unknown }): string | undefined {
  if (typeof t.key !== "string" || !TAG_KEY.test(t.key)) {
    return "tag key must be 1..36 characters: letters, digits, '_' or '-'";
  }
  if (typeof t.value !== "string" || !TAG_VALUE.test(t.value)) {
    return `tag ${t.key}: value must be 0..43 characters: letters, digits, '_', '-' or '.'`;
  }
  return undefined;
}

/**
 * The tags after `create`: an existing key takes the new value, new keys are appended. Undefined when the
 * result would exceed {@link MAX_VPC_ENDPOINT_TAGS}.
 */
export function tagsAfterCreate(current: VpcEndpointTag[], add: VpcEndpointTag[]): VpcEndpointTag[] | undefined {
  const next = current.map((t) => ({ ...t }));
  for (const t of add) {
    const same = next.find((x) => x.key === t.key);
    if (same) same.value = t.value;
    else next.push({ key: t.key, value: t.value });
  }
  return next.length > MAX_VPC_ENDPOINT_TAGS ? undefined : next;
}

/** The tags after `delete`: by key, or by key and value when a value is given; missing tags are ignored. */
export function tagsAfterDelete(
  current: VpcEndpointTag[],
  remove: { key: string; value?: string }[],
): VpcEndpointTag[] {
  return current.filter((t) => !remove.some((r) => r.key === t.key && (r.value === undefined || r.value === t.value)));
}
