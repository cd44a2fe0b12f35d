/** `UcsClusterKubeconfig`: UCS `POST /v1/clusters/{clusterid}/kubeconfig` (docs/vendor-apis.md §1). */
import { huaweiApis } from "./clients";
import { credentialsFailure, prepare } from "./common";
import type { KindImpl } from "./lifecycle";
import { mintOnce } from "./side-effects";

export const ucsClusterKubeconfig: KindImpl = {
  kind: "UcsClusterKubeconfig",
  extraCheck: (inputs) => credentialsFailure("huaweicloud", inputs),
  async issue(inputs) {
    const ucs = huaweiApis(inputs).ucs;
    const document = await mintOnce(() => ucs.createClusterKubeconfig(inputs.clusterId));
    return { prepared: prepare("ucs", document, inputs) };
  },
  exists: async (outputs) => (await huaweiApis(outputs).ucs.findCluster(outputs.clusterId)) !== undefined,
};
