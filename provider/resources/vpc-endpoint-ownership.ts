/**
 * Who owns and who uses a fleet's VPC endpoint, recorded on the endpoint itself as VPCEP tags, so the truth
 * survives a lost answer, a killed process and a second stack:
 *
 * - `pulumi-cloud-kubeconfig-owner = <mark>`: the one resource that deletes the endpoint when it is destroyed
 *   and no other resource uses it.
 * - `pulumi-ck-user-<first 20 of mark> = <mark>`: a resource that uses an endpoint it does not own.
 *
 * A mark is 32 hex digits of SHA-256 over the resource's identity (project, stack, type and name), the same on
 * every attempt, so the next `pulumi up` recognizes an endpoint its interrupted create made and marked. Tag keys
 * are at most 36 characters and values at most 43 (VPCEP tag rules), and an endpoint holds at most 20 tags.
 */
import { createHash } from "node:crypto";
import type { VpcEndpoint, VpcEndpointTag } from "../huaweicloud/vpcep";
import { tagValue } from "../huaweicloud/vpcep";

export const OWNER_TAG = "pulumi-cloud-kubeconfig-owner";
const USER_TAG_PREFIX = "pulumi-ck-user-";

/** The mark of a resource identity. */
export function markOf(identity: string): string {
  return createHash("sha256").update(identity).digest("hex").slice(0, 32);
}

export function ownerTag(mark: string): VpcEndpointTag {
  return { key: OWNER_TAG, value: mark };
}

export function userTag(mark: string): VpcEndpointTag {
  return { key: USER_TAG_PREFIX + mark.slice(0, 20), value: mark };
}

/** The owner's mark on an endpoint, or undefined when it carries none. */
export function ownerOf(ep: VpcEndpoint): string | undefined {
  const v = tagValue(ep, OWNER_TAG);
  return v ? v : undefined;
}

/** The marks of the resources that use the endpoint without owning it. */
export function usersOf(ep: VpcEndpoint): string[] {
  return (ep.tags ?? [])
    .filter((t) => t && typeof t.key === "string" && t.key.startsWith(USER_TAG_PREFIX) && t.value)
    .map((t) => String(t.value));
}
