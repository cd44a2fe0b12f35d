/**
 * When a Huawei Cloud answer means "this object does not exist". Only the object's own primary call, answering
 * with that object's documented not-found code, says so: a 404 from the API gateway (`APIGW.0101`, the API
 * is unknown at this host: a wrong region or endpoint override), a failed lookup on the way (IAM project or
 * domain), a 403, or a 404 without the object's code are errors, never "gone". docs/reliability.md lists the
 * same table with the vendors' pages.
 */
import { VendorApiError } from "../http/errors";

/** Each check: the calls that ask about one object, and the vendor codes (with HTTP 404) that mean it is gone. */
export const HUAWEI_GONE_CODES = {
  /** UCS `GET /v1/clusters/{id}`: 404 `UCS.01030001` "Cluster Not Found." */
  ucsCluster: { operations: ["ShowCluster"], codes: ["UCS.01030001"] },
  /** UCS `GET /v1/clustergroups/{id}`: 404 `UCS.01100005` "ClusterGroup Not Found." */
  ucsClusterGroup: { operations: ["ShowClusterGroup"], codes: ["UCS.01100005"] },
  /** CCE `GET /api/v3/projects/{p}/clusters/{c}`: 404 `CCE.01404001`. */
  cceCluster: { operations: ["ShowCluster"], codes: ["CCE.01404001"] },
  /** VPCEP show, delete and tag calls on one endpoint: 404 `EndPoint.0005` "The requested resource does not exist." */
  vpcEndpoint: {
    operations: ["ShowEndpoint", "DeleteEndpoint", "BatchAddOrDeleteResourceTags"],
    codes: ["EndPoint.0005"],
  },
} as const;

export type HuaweiGoneCheck = keyof typeof HUAWEI_GONE_CODES;

/** True only when `err` answers one of `check`'s calls with HTTP 404 and one of its not-found codes. */
export function isGone(err: unknown, check: HuaweiGoneCheck): boolean {
  if (!(err instanceof VendorApiError) || err.vendor !== "huaweicloud" || err.status !== 404) return false;
  const rule = HUAWEI_GONE_CODES[check];
  if (!(rule.operations as readonly string[]).includes(err.operation)) return false;
  return typeof err.vendorCode === "string" && (rule.codes as readonly string[]).includes(err.vendorCode);
}

/** Runs `lookup`; `undefined` when the object is gone by {@link isGone}, the answer otherwise; other errors throw. */
export async function unlessGone<T>(check: HuaweiGoneCheck, lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (err) {
    if (isGone(err, check)) return undefined;
    throw err;
  }
}
