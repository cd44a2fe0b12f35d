/**
 * What every lifecycle step of every resource works with, handed down explicitly from the provider boundary to
 * the vendor clients: the clock (check windows, renewal, certificate checks and request signing all read this
 * one), the stack config and environment the settings resolve from, the transport vendor calls go through, and
 * where warnings go. The provider process has one, replaced by each `configure()`; a test builds its own (a fixed
 * clock, a fake transport) with {@link contextWith} and passes it in. Lives in the implementation, which the
 * serialized `__provider` only requires at call time, so the transport it leads to never sits in a serialized path.
 */
import type { TransportLike } from "../huaweicloud/client";
import { providerNow } from "./clock";
import { warn } from "./warn";

/** Stack config keys we read; `configure()` receives the whole stack config (docs/pulumi-dynamic.md §1.5). */
const CONFIG_KEYS = [
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

type ConfigKey = (typeof CONFIG_KEYS)[number];

/** The stack config keys the provider reads, in the order of {@link CONFIG_KEYS}. */
export const STACK_CONFIG_KEYS: readonly ConfigKey[] = CONFIG_KEYS;

/** Keys whose values are credentials (the provider plugin's configuration declares them secret). */
export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = [
  "huaweicloud:accessKey",
  "huaweicloud:secretKey",
  "huaweicloud:securityToken",
  "huaweicloud:authToken",
  "tencentcloud:secretId",
  "tencentcloud:secretKey",
  "tencentcloud:securityToken",
];

/**
 * The provider plugin's configuration name of a stack config key: the namespace folded into the name
 * (`huaweicloud:accessKey` is `huaweicloudAccessKey`); the package's own keys keep their name
 * (`cloudkubeconfig:caBundle` is `caBundle`).
 */
export function providerConfigName(key: ConfigKey): string {
  const [ns, name] = key.split(":");
  return ns === "cloudkubeconfig" ? name : ns + name[0].toUpperCase() + name.slice(1);
}
export type StackConfig = Partial<Record<ConfigKey, string>>;

export interface ProviderContext {
  /** The one clock of the provider. */
  now: () => Date;
  /** The stack config read in `configure()` (only {@link CONFIG_KEYS}, no empty values). */
  config: StackConfig;
  /** The environment settings fall back to after the inputs and the stack config. */
  env: NodeJS.ProcessEnv;
  /** The transport for vendor calls; unset, the shared one for the config's CA bundle, timeout and retries. */
  transport?: TransportLike;
  /** A warning for the person running `pulumi`. */
  warn: (message: string) => void;
}

/** The stack config keys `get` answers (`get` is `pulumi.dynamic.Config.get`; a key it throws on is unset). */
function readStackConfig(get: (key: string) => string | undefined): StackConfig {
  const config: StackConfig = {};
  for (const key of CONFIG_KEYS) {
    let value: string | undefined;
    try {
      value = get(key);
    } catch {
      value = undefined;
    }
    if (value !== undefined && value !== "") config[key] = value;
  }
  return config;
}

function createContext(config: StackConfig): ProviderContext {
  return { now: providerNow, config, env: process.env, warn };
}

let processContext = createContext({});

/** `configure()`: from now on the process's context reads the stack config `get` answers. */
export function configureContext(get: (key: string) => string | undefined): void {
  processContext = createContext(readStackConfig(get));
}

/** The process's context with `parts` replaced (a test's clock, stack config, transport or warning sink). */
export function contextWith(parts: Partial<ProviderContext> = {}): ProviderContext {
  return { ...processContext, ...parts };
}
