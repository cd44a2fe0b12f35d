/**
 * Settings from the stack config and the environment pass the same rules as the resource inputs: a bad value
 * fails `check` on the property it stands for, naming the setting and where it came from (never the value),
 * and no vendor URL is ever built from it.
 */
import { provider, type ResourceKind } from "../../../provider";
import { closeSharedTransports } from "../../../provider/http";
import { HuaweiCredentialsError } from "../../../provider/huaweicloud/credentials";
import { TencentCredentialsError } from "../../../provider/tencentcloud/credentials";
import { UCS_INTL_ENDPOINT } from "../../../provider/huaweicloud/endpoints";
import { huaweiApis } from "../../../provider/resources/huawei-apis";
import { tencentApis } from "../../../provider/resources/tencent-apis";
import { contextWith } from "../../../provider/resources/context";
import { resetStackConfig, type StackConfig } from "../../support/provider-stack-config";
import { TKE_INTL_ENDPOINT } from "../../../provider/tencentcloud/endpoints";
import { expectNoSecrets } from "../../support/secret-scan";
import { thrown } from "../../support/failures";

const NOW = new Date("2026-01-15T00:00:00Z");
const HW_SECRET = "fake-settings-huawei-secret-0123456789";
const TC_SECRET = "fake-settings-tencent-secret-0123456789";
const uuid = "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02";
const hex32 = "0123456789abcdef0123456789abcdef";

const BASE: StackConfig = {
  "huaweicloud:accessKey": "FAKESETTINGSACCESSKEY",
  "huaweicloud:secretKey": HW_SECRET,
  "tencentcloud:secretId": "AKIDFAKESETTINGS",
  "tencentcloud:secretKey": TC_SECRET,
};

/** Every variable these tests touch; saved and cleared around each test. */
const ENV_NAMES = [
  "HW_REGION_NAME",
  "OS_REGION_NAME",
  "HW_PROJECT_ID",
  "OS_PROJECT_ID",
  "HUAWEICLOUD_SDK_PROJECT_ID",
  "HW_DOMAIN_ID",
  "OS_DOMAIN_ID",
  "OS_USER_DOMAIN_ID",
  "OS_PROJECT_DOMAIN_ID",
  "HUAWEICLOUD_SDK_DOMAIN_ID",
  "HW_CLOUD",
  "HW_ACCESS_KEY",
  "HW_SECRET_KEY",
  "HW_SECURITY_TOKEN",
  "HW_AUTH_TOKEN",
  "OS_ACCESS_KEY",
  "OS_SECRET_KEY",
  "HUAWEICLOUD_SDK_AK",
  "HUAWEICLOUD_SDK_SK",
  "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  "HUAWEICLOUD_SDK_REGION_UCS_CN_NORTH_4",
  "HUAWEICLOUD_SDK_REGION_CCE_CN_NORTH_4",
  "TENCENTCLOUD_SECRET_ID",
  "TENCENTCLOUD_SECRET_KEY",
  "TENCENTCLOUD_SECURITY_TOKEN",
  "TENCENTCLOUD_REGION",
  "TENCENTCLOUD_DOMAIN",
];
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const k of ENV_NAMES) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
});
afterEach(() => {
  for (const k of ENV_NAMES) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetStackConfig();
});
afterAll(() => closeSharedTransports());

const check = (kind: ResourceKind, news: Record<string, unknown>) => provider(kind, { now: () => NOW }).check({}, news);

describe("a Huawei region from the stack config or the environment", () => {
  const cce = { clusterId: uuid, projectId: hex32 };

  test("a hostile stack config region fails check on `region`, naming the key, and builds no URL", async () => {
    const bad = "attacker.example/x#";
    resetStackConfig({ ...BASE, "huaweicloud:region": bad });
    const res = await check("CceClusterKubeconfig", cce);
    expect(res.failures).toHaveLength(1);
    expect(res.failures[0].property).toBe("region");
    expect(res.failures[0].reason).toContain("stack config huaweicloud:region");
    expect(res.failures[0].reason).toContain("cn-north-4");
    expect(res.failures[0].reason).not.toContain("attacker");
    const e = thrown(() => huaweiApis(cce, contextWith()));
    expect(e.message).toContain("stack config huaweicloud:region");
    expect(e.message).not.toContain("attacker");
  });

  test("from the environment it names the variable; OS_REGION_NAME as the fallback", async () => {
    resetStackConfig(BASE);
    process.env.HW_REGION_NAME = "cn-north-4.evil.example";
    const res = await check("CceClusterKubeconfig", cce);
    expect(res.failures.map((f) => f.property)).toEqual(["region"]);
    expect(res.failures[0].reason).toContain("environment variable HW_REGION_NAME");
    delete process.env.HW_REGION_NAME;
    process.env.OS_REGION_NAME = "CN_NORTH_4";
    const os = await check("UcsClusterKubeconfig", { clusterId: uuid });
    expect(os.failures.map((f) => f.property)).toEqual(["region"]);
    expect(os.failures[0].reason).toContain("environment variable OS_REGION_NAME");
  });

  test("a call that needs a region and has none fails with the package's error, naming where to set it", () => {
    resetStackConfig(BASE);
    const e = thrown(() => huaweiApis({}, contextWith()).region());
    expect(e).toBeInstanceOf(HuaweiCredentialsError);
    expect(e.message).toContain("stack config huaweicloud:region");
    expect(e.message).toContain("environment variable HW_REGION_NAME");
  });

  test("the input wins, and an unused lower-precedence value is not judged", async () => {
    resetStackConfig({ ...BASE, "huaweicloud:region": "bad/region" });
    process.env.HW_REGION_NAME = "also bad";
    expect((await check("CceClusterKubeconfig", { ...cce, region: "cn-north-4" })).failures).toEqual([]);
    expect(huaweiApis({ ...cce, region: "cn-north-4" }, contextWith()).endpoints.cce).toBe(
      "https://cce.cn-north-4.myhuaweicloud.com",
    );
  });
});

