import { HuaweiCredentialsError, resolveHuaweiCredentials } from "../../../provider/huaweicloud/credentials";
import { TencentCredentialsError, resolveTencentCredentials } from "../../../provider/tencentcloud/credentials";
import { thrown } from "../../support/failures";

// Obviously fake values; each is unique so a leak into a message is detectable.
const FAKE = {
  ak1: "FAKE-AK-EXPLICIT",
  sk1: "fake-sk-explicit",
  ak2: "FAKE-AK-CONFIG",
  sk2: "fake-sk-config",
  tok2: "fake-token-config",
  ak3: "FAKE-AK-ENV",
  sk3: "fake-sk-env",
  tok3: "fake-token-env",
};

describe("resolveHuaweiCredentials", () => {
  const config = {
    "huaweicloud:accessKey": FAKE.ak2,
    "huaweicloud:secretKey": FAKE.sk2,
    "huaweicloud:securityToken": FAKE.tok2,
    "huaweicloud:region": "cn-north-4",
  };
  const env = {
    HW_ACCESS_KEY: FAKE.ak3,
    HW_SECRET_KEY: FAKE.sk3,
    HW_SECURITY_TOKEN: FAKE.tok3,
    HW_REGION_NAME: "ap-southeast-1",
    HW_PROJECT_ID: "env-project",
    OS_DOMAIN_ID: "env-domain",
    HW_CLOUD: "otc.t-systems.com",
  };

  test("explicit beats config beats env; the pair comes with its own token only", () => {
    const r = resolveHuaweiCredentials({ explicit: { accessKey: FAKE.ak1, secretKey: FAKE.sk1 }, config, env });
    expect(r.credentials).toEqual({ accessKey: FAKE.ak1, secretKey: FAKE.sk1 });
    expect(r.source).toBe("input (credentials.accessKey, credentials.secretKey)");

    const c = resolveHuaweiCredentials({ config, env });
    expect(c.credentials).toEqual({ accessKey: FAKE.ak2, secretKey: FAKE.sk2, securityToken: FAKE.tok2 });
    expect(c.source).toBe("stack config (huaweicloud:accessKey, huaweicloud:secretKey, huaweicloud:securityToken)");

    const e = resolveHuaweiCredentials({ env });
    expect(e.credentials).toEqual({ accessKey: FAKE.ak3, secretKey: FAKE.sk3, securityToken: FAKE.tok3 });
    expect(e.source).toContain("HW_ACCESS_KEY");
  });

  test("a config pair without a token never borrows the environment's token", () => {
    const r = resolveHuaweiCredentials({
      config: { "huaweicloud:accessKey": FAKE.ak2, "huaweicloud:secretKey": FAKE.sk2 },
      env,
    });
    expect(r.credentials).toEqual({ accessKey: FAKE.ak2, secretKey: FAKE.sk2 });
  });

  test("other fields resolve per field: explicit > config > env", () => {
    const r = resolveHuaweiCredentials({ explicit: { projectId: "explicit-project" }, config, env });
    expect(r.projectId).toBe("explicit-project");
    expect(r.region).toBe("cn-north-4");
    expect(r.domainId).toBe("env-domain");
    expect(r.cloud).toBe("otc.t-systems.com");
  });

  test("half a pair is an error naming both keys, not a fallback to another source", () => {
    const e = thrown(() => resolveHuaweiCredentials({ config: { "huaweicloud:accessKey": FAKE.ak2 }, env }));
    expect(e).toBeInstanceOf(HuaweiCredentialsError);
    expect((e as HuaweiCredentialsError).code).toBe("CREDENTIALS_INCOMPLETE");
    expect(e.message).toContain("huaweicloud:accessKey");
    expect(e.message).toContain("huaweicloud:secretKey");
    expect(e.message).not.toContain(FAKE.ak2);
    const t = thrown(() => resolveHuaweiCredentials({ config: { "huaweicloud:securityToken": FAKE.tok2 }, env }));
    expect(t.message).toContain("huaweicloud:securityToken");
    expect(t.message).not.toContain(FAKE.tok2);
  });

  test("environment fallbacks: OS_* pair, SDK variables, then HW_AUTH_TOKEN", () => {
    expect(resolveHuaweiCredentials({ env: { OS_ACCESS_KEY: FAKE.ak3, OS_SECRET_KEY: FAKE.sk3 } }).credentials).toEqual(
      {
        accessKey: FAKE.ak3,
        secretKey: FAKE.sk3,
      },
    );
    const sdk = resolveHuaweiCredentials({
      env: { HUAWEICLOUD_SDK_AK: FAKE.ak3, HUAWEICLOUD_SDK_SK: FAKE.sk3, HUAWEICLOUD_SDK_SECURITY_TOKEN: FAKE.tok3 },
    });
    expect(sdk.credentials).toEqual({ accessKey: FAKE.ak3, secretKey: FAKE.sk3, securityToken: FAKE.tok3 });
    const tok = resolveHuaweiCredentials({ env: { HW_AUTH_TOKEN: FAKE.tok3 } });
    expect(tok.credentials).toEqual({ authToken: FAKE.tok3 });
    expect(tok.source).toBe("environment (HW_AUTH_TOKEN)");
    const cfgTok = resolveHuaweiCredentials({ config: { "huaweicloud:authToken": FAKE.tok2 }, env });
    expect(cfgTok.credentials).toEqual({ authToken: FAKE.tok2 });
  });

  test("empty and blank values count as unset", () => {
    const r = resolveHuaweiCredentials({ config: { "huaweicloud:accessKey": " ", "huaweicloud:secretKey": "" }, env });
    expect(r.credentials).toMatchObject({ accessKey: FAKE.ak3 });
  });

  test("nothing found: the error lists every place by name and no value", () => {
    const e = thrown(() =>
      resolveHuaweiCredentials({
        config: { "huaweicloud:region": "cn-north-4" },
        env: { HW_REGION_NAME: "x", OTHER: FAKE.sk3 },
      }),
    ) as HuaweiCredentialsError;
    expect(e).toBeInstanceOf(HuaweiCredentialsError);
    expect(e.code).toBe("CREDENTIALS_NOT_FOUND");
    for (const name of [
      "accessKey",
      "huaweicloud:accessKey",
      "huaweicloud:secretKey",
      "huaweicloud:authToken",
      "HW_ACCESS_KEY",
      "HW_SECRET_KEY",
      "OS_ACCESS_KEY",
      "OS_SECRET_KEY",
      "HUAWEICLOUD_SDK_AK",
      "HUAWEICLOUD_SDK_SK",
      "HW_AUTH_TOKEN",
    ]) {
      expect(e.message).toContain(name);
    }
    expect(e.lookedIn.length).toBeGreaterThanOrEqual(5);
    expect(e.message).not.toContain(FAKE.sk3);
    expect(e.message).not.toContain("cn-north-4");
  });

  test("endpoint overrides per service: explicit map, then huaweicloud:endpoints, then the SDK's variables", () => {
    const cfg = { ...config, "huaweicloud:endpoints": '{"cce":"https://127.0.0.1:1/cce.x","ucs":"https://u"}' };
    expect(resolveHuaweiCredentials({ config: cfg }).endpoints).toEqual({
      cce: "https://127.0.0.1:1/cce.x",
      ucs: "https://u",
    });
    const both = resolveHuaweiCredentials({
      explicit: { endpoints: { iam: "https://i", ucs: "https://u2" } },
      config: cfg,
      env: {
        HUAWEICLOUD_SDK_REGION_VPCEP_CN_NORTH_4: "https://v",
        HUAWEICLOUD_SDK_REGION_UCS_CN_NORTH_4: "https://u3",
      },
    });
    expect(both.endpoints).toEqual({
      iam: "https://i",
      ucs: "https://u2",
      cce: "https://127.0.0.1:1/cce.x",
      vpcep: "https://v",
    });
    expect(both.sources).toMatchObject({
      "endpoints.iam": "input endpoints.iam",
      "endpoints.cce": "stack config huaweicloud:endpoints.cce",
      "endpoints.vpcep": "environment variable HUAWEICLOUD_SDK_REGION_VPCEP_CN_NORTH_4",
    });
    expect(() => resolveHuaweiCredentials({ config: { ...config, "huaweicloud:endpoints": "{not json" } })).toThrow(
      /huaweicloud:endpoints/,
    );
    expect(() =>
      resolveHuaweiCredentials({ config: { ...config, "huaweicloud:endpoints": '{"ecs":"https://e"}' } }),
    ).toThrow(/unknown service "ecs"/);
  });

  test("every value comes with where it came from, by name", () => {
    const r = resolveHuaweiCredentials({ explicit: { projectId: "explicit-project" }, config, env });
    expect(r.sources).toEqual({
      region: "stack config huaweicloud:region",
      projectId: "input projectId",
      domainId: "environment variable OS_DOMAIN_ID",
      cloud: "environment variable HW_CLOUD",
      "credentials.accessKey": "stack config huaweicloud:accessKey",
      "credentials.secretKey": "stack config huaweicloud:secretKey",
      "credentials.securityToken": "stack config huaweicloud:securityToken",
    });
    const half = thrown(() => resolveHuaweiCredentials({ explicit: { accessKey: FAKE.ak1 }, env }));
    expect(half.message).toContain("input: credentials.accessKey is set but credentials.secretKey is not");
  });
});

