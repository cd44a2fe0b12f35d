/** `FleetFederationKubeconfig`: UCS `POST /v1/clustergroups/{id}/kubeconfig` (docs/vendor-apis.md §3). */
import { huaweiApis } from "./huawei-apis";
import { prepare } from "./common";
import type { KindImpl } from "./lifecycle";
import { settingsFailures } from "./settings";
import { mintOnce } from "./side-effects";

/** Default certificate validity when `validityDays` is not given. */
export const DEFAULT_FEDERATION_VALIDITY_DAYS = 365;

export const fleetFederationKubeconfig: KindImpl = {
  kind: "FleetFederationKubeconfig",
  extraCheck: (ctx, inputs) => settingsFailures(ctx, "huaweicloud", inputs),
  async issue(ctx, inputs) {
    const duration = inputs.validityDays ?? DEFAULT_FEDERATION_VALIDITY_DAYS;
    const ucs = huaweiApis(inputs, ctx).ucs;
    const document = await mintOnce(() => ucs.downloadFederationKubeconfig(inputs.clusterGroupId, { duration }));
    return { prepared: prepare(ctx, "ucs-federation", document, inputs) };
  },
  exists: async (ctx, outputs) =>
    (await huaweiApis(outputs, ctx).ucs.findClusterGroup(outputs.clusterGroupId)) !== undefined,
};