describe("Huawei project and domain ids from config or environment", () => {
  test("project id from the stack config and from HUAWEICLOUD_SDK_PROJECT_ID", async () => {
    resetStackConfig({ ...BASE, "huaweicloud:region": "cn-north-4", "huaweicloud:projectId": "../other" });
    const res = await check("CceClusterKubeconfig", { clusterId: uuid });
    expect(res.failures.map((f) => f.property)).toEqual(["projectId"]);
    expect(res.failures[0].reason).toContain("stack config huaweicloud:projectId");
    expect(res.failures[0].reason).toContain("32 hex digits");
    resetStackConfig({ ...BASE, "huaweicloud:region": "cn-north-4" });
    process.env.HUAWEICLOUD_SDK_PROJECT_ID = "x".repeat(500);
    const env = await check("CceClusterKubeconfig", { clusterId: uuid });
    expect(env.failures.map((f) => f.property)).toEqual(["projectId"]);
    expect(env.failures[0].reason).toContain("environment variable HUAWEICLOUD_SDK_PROJECT_ID");
    expect(env.failures[0].reason).not.toContain("xxxx");
  });

  test("domain id from OS_USER_DOMAIN_ID", async () => {
    resetStackConfig({ ...BASE, "huaweicloud:region": "cn-north-4" });
    process.env.OS_USER_DOMAIN_ID = "domain\r\nX-Injected: 1";
    const res = await check("UcsClusterKubeconfig", { clusterId: uuid });
    expect(res.failures.map((f) => f.property)).toEqual(["domainId"]);
    expect(res.failures[0].reason).toContain("environment variable OS_USER_DOMAIN_ID");
    expect(res.failures[0].reason).not.toContain("Injected");
  });

  test("valid ids from every source pass and are used", async () => {
    resetStackConfig({ ...BASE, "huaweicloud:region": "cn-north-4", "huaweicloud:domainId": hex32 });
    process.env.HW_PROJECT_ID = hex32.toUpperCase();
    expect((await check("CceClusterKubeconfig", { clusterId: uuid })).failures).toEqual([]);
    expect(await huaweiApis({ clusterId: uuid }, contextWith()).projectId()).toBe(hex32.toUpperCase());
  });
});

describe("the Huawei cloud domain", () => {
  test("HW_CLOUD must be a DNS domain; the failure names the variable under huaweicloud:cloud", async () => {
    resetStackConfig({ ...BASE, "huaweicloud:region": "eu-de" });
    for (const bad of [
      "evil.example/x",
      "evil.example:443",
      "user@evil.example",
      "-bad.example",
      "localhost",
      "a..b",
    ]) {
      process.env.HW_CLOUD = bad;
      const res = await check("UcsClusterKubeconfig", { clusterId: uuid });
      expect(res.failures.map((f) => f.property)).toEqual(["huaweicloud:cloud"]);
      expect(res.failures[0].reason).toContain("environment variable HW_CLOUD");
      expect(res.failures[0].reason).not.toContain(bad);
    }
    process.env.HW_CLOUD = "otc.t-systems.com";
    expect((await check("UcsClusterKubeconfig", { clusterId: uuid })).failures).toEqual([]);
    expect(huaweiApis({}, contextWith()).endpoints.cce).toBe("https://cce.eu-de.otc.t-systems.com");
  });
});

