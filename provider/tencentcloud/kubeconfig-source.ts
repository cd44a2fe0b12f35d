/**
 * How TKE kubeconfigs are read by the kubeconfig core (docs/vendor-apis.md §5): `DescribeClusterKubeconfig`'s
 * `IsExtranet` chooses the endpoint, so the document's one entry is the endpoint asked for: `extranet`, or
 * `intranet`, the API's default.
 */
import type { ChosenByCallDescriptor } from "../kubeconfig/types";

/** The endpoint names of a TKE kubeconfig: which `DescribeClusterKubeconfig` call (`IsExtranet`) was made. */
export const TKE_ENDPOINT_NAMES = ["intranet", "extranet"] as const;
/** `IsExtranet` defaults to false: the intranet endpoint. */
export const TKE_DEFAULT_ENDPOINT = "intranet";

/** The `tke` source descriptor. */
export const TKE_KUBECONFIG_SOURCE: ChosenByCallDescriptor = {
  vendor: "tencentcloud",
  selection: "by-call",
  product: "TKE",
  endpointNames: TKE_ENDPOINT_NAMES,
  defaultEndpoint: TKE_DEFAULT_ENDPOINT,
};
