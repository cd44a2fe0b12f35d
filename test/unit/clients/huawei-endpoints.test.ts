import {
  UCS_INTL_ENDPOINT,
  cloudDomainFor,
  joinUrl,
  pathSegment,
  resolveHuaweiEndpoints,
} from "../../../provider/huaweicloud/endpoints";
import { TKE_INTL_ENDPOINT, resolveTkeEndpoint, tkeRequestUrl } from "../../../provider/tencentcloud/endpoints";

describe("Huawei endpoints", () => {
  test("default cloud: global UCS, regional CCE/IAM/VPCEP", () => {
    expect(resolveHuaweiEndpoints({ region: "cn-north-4" })).toEqual({
      region: "cn-north-4",
      ucs: "https://ucs.myhuaweicloud.com",
      iam: "https://iam.cn-north-4.myhuaweicloud.com",
      cce: "https://cce.cn-north-4.myhuaweicloud.com",
      vpcep: "https://vpcep.cn-north-4.myhuaweicloud.com",
    });
  });

  test("the international UCS host is the ucs override (as the Terraform provider's `endpoints`)", () => {
    const e = resolveHuaweiEndpoints({ region: "ap-southeast-1", overrides: { ucs: "ucs-intl.myhuaweicloud.com" } });
    expect(e.ucs).toBe(UCS_INTL_ENDPOINT);
    expect(e.cce).toBe("https://cce.ap-southeast-1.myhuaweicloud.com");
  });

  test("eu-west-1* regions use the .eu cloud domain, UCS regional", () => {
    const e = resolveHuaweiEndpoints({ region: "eu-west-101" });
    expect(e.cce).toBe("https://cce.eu-west-101.myhuaweicloud.eu");
    expect(e.iam).toBe("https://iam.eu-west-101.myhuaweicloud.eu");
    expect(e.ucs).toBe("https://ucs.eu-west-101.myhuaweicloud.eu");
    expect(cloudDomainFor("eu-west-0")).toBe("myhuaweicloud.com");
  });

  test("a cloud domain setting (Open Telekom Cloud) applies to every service", () => {
    const e = resolveHuaweiEndpoints({ region: "eu-de", cloud: "otc.t-systems.com" });
    expect(e.cce).toBe("https://cce.eu-de.otc.t-systems.com");
    expect(e.vpcep).toBe("https://vpcep.eu-de.otc.t-systems.com");
    expect(e.ucs).toBe("https://ucs.eu-de.otc.t-systems.com");
  });

  test("without a region, regional services are absent and IAM is global", () => {
    const e = resolveHuaweiEndpoints({});
    expect(e.cce).toBeUndefined();
    expect(e.vpcep).toBeUndefined();
    expect(e.iam).toBe("https://iam.myhuaweicloud.com");
  });

  test("overrides win, keep their path prefix, lose trailing slashes, accept bare hosts", () => {
    const e = resolveHuaweiEndpoints({
      region: "cn-north-4",
      overrides: { cce: "https://127.0.0.1:8443/cce.cn-north-4.myhuaweicloud.com/", ucs: "ucs.example.test" },
    });
    expect(e.cce).toBe("https://127.0.0.1:8443/cce.cn-north-4.myhuaweicloud.com");
    expect(e.ucs).toBe("https://ucs.example.test");
    expect(() => resolveHuaweiEndpoints({ overrides: { iam: "ftp://x" } })).toThrow(/iam/);
    expect(() => resolveHuaweiEndpoints({ overrides: { iam: "https://x/?a=1" } })).toThrow(/query/);
  });

  test("nothing that would change the host gets into a URL: plain http, user info, odd regions and clouds", () => {
    expect(() => resolveHuaweiEndpoints({ overrides: { cce: "http://cce.example.test" } })).toThrow(/https/);
    expect(() => resolveHuaweiEndpoints({ overrides: { cce: "https://u:p@cce.example.test" } })).toThrow(/user/);
    expect(() => resolveHuaweiEndpoints({ overrides: { cce: "https://h.example\\@x.example" } })).toThrow(/backslash/);
    for (const region of ["attacker.example/x#", "cn-north-4.evil", "a b", "x/y"]) {
      expect(() => resolveHuaweiEndpoints({ region })).toThrow(/region/);
    }
    for (const cloud of ["evil.example/x", "user@evil.example", "com", "a..b"]) {
      expect(() => resolveHuaweiEndpoints({ region: "eu-de", cloud })).toThrow(/cloud/);
    }
  });

  test("joinUrl keeps the base path prefix and escapes query values RFC 3986 style", () => {
    const u = joinUrl("https://127.0.0.1:9/cce.cn-north-4.myhuaweicloud.com/", "/api/v3/projects/p/clusters", {
      name: "a b&c",
      skip: undefined,
      n: 2,
      star: "*(x)!",
    });
    expect(u.toString()).toBe(
      "https://127.0.0.1:9/cce.cn-north-4.myhuaweicloud.com/api/v3/projects/p/clusters?name=a%20b%26c&n=2&star=%2A%28x%29%21",
    );
    expect(() => joinUrl("https://h", "relative")).toThrow();
  });

  test("pathSegment escapes reserved characters and refuses segments URL parsers would collapse", () => {
    expect(pathSegment("id", "a/b?c#d%e f")).toBe("a%2Fb%3Fc%23d%25e%20f");
    for (const bad of ["", ".", ".."]) expect(() => pathSegment("clusterId", bad)).toThrow(/clusterId/);
    const u = joinUrl("https://h/prefix", `/v1/clusters/${pathSegment("id", "../x")}/kubeconfig`);
    expect(u.pathname).toBe("/prefix/v1/clusters/..%2Fx/kubeconfig");
  });
});

