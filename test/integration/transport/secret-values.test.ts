/**
 * A vendor message that echoes a credential in a form no pattern recognises (`invalid security token
 * <token>`, quoted, URL-encoded) must not reach the user once the credential was resolved.
 */
import { clearSecretValues, HttpTransport, type RequestSpec } from "../../../provider/http";
import { resolveHuaweiCredentials } from "../../../provider/huaweicloud/credentials";
import { resolveTencentCredentials } from "../../../provider/tencentcloud/credentials";
import { expectNoSecrets } from "../../support/secret-scan";
import { startServer, type LoopbackServer } from "../../support/loopback";
import { rejectionOf } from "../../support/failures";
import { copyHuaweiError } from "./harness";

// Obviously fake. Separators split the token so that no 12-character run survives URL-encoding.
const TOKEN = "FAKEtok/abcd+efgh/ijkl=mnop/qrst+uvwx";
const AK = "FAKEAKEXAMPLE00000000";
const SK = "FAKEsk-0123456789abcdefghij";

const ECHOES: Array<[string, string]> = [
  ["verbatim after a word", `invalid security token ${TOKEN}`],
  ["single-quoted", `The security token '${TOKEN}' is expired`],
  ["URL-encoded", `bad request: x-security-token%3D${encodeURIComponent(TOKEN)}`],
];

let server: LoopbackServer;
let transport: HttpTransport;
let message = "";
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.statusCode = 401;
    res.end(JSON.stringify({ error_code: "APIGW.0307", error_msg: message }));
  });
});
afterAll(() => server.close());
beforeEach(() => {
  clearSecretValues();
  transport = new HttpTransport({ proxy: {}, rateLimiter: { acquire: async () => undefined }, debug: false });
});
afterEach(() => transport.close());

/** Like the Huawei client: copies the vendor message into the error. */
const spec = (): RequestSpec => ({
  vendor: "huaweicloud",
  operation: "CreateClusterKubeconfig",
  method: "POST",
  url: `${server.url}/v1/cert`,
  interpret: copyHuaweiError,
});

/** The token in the forms the echoes use (the scanner alone cannot see the URL-encoded one). */
function shows(text: string): boolean {
  if (text.includes(TOKEN) || text.includes(encodeURIComponent(TOKEN))) return true;
  try {
    expectNoSecrets(text, [TOKEN]);
    return false;
  } catch {
    return true;
  }
}

describe("a vendor message echoing the security token", () => {
  it.each(ECHOES)("reaches the error %s when nothing was resolved (control)", async (_how, echo) => {
    message = echo;
    const err = await rejectionOf(transport.request(spec()));
    expect(err.vendorCode).toBe("APIGW.0307");
    expect(shows(err.message)).toBe(true);
  });

  it.each(ECHOES)("is hidden %s once Huawei credentials were resolved", async (_how, echo) => {
    resolveHuaweiCredentials({ env: { HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK, HW_SECURITY_TOKEN: TOKEN } });
    message = echo;
    const err = await rejectionOf(transport.request(spec()));
    expect(err.message).toContain("[REDACTED]");
    expect(err.message).toContain("HTTP 401, APIGW.0307");
    for (const text of [err.message, err.vendorMessage, JSON.stringify(err), err.stack]) {
      expect(shows(text)).toBe(false);
    }
  });

  it.each(ECHOES)("is hidden %s once Tencent credentials were resolved", async (_how, echo) => {
    resolveTencentCredentials({
      config: { "tencentcloud:secretId": AK, "tencentcloud:secretKey": SK, "tencentcloud:securityToken": TOKEN },
    });
    message = `${echo}; key ${SK}`;
    const err = await rejectionOf(transport.request(spec()));
    expect(shows(err.message)).toBe(false);
    expectNoSecrets(err, { SK });
  });
});
