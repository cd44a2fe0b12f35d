/**
 * How a program points the resources at the emulator: the stack config keys (`pulumi config set`, or what the
 * tests pass to `configure()`), and the credentials a secret scan must never find.
 */
import type { EmulatorHandle } from "./index";

export function emulatorStackConfig(e: EmulatorHandle): Record<string, string> {
  const hw = e.credentials.huawei;
  const tc = e.credentials.tencent;
  return {
    "huaweicloud:accessKey": hw.accessKey,
    "huaweicloud:secretKey": hw.secretKey,
    "huaweicloud:region": hw.region,
    "huaweicloud:domainId": hw.domainId,
    "huaweicloud:endpoints": JSON.stringify({
      ucs: e.endpoints.ucs,
      cce: e.endpoints.cce(hw.region),
      iam: e.endpoints.iam(hw.region),
      vpcep: e.endpoints.vpcep(hw.region),
    }),
    "tencentcloud:secretId": tc.secretId,
    "tencentcloud:secretKey": tc.secretKey,
    "tencentcloud:region": tc.region,
    "tencentcloud:endpoint": e.endpoints.tke,
    "cloudkubeconfig:caBundle": e.caPath,
  };
}

/**
 * Every credential the emulator accepts, labelled (a secret scan names the label, never the value). Test
 * suites that scan for a subset pick from these labels instead of listing the credentials again.
 */
export function emulatorSecretsByName(e: EmulatorHandle): Record<string, string> {
  const { huawei: hw, tencent: tc } = e.credentials;
  return {
    "huawei secretKey": hw.secretKey,
    "huawei authToken": hw.authToken,
    "huawei temporary secretKey": hw.temporary.secretKey,
    "huawei securityToken": hw.temporary.securityToken,
    "tencent secretKey": tc.secretKey,
    "tencent temporary secretKey": tc.temporary.secretKey,
    "tencent temporary token": tc.temporary.token,
  };
}

/** Every credential the emulator accepts, for `expectNoSecrets`. */
export function emulatorSecrets(e: EmulatorHandle): string[] {
  return Object.values(emulatorSecretsByName(e));
}
