/**
 * What the lifecycle tables share: a fixed clock, settings given to the provider's context (no process stack
 * config, an empty environment) and a transport double, so each row runs a lifecycle step exactly as the
 * provider does, with nothing read from the machine.
 */
import type { ResourceKind } from "../../../provider";
import type { ProviderContext, StackConfig } from "../../../provider/resources/context";
import type { Outputs } from "../../../provider/resources/lifecycle";
import { FakeTransport, type Canned } from "../clients/fake-transport";

/** The five kinds, short, for tables. */
export const U: ResourceKind = "UcsClusterKubeconfig";
export const C: ResourceKind = "CceClusterKubeconfig";
export const F: ResourceKind = "FleetFederationConnection";
export const K: ResourceKind = "FleetFederationKubeconfig";
export const T: ResourceKind = "TkeClusterKubeconfig";

export const NOW = new Date("2026-05-01T00:00:00.000Z");
export const uuid = "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02";
export const otherUuid = "9f8e7d6c-4a5b-11ef-9c6d-0255ac100b02";
export const hex32 = "0123456789abcdef0123456789abcdef";
export const otherHex32 = "fedcba9876543210fedcba9876543210";

/** Both vendors' settings, as `configure()` would read them from the stack config. */
export const CONFIG: StackConfig = {
  "huaweicloud:accessKey": "FAKELIFECYCLEACCESSKEY",
  "huaweicloud:secretKey": "fake-lifecycle-secret-key",
  "huaweicloud:region": "cn-north-4",
  "huaweicloud:projectId": hex32,
  "huaweicloud:domainId": otherHex32,
  "tencentcloud:secretId": "AKIDFAKELIFECYCLE",
  "tencentcloud:secretKey": "fake-lifecycle-secret-key",
  "tencentcloud:region": "ap-guangzhou",
};

/** A context at `now` with `config` and `answers` as the vendors' replies; warnings are collected. */
export function testContext(
  opts: { now?: Date; config?: StackConfig; answers?: Canned[] } = {},
): Partial<ProviderContext> & { transport: FakeTransport; warnings: string[] } {
  const warnings: string[] = [];
  const at = opts.now ?? NOW;
  return {
    now: () => at,
    config: opts.config ?? CONFIG,
    env: {},
    transport: new FakeTransport(opts.answers ?? []),
    warn: (m) => warnings.push(m),
    warnings,
  };
}

/** State a successful create leaves: the inputs as given, a kubeconfig, and when it renews. */
export function stateOf(inputs: Outputs, extra: Outputs = {}): Outputs {
  return { ...inputs, kubeconfig: "apiVersion: v1\nkind: Config\n", renewAt: "", __inputs: { ...inputs }, ...extra };
}
