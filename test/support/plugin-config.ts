/**
 * The provider plugin's configuration (`cloud-kubeconfig:<name>`) that stands for a stack config of the dynamic
 * resources (`huaweicloud:accessKey` → `cloud-kubeconfig:huaweicloudAccessKey`), and which of its keys are secret.
 */
import { providerConfigName, SECRET_CONFIG_KEYS, STACK_CONFIG_KEYS } from "../../provider/resources/context";

export function pluginConfig(stack: Record<string, string>): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const key of STACK_CONFIG_KEYS) {
    if (stack[key] === undefined) continue;
    const name = `cloud-kubeconfig:${providerConfigName(key)}`;
    config[name] = stack[key];
    if (SECRET_CONFIG_KEYS.includes(key)) secretKeys.push(name);
  }
  return { config, secretKeys };
}
