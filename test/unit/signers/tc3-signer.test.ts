// Step functions and options of the Tencent TC3-HMAC-SHA256 signer (docs/vendor-apis.md §5).
import { createHash, createHmac } from "crypto";
import {
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  cachedSigningKey,
  deriveSigningKey,
  headersToSign,
  signTc3Request,
  utcDate,
} from "../../../provider/tencentcloud/tc3-signer";
import type { SignableRequest } from "../../../provider/http/types";

const FAKE = { secretId: "AKIDFAKEFAKEFAKEFAKEEXAMPLE", secretKey: "fake-tc3-secret-key-for-tests" };
const base = {
  credentials: FAKE,
  service: "tke",
  action: "DescribeClusterKubeconfig",
  version: "2018-05-25",
  timestamp: 1700000000,
};
const post = (
  url: string,
  headers: Record<string, string> = { "content-type": "application/json" },
): SignableRequest => ({
  method: "POST",
  url: new URL(url),
  headers,
  body: Buffer.from('{"ClusterId":"cls-fake","IsExtranet":false}', "utf8"),
});

test("utcDate is the UTC calendar date of the timestamp, also just before and after midnight", () => {
  expect(utcDate(1551113065)).toBe("2019-02-25");
  expect(utcDate(Date.UTC(2024, 1, 29, 23, 59, 59) / 1000)).toBe("2024-02-29");
  expect(utcDate(Date.UTC(2024, 2, 1, 0, 0, 0) / 1000)).toBe("2024-03-01");
});

test("canonicalQueryString is empty for POST and the query as sent otherwise", () => {
  expect(canonicalQueryString(post("https://tke.tencentcloudapi.com/?x=1"))).toBe("");
  expect(canonicalQueryString({ ...post("https://tke.tencentcloudapi.com/?Limit=10&Offset=0"), method: "GET" })).toBe(
    "Limit=10&Offset=0",
  );
});

test("canonicalHeaders lower-cases and trims values, and refuses a signed header that is missing", () => {
  expect(
    canonicalHeaders({ "content-type": " Application/JSON ", host: "TKE.example" }, ["content-type", "host"]),
  ).toBe("content-type:application/json\nhost:tke.example\n");
  expect(() => canonicalHeaders({ host: "h" }, ["content-type", "host"])).toThrow(/content-type/);
});

test('deriveSigningKey chains HMAC("TC3"+key, date) → service → "tc3_request"', () => {
  const keys = deriveSigningKey("k", "2024-01-02", "tke");
  const h = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
  expect(keys.secretDate).toEqual(h("TC3k", "2024-01-02"));
  expect(keys.secretService).toEqual(h(keys.secretDate, "tke"));
  expect(keys.secretSigning).toEqual(h(keys.secretService, "tc3_request"));
});

test("cachedSigningKey derives once per secret key, date and service, and is right across a new day", () => {
  const first = cachedSigningKey("k1", "2024-01-02", "tke");
  expect(first).toEqual(deriveSigningKey("k1", "2024-01-02", "tke").secretSigning);
  expect(cachedSigningKey("k1", "2024-01-02", "tke")).toBe(first); // the same object: not derived again
  expect(cachedSigningKey("k1", "2024-01-03", "tke")).toEqual(
    deriveSigningKey("k1", "2024-01-03", "tke").secretSigning,
  );
  expect(cachedSigningKey("k1", "2024-01-03", "cvm")).toEqual(
    deriveSigningKey("k1", "2024-01-03", "cvm").secretSigning,
  );
  expect(cachedSigningKey("k2", "2024-01-03", "cvm")).toEqual(
    deriveSigningKey("k2", "2024-01-03", "cvm").secretSigning,
  );
  // Signatures a day apart with the same credentials each use their own day's key.
  const req = post("https://tke.tencentcloudapi.com/");
  const day = 86_400;
  for (const timestamp of [base.timestamp, base.timestamp + day, base.timestamp]) {
    const keys = deriveSigningKey(FAKE.secretKey, utcDate(timestamp), "tke");
    const sig = /Signature=([0-9a-f]{64})$/.exec(signTc3Request(req, { ...base, timestamp }).authorization)![1];
    const cr = canonicalRequest(req, headersToSign(req, base.action), ["content-type", "host"]);
    const scope = `${utcDate(timestamp)}/tke/tc3_request`;
    const sts = `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${createHash("sha256").update(cr).digest("hex")}`;
    expect(sig).toBe(createHmac("sha256", keys.secretSigning).update(sts).digest("hex"));
  }
});

