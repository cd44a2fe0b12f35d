import {
  huaweiCanonicalQuery,
  huaweiCanonicalUri,
  parseHuaweiAuthorization,
  verifyHuaweiSignature,
} from "../../../emulator/auth/huawei-verify";
import { parseTc3Authorization, verifyTc3Signature } from "../../../emulator/auth/tc3-verify";

// Official vectors (docs/vendor-apis.md §4 and §5) keep the emulator's verifiers honest.
describe("emulator Huawei SDK-HMAC-SHA256 verifier", () => {
  const docAuth =
    "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
  const docRequest = {
    method: "GET",
    rawPath: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
    rawQuery: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
    headers: {
      "content-type": "application/json",
      host: "service.region.example.com",
      "x-sdk-date": "20191115T033655Z",
    },
    body: Buffer.alloc(0),
  };

  it("accepts the Huawei documentation example", () => {
    const auth = parseHuaweiAuthorization(docAuth)!;
    expect(verifyHuaweiSignature(docRequest, auth, "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")).toBe(true);
  });

  it("rejects the example with another secret key or another query", () => {
    const auth = parseHuaweiAuthorization(docAuth)!;
    expect(verifyHuaweiSignature(docRequest, auth, "wrong")).toBe(false);
    expect(
      verifyHuaweiSignature(
        { ...docRequest, rawQuery: "limit=3&marker=13551d6b-755d-4757-b956-536f674975c0" },
        auth,
        "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
      ),
    ).toBe(false);
  });

  it("accepts go-sdk signer_test vectors (GET, and POST with the encoder's trailing newline)", () => {
    const get = {
      method: "GET",
      rawPath: "/path",
      rawQuery: "limit=1",
      headers: { host: "example.huaweicloud.com", "x-sdk-date": "20060102T150405Z" },
      body: Buffer.alloc(0),
    };
    const getAuth = parseHuaweiAuthorization(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    )!;
    expect(verifyHuaweiSignature(get, getAuth, "SecretKey")).toBe(true);
    const post = {
      method: "POST",
      rawPath: "/path",
      rawQuery: "key=value",
      headers: {
        host: "example.huaweicloud.com",
        "x-sdk-date": "20060102T150405Z",
        "content-type": "application/json",
      },
      body: Buffer.from('{"Name":"test","Id":1}\n'),
    };
    const postAuth = parseHuaweiAuthorization(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    )!;
    expect(verifyHuaweiSignature(post, postAuth, "SecretKey")).toBe(true);
    expect(verifyHuaweiSignature({ ...post, body: Buffer.from('{"Name":"test","Id":1}') }, postAuth, "SecretKey")).toBe(
      false,
    );
  });

  it("canonicalizes URI and query as the go-sdk test does", () => {
    expect(huaweiCanonicalUri("")).toBe("/");
    expect(huaweiCanonicalUri("/v1/a%20b")).toBe("/v1/a%20b/");
    expect(
      huaweiCanonicalQuery(
        "limit=1&enable=true&test=%E4%B8%80%20(%26%3D%3F!%23%25.*)&path=%2Ftmp%2F123&multi=3&multi=1&multi=2",
      ),
    ).toBe(
      "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    );
  });
});

describe("emulator TC3-HMAC-SHA256 verifier", () => {
  const payload = Buffer.from(
    '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  );
  const base = {
    method: "POST",
    rawPath: "/",
    rawQuery: "",
    body: payload,
    headers: {
      "content-type": "application/json; charset=utf-8",
      host: "cvm.tencentcloudapi.com",
      "x-tc-action": "DescribeInstances",
      "x-tc-timestamp": "1551113065",
    },
  };

  it("accepts the older documented vector (content-type;host)", () => {
    const auth = parseTc3Authorization(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    )!;
    expect(auth.service).toBe("cvm");
    expect(verifyTc3Signature(base, auth, "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")).toBe(true);
    expect(verifyTc3Signature({ ...base, body: Buffer.from("{}") }, auth, "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")).toBe(
      false,
    );
  });

  it("accepts the current documented vector (signs the lowercased x-tc-action)", () => {
    const auth = parseTc3Authorization(
      "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
    )!;
    expect(verifyTc3Signature(base, auth, "*".repeat(32))).toBe(true);
    expect(verifyTc3Signature(base, auth, "*".repeat(31))).toBe(false);
  });
});
