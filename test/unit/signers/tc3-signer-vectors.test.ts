// Published Tencent TC3-HMAC-SHA256 vectors (docs/vendor-apis.md §5), one test per vector.
import { createHash } from "crypto";
import {
  canonicalRequest,
  credentialScope,
  deriveSigningKey,
  hashedCanonicalRequest,
  headersToSign,
  signTc3Request,
  signature,
  stringToSign,
  utcDate,
} from "../../../provider/tencentcloud/tc3-signer";
import type { SignableRequest } from "../../../provider/http/types";
import { tc3Vectors } from "../../fixtures/signer-vectors";

describe.each(tc3Vectors)("Tencent vector $name", (v) => {
  const req: SignableRequest = {
    method: "POST",
    url: new URL(v.url),
    headers: { "content-type": v.contentType },
    body: Buffer.from(v.payload, "utf8"),
  };
  const signed = v.signActionHeader ? ["content-type", "host", "x-tc-action"] : ["content-type", "host"];

  test("intermediate values, signature and headers match the published ones", () => {
    expect(createHash("sha256").update(req.body).digest("hex")).toBe(v.expected.payloadHash);
    expect(utcDate(v.timestamp)).toBe("2019-02-25");
    expect(credentialScope(v.timestamp, v.service)).toBe(v.expected.credentialScope);
    const cr = canonicalRequest(req, headersToSign(req, v.action), signed);
    expect(cr).toBe(v.expected.canonicalRequest);
    const hashed = hashedCanonicalRequest(cr);
    expect(hashed).toBe(v.expected.hashedCanonicalRequest);
    const keys = deriveSigningKey(v.secretKey, utcDate(v.timestamp), v.service);
    if (v.expected.secretDate !== undefined) expect(keys.secretDate.toString("hex")).toBe(v.expected.secretDate);
    if (v.expected.secretService !== undefined)
      expect(keys.secretService.toString("hex")).toBe(v.expected.secretService);
    if (v.expected.secretSigning !== undefined)
      expect(keys.secretSigning.toString("hex")).toBe(v.expected.secretSigning);
    const sts = stringToSign(v.timestamp, v.service, hashed);
    expect(sts).toBe(`TC3-HMAC-SHA256\n${v.timestamp}\n${v.expected.credentialScope}\n${hashed}`);
    expect(signature(keys.secretSigning, sts)).toBe(v.expected.signature);

    const out = signTc3Request(req, {
      credentials: { secretId: v.secretId, secretKey: v.secretKey },
      service: v.service,
      action: v.action,
      version: v.version,
      region: v.region,
      timestamp: v.timestamp,
      signActionHeader: v.signActionHeader,
    });
    expect(out).toEqual({
      authorization: v.expected.authorization,
      "x-tc-action": v.action,
      "x-tc-version": v.version,
      "x-tc-timestamp": String(v.timestamp),
      "x-tc-region": v.region,
    });
  });
});
