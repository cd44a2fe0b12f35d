/**
 * Shared set-up of the reliability tests: an emulator, the provider configured at it in-process (as the
 * dynamic-provider server would after `configure`), and the secrets to scan every error and output for.
 */
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator";
import { emulatorSecretsByName, emulatorStackConfig } from "../../emulator/stack-config";
import { configure, provider, type DynamicProvider, type ResourceKind } from "../../provider";
import { clearIamCache } from "../../provider/huaweicloud/iam";
import { resetRateLimiter } from "../../provider/http/rate-limiter";
import { collectText, expectNoSecrets } from "./secret-scan";

export type Props = Record<string, any>;

/** Stack config pointing every vendor at the emulator, plus test-specific keys. */
export function stackConfig(e: EmulatorHandle, extra: Record<string, string> = {}): Record<string, string> {
  return { ...emulatorStackConfig(e), ...extra };
}

/** The emulator's credentials the provider can be given here, labelled, for `expectNoSecrets`. */
export function secretsOf(e: EmulatorHandle): Record<string, string> {
  const { "tencent temporary token": _token, ...secrets } = emulatorSecretsByName(e);
  return secrets;
}

/** `configure()` the in-process provider with `config`. */
export async function configureProvider(config: Record<string, string>): Promise<void> {
  await configure({ config: { get: (k: string) => config[k] } });
}

/** `configure()` the in-process provider at `e`, with `extra` stack config. */
export function configureAt(e: EmulatorHandle, extra: Record<string, string> = {}): Promise<void> {
  return configureProvider(stackConfig(e, extra));
}

export function p(kind: ResourceKind): DynamicProvider {
  return provider(kind);
}

/** Inputs of each kind for the seeded resources. */
export function inputsFor(e: EmulatorHandle) {
  return {
    ucs: { clusterId: e.seed.ucs.clusters[0].id },
    cce: { clusterId: e.seed.cce.publicCluster.id, validityDays: 30 },
    federationKubeconfig: { clusterGroupId: e.seed.ucs.fleets.federated.id, validityDays: 30 },
    connection: {
      clusterGroupId: e.seed.ucs.fleets.federated.id,
      projectId: e.credentials.huawei.projectId,
      vpcId: e.seed.ucs.vpcId,
      subnetId: e.seed.ucs.subnetId,
      validityDays: 30,
      // What the SDK class sets: the identity that marks the VPC endpoint.
      __owner: "reliability/test/FleetFederationConnection/connection",
    },
    tke: { clusterId: e.seed.tke.extranetCluster.id, endpoint: "extranet" },
  };
}

/** Marks every live VPC endpoint deleted, so the next connection create starts from an empty VPC. */
export function clearVpcEndpoints(e: EmulatorHandle): void {
  for (const ep of e.state.vpcEndpoints) if (!ep.deletedAt) ep.deletedAt = e.clock.now();
}

/** Calls of `operation` the emulator saw since call index `from`. */
export function callsOf(e: EmulatorHandle, operation: string, from: number) {
  return e.state.calls.slice(from).filter((c) => c.operation === operation);
}

/** The error `fn` rejects with, after checking it carries no credential of `e`; fails when `fn` resolves. */
export async function failureOf(e: EmulatorHandle, fn: () => Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await fn();
  } catch (err) {
    expectNoSecrets(collectText(err), secretsOf(e));
    return err as Error & Record<string, any>;
  }
  throw new Error("expected the call to fail");
}

/** How a suite uses its emulator (see {@link useEmulator}). */
export interface SuiteOptions {
  /** How the emulator starts (e.g. its clock). */
  emulator?: EmulatorOptions;
  /** Client-side rate limits high enough that the provider never throttles itself (default true). */
  unthrottled?: boolean;
  /**
   * When the provider is configured at the emulator, each time with the IAM cache cleared as in a new provider
   * process: `once` after it starts; `each` before every test; `never` when the suite does it itself.
   */
  configure: "once" | "each" | "never";
  /** Stack config on top of the emulator's (e.g. `cloudkubeconfig:requestTimeoutMs`). */
  config?: Record<string, string>;
  /** After each test, clear the scripted faults and mark every VPC endpoint deleted (default true). */
  resetAfterEach?: boolean;
}

/**
 * Registers the hooks of a suite that drives the in-process provider against one emulator: starts it (and
 * hands it to `started`), configures the provider as `options` say, resets it after each test, and stops it
 * and restores the rate limits at the end.
 */
export function useEmulator(options: SuiteOptions, started: (e: EmulatorHandle) => void): void {
  const { unthrottled = true, resetAfterEach = true } = options;
  let emu: EmulatorHandle | undefined;
  const configure = (e: EmulatorHandle) => {
    clearIamCache();
    return configureAt(e, options.config);
  };
  beforeAll(async () => {
    if (unthrottled) {
      process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS = "huaweicloud:*=1000:100,tencentcloud:*=1000:100";
      resetRateLimiter();
    }
    emu = await startEmulator(options.emulator);
    started(emu);
    if (options.configure === "once") await configure(emu);
  });
  if (options.configure === "each") {
    beforeEach(() => configure(emu!));
  }
  if (resetAfterEach) {
    afterEach(() => {
      emu!.faults.clear();
      clearVpcEndpoints(emu!);
    });
  }
  afterAll(async () => {
    if (emu) await emu.stop();
    if (unthrottled) {
      delete process.env.PULUMI_CLOUD_KUBECONFIG_RATE_LIMITS;
      resetRateLimiter();
    }
  });
}

export { startEmulator, type EmulatorHandle };
