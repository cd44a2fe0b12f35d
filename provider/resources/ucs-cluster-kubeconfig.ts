/** `UcsClusterKubeconfig`: UCS `POST /v1/clusters/{clusterid}/kubeconfig` (docs/vendor-apis.md §1). */
import { huaweiApis } from "./huawei-apis";
import { prepare } from "./common";
import type { KindImpl } from "./lifecycle";
import { settingsFailures } from "./settings";
import { mintOnce } from "./side-effects";

export const ucsClusterKubeconfig: KindImpl = {
  kind: "UcsClusterKubeconfig",
  extraCheck: (ctx, inputs) => settingsFailures(ctx, "huaweicloud", inputs),
  async issue(ctx, inputs) {
    const ucs = huaweiApis(inputs, ctx).ucs;
    const document = await mintOnce(() => ucs.createClusterKubeconfig(inputs.clusterId));
    return { prepared: prepare(ctx, "ucs", document, inputs) };
  },
  exists: async (ctx, outputs) => (await huaweiApis(outputs, ctx).ucs.findCluster(outputs.clusterId)) !== undefined,
};