describe("signTc3Request", () => {
  test("returns the common headers; region, token and language only when given", () => {
    const req = post("https://tke.tencentcloudapi.com/");
    const minimal = signTc3Request(req, base);
    expect(Object.keys(minimal).sort()).toEqual(["authorization", "x-tc-action", "x-tc-timestamp", "x-tc-version"]);
    expect(minimal["x-tc-timestamp"]).toBe("1700000000");
    expect(minimal.authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKEFAKEEXAMPLE\/2023-11-14\/tke\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
    );
    const full = signTc3Request(req, {
      ...base,
      credentials: { ...FAKE, token: "fake-session-token" },
      region: "ap-guangzhou",
      language: "en-US",
    });
    expect(full["x-tc-region"]).toBe("ap-guangzhou");
    expect(full["x-tc-token"]).toBe("fake-session-token");
    expect(full["x-tc-language"]).toBe("en-US");
    // the token, region and language are sent but not signed (as the SDK does)
    expect(full.authorization).toBe(minimal.authorization);
  });

  test("the service comes from the parameter, never from an endpoint override host", () => {
    const real = signTc3Request(post("https://tke.tencentcloudapi.com/"), base);
    const override = signTc3Request(post("https://127.0.0.1:8443/"), base);
    expect(override.authorization).toContain("/tke/tc3_request");
    // with the real host as the Host header, the override signs exactly like the real endpoint
    const viaHost = signTc3Request(
      post("https://127.0.0.1:8443/", { "content-type": "application/json", host: "tke.tencentcloudapi.com" }),
      base,
    );
    expect(viaHost.authorization).toBe(real.authorization);
    expect(override.authorization).not.toBe(real.authorization);
  });

  test("signActionHeader also signs x-tc-action with its value lower-cased", () => {
    const req = post("https://tke.tencentcloudapi.com/");
    const out = signTc3Request(req, { ...base, signActionHeader: true });
    expect(out.authorization).toContain("SignedHeaders=content-type;host;x-tc-action,");
    expect(out["x-tc-action"]).toBe("DescribeClusterKubeconfig");
    const cr = canonicalRequest(req, headersToSign(req, base.action), ["content-type", "host", "x-tc-action"]);
    expect(cr).toContain("\nx-tc-action:describeclusterkubeconfig\n");
  });

  test("the signature depends on the timestamp, the key, the body and the path", () => {
    const req = post("https://tke.tencentcloudapi.com/");
    const sig = signTc3Request(req, base).authorization;
    expect(signTc3Request(req, { ...base, timestamp: base.timestamp + 1 }).authorization).not.toBe(sig);
    expect(signTc3Request(req, { ...base, credentials: { ...FAKE, secretKey: "other-fake" } }).authorization).not.toBe(
      sig,
    );
    expect(signTc3Request({ ...req, body: Buffer.from("{}") }, base).authorization).not.toBe(sig);
    expect(signTc3Request(post("https://tke.tencentcloudapi.com/v2"), base).authorization).not.toBe(sig);
  });

  test("refuses a request without content-type and a timestamp that is not Unix seconds", () => {
    expect(() => signTc3Request(post("https://tke.tencentcloudapi.com/", {}), base)).toThrow(/content-type/);
    expect(() => signTc3Request(post("https://tke.tencentcloudapi.com/"), { ...base, timestamp: 1.5 })).toThrow(
      /timestamp/,
    );
  });
});
