// Step functions of the Huawei SDK-HMAC-SHA256 signer (docs/vendor-apis.md §4).
import { createHash } from "crypto";
import {
  authTokenHeaders,
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  escape,
  formatSdkDate,
  hashPayload,
  headersToSign,
  signHuaweiRequest,
  signedHeaderNames,
} from "../../../provider/huaweicloud/signer";
import type { SignableRequest } from "../../../provider/http/types";

const FAKE = { accessKey: "FAKEACCESSKEYEXAMPLE", secretKey: "fake-secret-key-for-tests-only" };
const now = new Date("2024-02-29T23:59:58.765Z");
const get = (url: string, headers: Record<string, string> = {}): SignableRequest => ({
  method: "GET",
  url: new URL(url),
  headers,
  body: new Uint8Array(0),
});
const signedOf = (authorization: string): string => /SignedHeaders=([^,]*),/.exec(authorization)![1];

test("formatSdkDate renders UTC YYYYMMDDTHHMMSSZ and drops milliseconds", () => {
  expect(formatSdkDate(now)).toBe("20240229T235958Z");
  expect(formatSdkDate(new Date(0))).toBe("19700101T000000Z");
});

test("escape keeps only A-Za-z0-9-_.~ and writes UTF-8 bytes as uppercase %XX", () => {
  expect(escape("AZaz09-_.~")).toBe("AZaz09-_.~");
  expect(escape(" /+*%")).toBe("%20%2F%2B%2A%25");
  expect(escape("é一😀")).toBe("%C3%A9%E4%B8%80%F0%9F%98%80");
});

test("canonicalUri decodes each segment, escapes it again and ends in '/'", () => {
  expect(canonicalUri("")).toBe("/");
  expect(canonicalUri("/")).toBe("/");
  expect(canonicalUri("/v3/projects/p1/clusters")).toBe("/v3/projects/p1/clusters/");
  expect(canonicalUri("/v1/vpcs/")).toBe("/v1/vpcs/");
  // %2F stays inside its segment; a lower-case %xx is normalized; '!' and '*' get escaped
  expect(canonicalUri("/a%2Fb/%e4%b8%80/x!*")).toBe("/a%2Fb/%E4%B8%80/x%21%2A/");
  // a stray '%' that is not an escape is a literal '%'
  expect(canonicalUri("/100%/x")).toBe("/100%25/x/");
  expect(canonicalUri(new URL("https://h/a b/é").pathname)).toBe("/a%20b/%C3%A9/");
});

test("canonicalQueryString sorts escaped keys and repeated values in byte order and keeps empty values", () => {
  expect(canonicalQueryString("")).toBe("");
  expect(canonicalQueryString("?b=2&a=&a=1&B=x&flag")).toBe("B=x&a=&a=1&b=2&flag=");
  // '+' in a query is a space (form encoding, as url.searchParams writes it)
  expect(canonicalQueryString("?q=a+b&r=a%2Bb")).toBe("q=a%20b&r=a%2Bb");
  expect(
    canonicalQueryString(
      new URLSearchParams([
        ["k", "v2"],
        ["k", "v10"],
      ]),
    ),
  ).toBe("k=v10&k=v2");
  expect(canonicalQueryString([["", "v"]])).toBe("=v");
});

test("signedHeaderNames lower-cases, sorts, and skips '_' names and authorization", () => {
  expect(
    signedHeaderNames({ "X-Sdk-Date": "d", host: "h", "Content-Type": "c", x_underscore: "u", authorization: "a" }),
  ).toEqual(["content-type", "host", "x-sdk-date"]);
});

test("canonicalHeaders trims values and ends every line with a newline", () => {
  const h = { "x-a": "  one two  ", host: "h" };
  expect(canonicalHeaders(h, ["host", "x-a"])).toBe("host:h\nx-a:one two\n");
});

