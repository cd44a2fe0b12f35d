/**
 * The provider's clock. With `PULUMI_CLOUD_KUBECONFIG_NOW` set to an RFC 3339 time the provider acts as if it
 * were that time: `pulumi preview` then shows which credentials would be renewed by then (renewal is
 * decided in diff). Requests are signed with the same clock, so leave it unset for real `up`s: the vendors
 * reject signatures more than 15 (Huawei) or 5 (Tencent) minutes off. The tests use it to move time together
 * with the emulator's clock.
 */
import { SettingsError } from "../errors";

export const NOW_ENV = "PULUMI_CLOUD_KUBECONFIG_NOW";

export function providerNow(): Date {
  const planned = process.env[NOW_ENV];
  if (planned) {
    const t = Date.parse(planned);
    if (Number.isNaN(t)) {
      throw new SettingsError("INVALID_SETTING", `${NOW_ENV} is not an RFC 3339 time`, [NOW_ENV], "now");
    }
    return new Date(t);
  }
  return new Date();
}
