import { proxyHostFor, resolveProxyUrls } from "../../../provider/http/proxy-route";

const u = (s: string) => new URL(s);

describe("resolveProxyUrls", () => {
  it("explicit settings replace the environment ('' = none)", () => {
    const env = { HTTPS_PROXY: "http://env:1", NO_PROXY: "x" };
    expect(resolveProxyUrls({ httpsProxy: "http://p:2" }, env)).toEqual({
      httpProxy: "",
      httpsProxy: "http://p:2",
      noProxy: "",
    });
  });
  it("reads either case from the environment, lower case first; NO_PROXY stays per request", () => {
    expect(resolveProxyUrls(undefined, { https_proxy: "http://a:1", HTTPS_PROXY: "http://b:1" })).toEqual({
      httpProxy: "",
      httpsProxy: "http://a:1",
    });
    expect(resolveProxyUrls(undefined, { https_proxy: "", HTTPS_PROXY: "http://b:1" }).httpsProxy).toBe("");
  });
});

describe("proxyHostFor", () => {
  const urls = { httpProxy: "http://user:FAKEpw@hp.corp:3128", httpsProxy: "", noProxy: "" };
  it("names host:port without userinfo; https targets fall back to the http proxy", () => {
    expect(proxyHostFor(u("https://ucs.example.com/x?y"), urls)).toBe("hp.corp:3128");
    expect(proxyHostFor(u("http://ucs.example.com/"), { ...urls, httpProxy: "https://sp.corp" })).toBe("sp.corp:443");
  });
  it.each([
    ["example.com", "https://example.com/", true],
    ["example.com", "https://api.example.com/", true],
    [".example.com", "https://api.example.com/", true],
    ["*.example.com", "https://api.example.com/", true],
    ["example.com", "https://notexample.com/", false],
    ["example.com:8443", "https://example.com:8443/", true],
    ["example.com:8443", "https://example.com/", false],
    ["a.test, example.com", "https://example.com/", true],
    ["*", "https://anything.test/", true],
  ])("NO_PROXY %j for %s bypasses: %s", (noProxy, target, bypassed) => {
    const host = proxyHostFor(u(target), { ...urls, noProxy });
    expect(host === undefined).toBe(bypassed);
  });
  it("reads NO_PROXY from the environment when not given explicitly", () => {
    const envUrls = { httpProxy: "http://hp:1", httpsProxy: "" };
    expect(proxyHostFor(u("https://a.example/"), envUrls, { no_proxy: "example" })).toBeUndefined();
    expect(proxyHostFor(u("https://a.example/"), envUrls, {})).toBe("hp:1");
  });
  it("no proxy configured: direct", () => {
    expect(proxyHostFor(u("https://a.example/"), { httpProxy: "", httpsProxy: "", noProxy: "" })).toBeUndefined();
  });
});