describe("Tencent endpoints", () => {
  test("default, the root domain (international and region-specific hosts) and the full override", () => {
    expect(resolveTkeEndpoint()).toBe("https://tke.tencentcloudapi.com");
    expect(resolveTkeEndpoint({ domain: "intl.tencentcloudapi.com" })).toBe(TKE_INTL_ENDPOINT);
    expect(resolveTkeEndpoint({ domain: "ap-guangzhou.tencentcloudapi.com" })).toBe(
      "https://tke.ap-guangzhou.tencentcloudapi.com",
    );
    expect(resolveTkeEndpoint({ domain: "internal.example.test" })).toBe("https://tke.internal.example.test");
    expect(resolveTkeEndpoint({ endpoint: "https://127.0.0.1:7/tke.tencentcloudapi.com/", domain: "x.test" })).toBe(
      "https://127.0.0.1:7/tke.tencentcloudapi.com",
    );
    expect(resolveTkeEndpoint({ endpoint: "tke.ap-shanghai.tencentcloudapi.com" })).toBe(
      "https://tke.ap-shanghai.tencentcloudapi.com",
    );
  });

  test("nothing that would change the host gets into the URL", () => {
    for (const domain of ["evil.example/x?", "user@evil.example", "com"]) {
      expect(() => resolveTkeEndpoint({ domain })).toThrow(/domain/);
    }
    expect(() => resolveTkeEndpoint({ endpoint: "http://tke.example.test" })).toThrow(/https/);
    expect(() => resolveTkeEndpoint({ endpoint: "https://id:key@tke.example.test" })).toThrow(/user/);
    expect(() => resolveTkeEndpoint({ endpoint: "https://tke.example.test/#x" })).toThrow(/fragment/);
  });

  test("requests go to the base path plus /", () => {
    expect(tkeRequestUrl("https://127.0.0.1:7/tke.tencentcloudapi.com").toString()).toBe(
      "https://127.0.0.1:7/tke.tencentcloudapi.com/",
    );
    expect(tkeRequestUrl("https://tke.tencentcloudapi.com").toString()).toBe("https://tke.tencentcloudapi.com/");
  });
});