test("hashPayload hashes the exact bytes and uses the empty-body constant", () => {
  expect(hashPayload(new Uint8Array(0))).toBe(createHash("sha256").update("").digest("hex"));
  const bytes = Buffer.from('{"名":"値"}\n', "utf8");
  expect(hashPayload(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
});

test("X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD replaces the body hash", () => {
  const req: SignableRequest = { ...get("https://h/x"), method: "PUT", body: Buffer.from("bytes") };
  const cr = canonicalRequest(req, headersToSign(req, "20240101T000000Z"));
  expect(cr.endsWith("\n" + hashPayload(req.body))).toBe(true);
  const unsigned = { ...req, headers: { "x-sdk-content-sha256": "UNSIGNED-PAYLOAD" } };
  expect(canonicalRequest(unsigned, headersToSign(unsigned, "20240101T000000Z")).endsWith("\nUNSIGNED-PAYLOAD")).toBe(
    true,
  );
});

describe("signHuaweiRequest", () => {
  test("returns x-sdk-date and authorization, signing the caller's headers plus host and x-sdk-date", () => {
    const req = get("https://ucs.myhuaweicloud.com/v1/clusters", {
      "content-type": "application/json",
      "x-domain-id": "fake-domain",
    });
    const out = signHuaweiRequest(req, FAKE, now);
    expect(Object.keys(out).sort()).toEqual(["authorization", "x-sdk-date"]);
    expect(out["x-sdk-date"]).toBe("20240229T235958Z");
    expect(out.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=FAKEACCESSKEYEXAMPLE, SignedHeaders=content-type;host;x-domain-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers).toEqual({ "content-type": "application/json", "x-domain-id": "fake-domain" });
  });

  test("temporary credentials add a signed x-security-token", () => {
    const req = get("https://cce.ap-southeast-1.myhuaweicloud.com/api/v3/projects/p/clusters");
    const out = signHuaweiRequest(req, { ...FAKE, securityToken: "fake-sts-token" }, now);
    expect(out["x-security-token"]).toBe("fake-sts-token");
    expect(signedOf(out.authorization)).toBe("host;x-sdk-date;x-security-token");
    const other = signHuaweiRequest(req, { ...FAKE, securityToken: "another-fake-token" }, now);
    expect(other.authorization).not.toBe(out.authorization);
  });

  test("the signature depends on the clock, the secret key, the method, the path and the body", () => {
    const req = get("https://h.example.com/a");
    const sig = signHuaweiRequest(req, FAKE, now).authorization;
    expect(signHuaweiRequest(req, FAKE, new Date(now.getTime() + 1000)).authorization).not.toBe(sig);
    expect(signHuaweiRequest(req, { ...FAKE, secretKey: "other-fake" }, now).authorization).not.toBe(sig);
    expect(signHuaweiRequest({ ...req, method: "DELETE" }, FAKE, now).authorization).not.toBe(sig);
    expect(signHuaweiRequest(get("https://h.example.com/b"), FAKE, now).authorization).not.toBe(sig);
    expect(signHuaweiRequest({ ...req, body: Buffer.from("x") }, FAKE, now).authorization).not.toBe(sig);
    // the trailing '/' is added for signing only, so /a and /a/ sign alike
    expect(signHuaweiRequest(get("https://h.example.com/a/"), FAKE, now).authorization).toBe(sig);
  });

  test("host: the explicit host header wins; else the URL host with a non-default port only", () => {
    const withPort = headersToSign(get("https://127.0.0.1:8443/x"), "d");
    expect(withPort.host).toBe("127.0.0.1:8443");
    expect(headersToSign(get("https://h.example.com:443/x"), "d").host).toBe("h.example.com");
    expect(headersToSign(get("https://127.0.0.1:8443/x", { host: "ucs.myhuaweicloud.com" }), "d").host).toBe(
      "ucs.myhuaweicloud.com",
    );
    const viaHeader = signHuaweiRequest(get("https://127.0.0.1:8443/x", { host: "ucs.myhuaweicloud.com" }), FAKE, now);
    expect(viaHeader.authorization).toBe(
      signHuaweiRequest(get("https://ucs.myhuaweicloud.com/x"), FAKE, now).authorization,
    );
  });

  test("an x-sdk-date already on the request is replaced by the injected clock", () => {
    const stale = get("https://h.example.com/a", { "x-sdk-date": "20000101T000000Z" });
    const out = signHuaweiRequest(stale, FAKE, now);
    expect(out["x-sdk-date"]).toBe("20240229T235958Z");
    expect(out.authorization).toBe(signHuaweiRequest(get("https://h.example.com/a"), FAKE, now).authorization);
  });
});

test("authTokenHeaders carries an IAM token in X-Auth-Token", () => {
  expect(authTokenHeaders("fake-iam-token")).toEqual({ "x-auth-token": "fake-iam-token" });
});
