/** `FleetFederationKubeconfig`: UCS `POST /v1/clustergroups/{id}/kubeconfig` (docs/vendor-apis.md §3). */
import { huaweiApis } from "./clients";
import { credentialsFailure, prepare } from "./common";
import type { KindImpl } from "./lifecycle";
import { mintOnce } from "./side-effects";

/** Default certificate validity when `validityDays` is not given. */
export const DEFAULT_FEDERATION_VALIDITY_DAYS = 365;

export const fleetFederationKubeconfig: KindImpl = {
  kind: "FleetFederationKubeconfig",
  extraCheck: (inputs) => credentialsFailure("huaweicloud", inputs),
  async issue(inputs) {
    const duration = inputs.validityDays ?? DEFAULT_FEDERATION_VALIDITY_DAYS;
    const ucs = huaweiApis(inputs).ucs;
    const document = await mintOnce(() => ucs.downloadFederationKubeconfig(inputs.clusterGroupId, { duration }));
    return { prepared: prepare("ucs-federation", document, inputs) };
  },
  exists: async (outputs) => (await huaweiApis(outputs).ucs.findClusterGroup(outputs.clusterGroupId)) !== undefined,
};
