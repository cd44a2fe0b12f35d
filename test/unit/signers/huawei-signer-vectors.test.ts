// Published Huawei SDK-HMAC-SHA256 vectors (docs/vendor-apis.md §4), one test per vector.
import { createHash } from "crypto";
import {
  canonicalQueryString,
  canonicalRequest,
  hashPayload,
  signHuaweiRequest,
  signature,
  signedHeaderNames,
  stringToSign,
} from "../../../provider/huaweicloud/signer";
import type { SignableRequest } from "../../../provider/http/types";
import { huaweiQueryVector, huaweiVectors } from "../../fixtures/signer-vectors";

const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");

describe.each(huaweiVectors)("Huawei vector: $name", (v) => {
  const req: SignableRequest = {
    method: v.method,
    url: new URL(v.url),
    headers: {},
    body: Buffer.from(v.body, "utf8"),
  };

  test("intermediate values and signature match the published ones", () => {
    const cr = canonicalRequest(req, v.headers);
    if (v.expected.canonicalRequest !== undefined) expect(cr).toBe(v.expected.canonicalRequest);
    if (v.expected.canonicalRequestHash !== undefined) expect(sha256(cr)).toBe(v.expected.canonicalRequestHash);
    if (v.expected.signedHeaders !== undefined)
      expect(signedHeaderNames(v.headers).join(";")).toBe(v.expected.signedHeaders);
    if (v.expected.payloadHash !== undefined) expect(hashPayload(req.body)).toBe(v.expected.payloadHash);
    const sts = stringToSign(v.sdkDate, cr);
    expect(sts).toBe(`SDK-HMAC-SHA256\n${v.sdkDate}\n${sha256(cr)}`);
    expect(signature(v.secretKey, sts)).toBe(v.expected.signature);
  });
});

test("Huawei doc example through signHuaweiRequest: host from the URL, x-sdk-date from the injected clock", () => {
  const v = huaweiVectors[0];
  const req: SignableRequest = {
    method: v.method,
    url: new URL(v.url),
    headers: { "content-type": "application/json" },
    body: new Uint8Array(0),
  };
  const out = signHuaweiRequest(
    req,
    { accessKey: v.accessKey, secretKey: v.secretKey },
    new Date("2019-11-15T03:36:55Z"),
  );
  expect(out).toEqual({ "x-sdk-date": v.sdkDate, authorization: v.expected.authorization });
});

test("go-sdk test2: the json.Encoder trailing newline is part of the signed body", () => {
  const v = huaweiVectors[2];
  const withoutNewline: SignableRequest = {
    method: v.method,
    url: new URL(v.url),
    headers: {},
    body: Buffer.from(v.body.replace(/\n$/, ""), "utf8"),
  };
  const sig = signature(v.secretKey, stringToSign(v.sdkDate, canonicalRequest(withoutNewline, v.headers)));
  expect(sig.startsWith("83599e52")).toBe(true);
  expect(sig).not.toBe(v.expected.signature);
});

test("go-sdk canonical query string vector (pairs and the same query as url.search)", () => {
  expect(canonicalQueryString(huaweiQueryVector.pairs)).toBe(huaweiQueryVector.expected);
  const url = new URL("https://example.huaweicloud.com/");
  for (const [k, val] of huaweiQueryVector.pairs) url.searchParams.append(k, val);
  expect(canonicalQueryString(url.search)).toBe(huaweiQueryVector.expected);
});
