/**
 * Process-wide settings of the dynamic provider: the stack configuration handed to `configure()` and the
 * environment. Lives in the implementation (required lazily), never in the serialized `__provider`.
 */

/** Stack config keys we read; `configure()` receives the whole stack config (pulumi-dynamic.md §1.5). */
export const CONFIG_KEYS = [
  "huaweicloud:accessKey",
  "huaweicloud:secretKey",
  "huaweicloud:securityToken",
  "huaweicloud:authToken",
  "huaweicloud:region",
  "huaweicloud:projectId",
  "huaweicloud:domainId",
  "huaweicloud:cloud",
  "huaweicloud:endpoints",
  "tencentcloud:secretId",
  "tencentcloud:secretKey",
  "tencentcloud:securityToken",
  "tencentcloud:region",
  "tencentcloud:domain",
  "tencentcloud:endpoint",
  "cloudkubeconfig:caBundle",
  "cloudkubeconfig:requestTimeoutMs",
  "cloudkubeconfig:maxAttempts",
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type StackConfig = Partial<Record<ConfigKey, string>>;

let stackConfig: StackConfig = {};

/** Called from `configure()`; `get` is `pulumi.dynamic.Config.get`. */
export function setStackConfig(get: (key: string) => string | undefined): void {
  const next: StackConfig = {};
  for (const key of CONFIG_KEYS) {
    let value: string | undefined;
    try {
      value = get(key);
    } catch {
      value = undefined;
    }
    if (value !== undefined && value !== "") next[key] = value;
  }
  stackConfig = next;
}

export function getStackConfig(): StackConfig {
  return stackConfig;
}

/** For tests. */
export function resetStackConfig(config: StackConfig = {}): void {
  stackConfig = { ...config };
}
