/**
 * Hostile input: ids with reserved and non-ASCII characters are escaped into the path the same way
 * for sending and for signing, so the emulator's independent verifier accepts the signature and the API answers
 * "not found" for the odd id, never a signature error. Generated ids (fast-check), a fixed seed.
 */
import fc from "fast-check";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { NotFoundError, type VendorApiError } from "../../../provider/http/errors";
import { HttpTransport } from "../../../provider/http/transport";
import { HuaweiClient } from "../../../provider/huaweicloud/client";
import { resolveHuaweiEndpoints } from "../../../provider/huaweicloud/endpoints";
import { UcsApi } from "../../../provider/huaweicloud/ucs";
import { expectNoSecrets, collectText } from "../../support/secret-scan";
import { emulatorSecrets } from "../../../emulator/stack-config";

jest.setTimeout(60_000);

let emu: EmulatorHandle;
let transport: HttpTransport;
let ucs: UcsApi;

beforeAll(async () => {
  emu = await startEmulator();
  transport = new HttpTransport({ extraCaPem: emu.caPem, proxy: {}, retry: { maxAttempts: 1 } });
  const c = emu.credentials.huawei;
  const endpoints = resolveHuaweiEndpoints({ region: c.region, overrides: { ucs: emu.endpoints.ucs } });
  const client = new HuaweiClient({
    credentials: { accessKey: c.accessKey, secretKey: c.secretKey },
    endpoints,
    transport,
    now: () => emu.clock.now(),
  });
  ucs = new UcsApi(client, { domainId: c.domainId });
});
afterAll(async () => {
  if (transport) await transport.close();
  if (emu) await emu.stop();
});

/** Ids made of reserved, unreserved and non-ASCII characters; `.`/`..` and empty are refused before sending. */
const oddId = fc
  .array(fc.constantFrom(..."aZ09-_.~ !#$&'()*+,/:;=?@[]%\"<>\\^`{|}é一😀".split(/(?:)/u)), {
    minLength: 1,
    maxLength: 24,
  })
  .map((cs) => cs.join(""))
  .filter((s) => s !== "." && s !== "..");

test("a signed request for an id with reserved characters verifies at the emulator (404, not 401)", async () => {
  await fc.assert(
    fc.asyncProperty(oddId, async (id) => {
      let err: unknown;
      try {
        await ucs.showCluster(id);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as VendorApiError).vendorCode).toBe("UCS.01030001");
      expectNoSecrets(collectText(err), emulatorSecrets(emu));
    }),
    { numRuns: 150, seed: 20261128 },
  );
  // Every one of those calls reached the API behind the signature check.
  const shown = emu.state.calls.filter((c) => c.operation === "ShowCluster");
  expect(shown.length).toBeGreaterThanOrEqual(150);
  expect(shown.every((c) => c.status === 404)).toBe(true);
});
