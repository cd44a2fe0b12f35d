/** `TkeClusterKubeconfig`: TKE `DescribeClusterKubeconfig` (docs/vendor-apis.md §5). */
import { TKE_DEFAULT_ENDPOINT } from "../tencentcloud/kubeconfig-source";
import { tencentApis, tkeClusterExists } from "./tencent-apis";
import { PreconditionError } from "../errors";
import { prepare } from "./common";
import type { ProviderContext } from "./context";
import type { KindImpl, Outputs } from "./lifecycle";
import { settingsFailures } from "./settings";
import type { PreparedKubeconfig } from "../kubeconfig";

/**
 * TKE hands out one client certificate per sub-account and returns the same one on every call until it is
 * rotated in the console, so a renewal that gets the same certificate back cannot succeed by API: say so.
 */
function refuseUnrotatedRenewal(
  ctx: ProviderContext,
  clusterId: string,
  previous: Outputs | undefined,
  prepared: PreparedKubeconfig,
): void {
  if (!previous || !previous.renewAt || ctx.now().getTime() < Date.parse(previous.renewAt)) return;
  const cert = prepared.certificate;
  if (!cert || cert.notBefore !== previous.issuedAt || cert.notAfter !== previous.expiresAt) return;
  throw new PreconditionError(
    `TKE cluster ${clusterId}: renewal is due (renewAt ${previous.renewAt}) but TKE returned the same client ` +
      `certificate (expires ${cert.notAfter}). TKE issues a new one only after the sub-account's cluster ` +
      "credential is reset in the TKE console (cluster > Authorization management); reset it, or remove " +
      "renewBeforeDays, and run `pulumi up` again",
  );
}

/** How to enable each endpoint, for the error shown when it is not `Created`. */
const HOW_TO_ENABLE: Record<string, string> = {
  extranet:
    "enable public access in the TKE console (cluster > Basic information > Cluster APIServer information) or call " +
    "CreateClusterEndpoint with IsExtranet=true and a SecurityGroup",
  intranet:
    "enable private access in the TKE console (cluster > Basic information > Cluster APIServer information) or call " +
    "CreateClusterEndpoint with IsExtranet=false and a SubnetId",
};

export const tkeClusterKubeconfig: KindImpl = {
  kind: "TkeClusterKubeconfig",
  extraCheck: (ctx, inputs) => settingsFailures(ctx, "tencentcloud", inputs),
  async issue(ctx, inputs, previous) {
    const endpoint: string = inputs.endpoint ?? TKE_DEFAULT_ENDPOINT;
    const isExtranet = endpoint === "extranet";
    const { tke } = tencentApis(inputs, ctx);
    // Without this, TKE hands back a kubeconfig that points at an unreachable default domain.
    const status = await tke.describeClusterEndpointStatus(inputs.clusterId, isExtranet);
    if (status.Status !== "Created") {
      const why =
        status.Status === "Creating"
          ? "is still being created; wait and run `pulumi up` again"
          : `is not enabled (status ${status.Status || "unknown"}): ${HOW_TO_ENABLE[endpoint]}`;
      throw new PreconditionError(`TKE cluster ${inputs.clusterId}: the ${endpoint} API server endpoint ${why}`);
    }
    const yaml = await tke.describeClusterKubeconfig(inputs.clusterId, isExtranet);
    const prepared = prepare(ctx, "tke", yaml, inputs, endpoint);
    refuseUnrotatedRenewal(ctx, inputs.clusterId, previous, prepared);
    return { prepared };
  },
  async exists(ctx, outputs) {
    return tkeClusterExists(outputs, ctx, outputs.clusterId);
  },
  // 20-year certificates: renewal only when `renewBeforeDays` is set.
  defaultRenewBeforeMs: () => undefined,
};
