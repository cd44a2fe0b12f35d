/** `UcsClusterKubeconfig`: UCS `POST /v1/clusters/{clusterid}/kubeconfig` (vendor-apis.md §1). */
import { huaweiApis } from "./clients";
import { credentialsFailure, prepare } from "./common";
import type { KindImpl } from "./lifecycle";

export const ucsClusterKubeconfig: KindImpl = {
  kind: "UcsClusterKubeconfig",
  extraCheck: (inputs) => credentialsFailure("huaweicloud", inputs),
  async issue(inputs) {
    const document = await huaweiApis(inputs).ucs.createClusterKubeconfig(inputs.clusterId);
    return { prepared: prepare("ucs", document, inputs) };
  },
  exists: async (outputs) => (await huaweiApis(outputs).ucs.findCluster(outputs.clusterId)) !== undefined,
};