describe("Huawei endpoint overrides", () => {
  const region = { ...BASE, "huaweicloud:region": "cn-north-4" };

  test.each([
    ["http://cce.example.test", "https"],
    ["https://user:s3cr3t-pw@cce.example.test", "user name or password"],
    ["https://cce.example.test/?token=abc", "query"],
    ["https://cce.example.test/#frag", "fragment"],
    ["https://cce.example.test\\@other.example", "backslash"],
    ["https://cce.example.test/a b", "whitespace"],
    ["file:///etc/passwd", "https"],
    ["https://", "absolute"],
  ])("stack config %s is refused (%s), naming the key and service, never the value", async (url, why) => {
    resetStackConfig({ ...region, "huaweicloud:endpoints": JSON.stringify({ cce: url }) });
    const res = await check("CceClusterKubeconfig", { clusterId: uuid, projectId: hex32 });
    expect(res.failures.map((f) => f.property)).toEqual(["huaweicloud:endpoints"]);
    expect(res.failures[0].reason).toContain("stack config huaweicloud:endpoints");
    expect(res.failures[0].reason).toContain("cce");
    expect(res.failures[0].reason).toContain(why);
    expect(res.failures[0].reason).not.toContain("s3cr3t-pw");
    expect(res.failures[0].reason).not.toContain("token=abc");
    expect(thrown(() => huaweiApis({}, contextWith())).message).toContain("stack config huaweicloud:endpoints");
  });

  test("structure errors name the key too", async () => {
    for (const [json, what] of [
      ["{not json", "JSON object"],
      ["[]", "JSON object"],
      ['{"ecs":"https://ecs.example.test"}', 'unknown service "ecs"'],
      ['{"cce":42}', "cce"],
    ]) {
      resetStackConfig({ ...region, "huaweicloud:endpoints": json });
      const res = await check("UcsClusterKubeconfig", { clusterId: uuid });
      expect(res.failures.map((f) => f.property)).toEqual(["huaweicloud:endpoints"]);
      expect(res.failures[0].reason).toContain("stack config huaweicloud:endpoints");
      expect(res.failures[0].reason).toContain(what);
    }
  });

  test("the Huawei SDK's HUAWEICLOUD_SDK_REGION_{SERVICE}_{REGION} variables override per service", async () => {
    resetStackConfig(region);
    process.env.HUAWEICLOUD_SDK_REGION_UCS_CN_NORTH_4 = "ucs-intl.myhuaweicloud.com";
    expect((await check("UcsClusterKubeconfig", { clusterId: uuid })).failures).toEqual([]);
    expect(huaweiApis({}, contextWith()).endpoints.ucs).toBe(UCS_INTL_ENDPOINT);
    // The config map wins per service; services it leaves out still come from the environment.
    process.env.HUAWEICLOUD_SDK_REGION_CCE_CN_NORTH_4 = "https://cce.env.example.test";
    resetStackConfig({ ...region, "huaweicloud:endpoints": '{"ucs":"https://ucs.config.example.test"}' });
    const e = huaweiApis({}, contextWith()).endpoints;
    expect(e.ucs).toBe("https://ucs.config.example.test");
    expect(e.cce).toBe("https://cce.env.example.test");
    process.env.HUAWEICLOUD_SDK_REGION_CCE_CN_NORTH_4 = "http://cce.env.example.test";
    const res = await check("CceClusterKubeconfig", { clusterId: uuid, projectId: hex32 });
    expect(res.failures.map((f) => f.property)).toEqual(["huaweicloud:endpoints"]);
    expect(res.failures[0].reason).toContain("environment variable HUAWEICLOUD_SDK_REGION_CCE_CN_NORTH_4");
  });

  test("the international UCS host through the huaweicloud:endpoints map (the Terraform provider's `endpoints`)", () => {
    resetStackConfig({ ...region, "huaweicloud:endpoints": '{"ucs":"ucs-intl.myhuaweicloud.com"}' });
    expect(huaweiApis({}, contextWith()).endpoints.ucs).toBe(UCS_INTL_ENDPOINT);
  });
});

describe("Huawei credentials from config and environment follow the input rules", () => {
  test("too long a secret key in the stack config names the key, not the value", async () => {
    const long = HW_SECRET.repeat(10);
    resetStackConfig({ ...BASE, "huaweicloud:secretKey": long, "huaweicloud:region": "cn-north-4" });
    const res = await check("UcsClusterKubeconfig", { clusterId: uuid });
    expect(res.failures.map((f) => f.property)).toEqual(["credentials"]);
    expect(res.failures[0].reason).toContain("stack config huaweicloud:secretKey");
    expect(res.failures[0].reason).toContain("256");
    expectNoSecrets(res.failures, { long, HW_SECRET });
  });

  test("from the environment, the variable is named", async () => {
    resetStackConfig({ "huaweicloud:region": "cn-north-4" });
    process.env.HW_ACCESS_KEY = "A".repeat(300);
    process.env.HW_SECRET_KEY = HW_SECRET;
    const res = await check("UcsClusterKubeconfig", { clusterId: uuid });
    expect(res.failures.map((f) => f.property)).toEqual(["credentials"]);
    expect(res.failures[0].reason).toContain("environment variable HW_ACCESS_KEY");
    expectNoSecrets(res.failures, { HW_SECRET });
  });
});

