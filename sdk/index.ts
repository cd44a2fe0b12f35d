/**
 * pulumi-cloud-kubeconfig: kubeconfigs from Huawei Cloud (UCS, UCS fleet federation, CCE) and Tencent
 * Cloud (TKE) as secret, normalized outputs for `@pulumi/kubernetes`.
 */
export { UcsClusterKubeconfig, type UcsClusterKubeconfigArgs } from "./ucs-cluster-kubeconfig";
export { CceClusterKubeconfig, type CceClusterKubeconfigArgs } from "./cce-cluster-kubeconfig";
export { FleetFederationConnection, type FleetFederationConnectionArgs } from "./fleet-federation-connection";
export { FleetFederationKubeconfig, type FleetFederationKubeconfigArgs } from "./fleet-federation-kubeconfig";
export { TkeClusterKubeconfig, type TkeClusterKubeconfigArgs } from "./tke-cluster-kubeconfig";
export type { HuaweiCloudCredentials, TencentCloudCredentials, HuaweiEndpoint, TkeEndpoint } from "./credentials";
export type { KubeconfigShapeArgs } from "./base";