describe("resolveTencentCredentials", () => {
  const env = {
    TENCENTCLOUD_SECRET_ID: "FAKE-ID-ENV",
    TENCENTCLOUD_SECRET_KEY: "fake-key-env",
    TENCENTCLOUD_SECURITY_TOKEN: "fake-token-env",
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TENCENTCLOUD_DOMAIN: "env.example.test",
  };
  const config = {
    "tencentcloud:secretId": "FAKE-ID-CONFIG",
    "tencentcloud:secretKey": "fake-key-config",
    "tencentcloud:region": "ap-shanghai",
  };

  test("precedence per field and no mixing of the pair with another source's token", () => {
    const e = resolveTencentCredentials({ env });
    expect(e.credentials).toEqual({ secretId: "FAKE-ID-ENV", secretKey: "fake-key-env", token: "fake-token-env" });
    expect(e.source).toBe("environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SECURITY_TOKEN)");
    const c = resolveTencentCredentials({ config, env });
    expect(c.credentials).toEqual({ secretId: "FAKE-ID-CONFIG", secretKey: "fake-key-config" });
    expect(c.region).toBe("ap-shanghai");
    expect(c.domain).toBe("env.example.test");
    const x = resolveTencentCredentials({
      explicit: { secretId: "FAKE-ID-X", secretKey: "fake-key-x", region: "ap-beijing", endpoint: "https://e" },
      config,
      env,
    });
    expect(x.credentials).toEqual({ secretId: "FAKE-ID-X", secretKey: "fake-key-x" });
    expect(x.region).toBe("ap-beijing");
    expect(x.endpoint).toBe("https://e");
    expect(x.source).toBe("input (credentials.secretId, credentials.secretKey)");
    expect(x.sources).toEqual({
      region: "input region",
      domain: "environment variable TENCENTCLOUD_DOMAIN",
      endpoint: "input endpoint",
      "credentials.secretId": "input credentials.secretId",
      "credentials.secretKey": "input credentials.secretKey",
    });
  });

  test("half a pair is an error without values", () => {
    const e = thrown(() => resolveTencentCredentials({ config: { "tencentcloud:secretKey": "fake-key-config" }, env }));
    expect(e).toBeInstanceOf(TencentCredentialsError);
    expect(e.message).toContain("tencentcloud:secretId");
    expect(e.message).not.toContain("fake-key-config");
  });

  test("nothing found lists every key and variable by name", () => {
    const e = thrown(() =>
      resolveTencentCredentials({ env: { TENCENTCLOUD_REGION: "ap-guangzhou" } }),
    ) as TencentCredentialsError;
    expect(e.code).toBe("CREDENTIALS_NOT_FOUND");
    for (const name of [
      "secretId",
      "tencentcloud:secretId",
      "tencentcloud:secretKey",
      "tencentcloud:securityToken",
      "TENCENTCLOUD_SECRET_ID",
      "TENCENTCLOUD_SECRET_KEY",
      "TENCENTCLOUD_SECURITY_TOKEN",
    ]) {
      expect(e.message).toContain(name);
    }
    expect(e.message).not.toContain("ap-guangzhou");
  });
});