describe("Tencent settings", () => {
  const tke = { clusterId: "cls-abcd1234" };

  test("no region anywhere fails check on `region`, naming every place it may be set", async () => {
    resetStackConfig(BASE);
    const res = await check("TkeClusterKubeconfig", tke);
    expect(res.failures.map((f) => f.property)).toEqual(["region"]);
    for (const w of [
      "input `region`",
      "stack config tencentcloud:region",
      "environment variable TENCENTCLOUD_REGION",
    ]) {
      expect(res.failures[0].reason).toContain(w);
    }
    const e = thrown(() => tencentApis(tke, contextWith()));
    expect(e).toBeInstanceOf(TencentCredentialsError);
    expect(e.message).toBe(res.failures[0].reason);
  });

  test("TENCENTCLOUD_REGION is checked like the region input", async () => {
    resetStackConfig(BASE);
    process.env.TENCENTCLOUD_REGION = "ap-guangzhou.evil.example/";
    const res = await check("TkeClusterKubeconfig", tke);
    expect(res.failures.map((f) => f.property)).toEqual(["region"]);
    expect(res.failures[0].reason).toContain("environment variable TENCENTCLOUD_REGION");
    expect(res.failures[0].reason).not.toContain("evil");
  });

  test("tencentcloud:domain / TENCENTCLOUD_DOMAIN must be a DNS domain", async () => {
    resetStackConfig({ ...BASE, "tencentcloud:region": "ap-guangzhou", "tencentcloud:domain": "evil.example/x?" });
    const res = await check("TkeClusterKubeconfig", tke);
    expect(res.failures.map((f) => f.property)).toEqual(["tencentcloud:domain"]);
    expect(res.failures[0].reason).toContain("stack config tencentcloud:domain");
    resetStackConfig({ ...BASE, "tencentcloud:region": "ap-guangzhou" });
    process.env.TENCENTCLOUD_DOMAIN = "user@evil.example";
    const env = await check("TkeClusterKubeconfig", tke);
    expect(env.failures.map((f) => f.property)).toEqual(["tencentcloud:domain"]);
    expect(env.failures[0].reason).toContain("environment variable TENCENTCLOUD_DOMAIN");
  });

  test("the root domain reaches the international and region-specific hosts, as in the Terraform provider", () => {
    resetStackConfig({
      ...BASE,
      "tencentcloud:region": "ap-singapore",
      "tencentcloud:domain": "intl.tencentcloudapi.com",
    });
    expect(tencentApis({}, contextWith()).endpoint).toBe(TKE_INTL_ENDPOINT);
    resetStackConfig({ ...BASE, "tencentcloud:region": "ap-guangzhou" });
    process.env.TENCENTCLOUD_DOMAIN = "ap-guangzhou.tencentcloudapi.com";
    expect(tencentApis({}, contextWith()).endpoint).toBe("https://tke.ap-guangzhou.tencentcloudapi.com");
  });

  test("tencentcloud:endpoint must be an https URL without credentials, query or fragment", async () => {
    for (const [url, why] of [
      ["http://tke.example.test", "https"],
      [`https://id:${TC_SECRET}@tke.example.test`, "user name or password"],
      ["https://tke.example.test/?x=1", "query"],
    ]) {
      resetStackConfig({ ...BASE, "tencentcloud:region": "ap-guangzhou", "tencentcloud:endpoint": url });
      const res = await check("TkeClusterKubeconfig", tke);
      expect(res.failures.map((f) => f.property)).toEqual(["tencentcloud:endpoint"]);
      expect(res.failures[0].reason).toContain("stack config tencentcloud:endpoint");
      expect(res.failures[0].reason).toContain(why);
      expectNoSecrets(res.failures, { TC_SECRET });
    }
  });

  test("credentials from the environment follow the input rules", async () => {
    resetStackConfig({ "tencentcloud:region": "ap-guangzhou" });
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDFAKE";
    process.env.TENCENTCLOUD_SECRET_KEY = TC_SECRET;
    process.env.TENCENTCLOUD_SECURITY_TOKEN = TC_SECRET.repeat(1000);
    const res = await check("TkeClusterKubeconfig", tke);
    expect(res.failures.map((f) => f.property)).toEqual(["credentials"]);
    expect(res.failures[0].reason).toContain("environment variable TENCENTCLOUD_SECURITY_TOKEN");
    expectNoSecrets(res.failures, { TC_SECRET });
  });
});
