/**
 * CCE accepts a certificate `duration` of at most the days in the next five years: 1826 when they hold one
 * leap day, 1827 with two. `check` computes the same bound, so `preview` rejects what `up` would; the emulator
 * enforces it as the API does.
 */
import { provider } from "../../../provider";
import { maxValidityDays } from "../../../provider/huaweicloud/cce";
import { inputsFor, useEmulator, type EmulatorHandle } from "../../support/reliability-harness";

jest.setTimeout(60_000);

const ONE_LEAP_DAY = new Date("2026-12-02T00:00:00Z"); // window holds 2028-02-29 only
const TWO_LEAP_DAYS = new Date("2027-03-01T00:00:00Z"); // window holds 2028-02-29 and 2032-02-29

let emu: EmulatorHandle;

useEmulator(
  { emulator: { now: ONE_LEAP_DAY }, configure: "once", unthrottled: false, resetAfterEach: false },
  (e) => (emu = e),
);

afterAll(() => {
  delete process.env.PULUMI_CLOUD_KUBECONFIG_NOW;
});

it.each([
  [ONE_LEAP_DAY, 1826],
  [TWO_LEAP_DAYS, 1827],
  [new Date("2028-03-01T00:00:00Z"), 1826], // holds 2032-02-29 only
])("the bound at %s is %i days", (now, days) => {
  expect(maxValidityDays(now)).toBe(days);
});

it("check rejects 1827 days when the window holds one leap day, naming validityDays and the bound", async () => {
  const inputs = { ...inputsFor(emu).cce, validityDays: 1827 };
  const res = await provider("CceClusterKubeconfig", { now: () => ONE_LEAP_DAY }).check({}, inputs);
  expect(res.failures).toEqual([{ property: "validityDays", reason: expect.stringContaining("at most 1826") }]);
  const ok = await provider("CceClusterKubeconfig", { now: () => TWO_LEAP_DAYS }).check({}, inputs);
  expect(ok.failures).toEqual([]);
});

it("the emulator answers as the API does: 1827 refused, 1826 issued, on the same day", async () => {
  // The provider signs with its own clock: put it on the emulator's day.
  process.env.PULUMI_CLOUD_KUBECONFIG_NOW = emu.clock.now().toISOString();
  const cce = provider("CceClusterKubeconfig", { now: () => emu.clock.now() });
  const refused = cce.create({ ...inputsFor(emu).cce, validityDays: 1827 });
  await expect(refused).rejects.toThrow(/at most 1826/);
  const issued = await cce.create({ ...inputsFor(emu).cce, validityDays: 1826 });
  expect(issued.outs.expiresAt).not.toBe("");
});
