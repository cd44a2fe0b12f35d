/**
 * The descriptor of every kubeconfig source. Each vendor declares its own (provider/huaweicloud/kubeconfig-source.ts,
 * provider/tencentcloud/kubeconfig-source.ts); the core reads only these descriptors, never a source's name.
 */
import { HUAWEI_KUBECONFIG_SOURCE } from "../huaweicloud/kubeconfig-source";
import { TKE_KUBECONFIG_SOURCE } from "../tencentcloud/kubeconfig-source";
import type { KubeconfigSource, KubeconfigSourceDescriptor } from "./types";

export const KUBECONFIG_SOURCES: Readonly<Record<KubeconfigSource, KubeconfigSourceDescriptor>> = {
  ucs: HUAWEI_KUBECONFIG_SOURCE,
  cce: HUAWEI_KUBECONFIG_SOURCE,
  "ucs-federation": HUAWEI_KUBECONFIG_SOURCE,
  tke: TKE_KUBECONFIG_SOURCE,
};
