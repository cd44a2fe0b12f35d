/**
 * Hostile settings from every source: stack config keys, environment variables and credentials (stack config,
 * environment, resource input). 1,000 generated values per group (fast-check, fixed seed), one setting at a time.
 * Every answer is either a pass, after which the vendor clients build only https URLs whose hosts are made of the
 * accepted labels, or failures whose reasons name the setting and its source; resolving for a create throws only
 * the package's own errors; the stack's secret and any credential value never appear in a message.
 */
import fc from "fast-check";
import { provider, type ResourceKind } from "../../../provider";
import { closeSharedTransports } from "../../../provider/http";
import { HuaweiCredentialsError } from "../../../provider/huaweicloud/credentials";
import { huaweiApis } from "../../../provider/resources/huawei-apis";
import { tencentApis } from "../../../provider/resources/tencent-apis";
import { contextWith } from "../../../provider/resources/context";
import { resetStackConfig, type StackConfig } from "../../support/provider-stack-config";
import { TencentCredentialsError } from "../../../provider/tencentcloud/credentials";
import { expectNoSecrets } from "../../support/secret-scan";

/** Generated values per group. */
const RUNS = 1000;
const NOW = new Date("2026-01-15T00:00:00Z");
const SECRET = "fake-hostile-settings-secret-0123456789";
const uuid = "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02";

type Vendor = "huaweicloud" | "tencentcloud";

/** One place a setting is read from, and what a failure about it must say. */
interface Place {
  vendor: Vendor;
  where: "config" | "env" | "input";
  /** Config key, variable name, or input path (`credentials.accessKey`). */
  name: string;
  /** The check property its failures are reported on. */
  property: string;
  /** Other settings the case needs so that this one is the value used. */
  config?: StackConfig;
  env?: Record<string, string>;
  inputs?: Record<string, unknown>;
  /** What an accepted value must produce, given the apis. */
  accepted?: (value: string, apis: { endpoints: Record<string, string | undefined> }) => void;
}

const HW_KEYS: StackConfig = { "huaweicloud:accessKey": "FAKEHOSTILEAK0000", "huaweicloud:secretKey": SECRET };
const TC_KEYS: StackConfig = { "tencentcloud:secretId": "AKIDFAKEHOSTILE", "tencentcloud:secretKey": SECRET };
const HW_REGION: StackConfig = { ...HW_KEYS, "huaweicloud:region": "cn-north-4" };
const TC_REGION: StackConfig = { ...TC_KEYS, "tencentcloud:region": "ap-guangzhou" };

const regionHosts = (value: string, apis: { endpoints: Record<string, string | undefined> }) => {
  expect(apis.endpoints.cce).toBe(
    `https://cce.${value.trim()}.${value.trim().startsWith("eu-west-1") ? "myhuaweicloud.eu" : "myhuaweicloud.com"}`,
  );
};
const cloudHosts = (value: string, apis: { endpoints: Record<string, string | undefined> }) => {
  expect(apis.endpoints.cce).toBe(`https://cce.cn-north-4.${value.trim()}`);
};

const HW_ENDPOINT_VARS = ["UCS", "CCE", "IAM", "VPCEP"].map((s) => `HUAWEICLOUD_SDK_REGION_${s}_CN_NORTH_4`);

const CONFIG_PLACES: Place[] = [
  {
    vendor: "huaweicloud",
    where: "config",
    name: "huaweicloud:region",
    property: "region",
    config: HW_KEYS,
    accepted: regionHosts,
  },
  { vendor: "huaweicloud", where: "config", name: "huaweicloud:projectId", property: "projectId", config: HW_REGION },
  { vendor: "huaweicloud", where: "config", name: "huaweicloud:domainId", property: "domainId", config: HW_REGION },
  {
    vendor: "huaweicloud",
    where: "config",
    name: "huaweicloud:cloud",
    property: "huaweicloud:cloud",
    config: HW_REGION,
    accepted: cloudHosts,
  },
  {
    vendor: "huaweicloud",
    where: "config",
    name: "huaweicloud:endpoints",
    property: "huaweicloud:endpoints",
    config: HW_REGION,
  },
  { vendor: "tencentcloud", where: "config", name: "tencentcloud:region", property: "region", config: TC_KEYS },
  {
    vendor: "tencentcloud",
    where: "config",
    name: "tencentcloud:domain",
    property: "tencentcloud:domain",
    config: TC_REGION,
  },
  {
    vendor: "tencentcloud",
    where: "config",
    name: "tencentcloud:endpoint",
    property: "tencentcloud:endpoint",
    config: TC_REGION,
  },
];

const ENV_PLACES: Place[] = [
  ...["HW_REGION_NAME", "OS_REGION_NAME"].map((name): Place => ({
    vendor: "huaweicloud",
    where: "env",
    name,
    property: "region",
    config: HW_KEYS,
    accepted: regionHosts,
  })),
  ...["HW_PROJECT_ID", "OS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"].map((name): Place => ({
    vendor: "huaweicloud",
    where: "env",
    name,
    property: "projectId",
    config: HW_REGION,
  })),
  ...["HW_DOMAIN_ID", "OS_DOMAIN_ID", "OS_USER_DOMAIN_ID", "OS_PROJECT_DOMAIN_ID", "HUAWEICLOUD_SDK_DOMAIN_ID"].map(
    (name): Place => ({ vendor: "huaweicloud", where: "env", name, property: "domainId", config: HW_REGION }),
  ),
  {
    vendor: "huaweicloud",
    where: "env",
    name: "HW_CLOUD",
    property: "huaweicloud:cloud",
    config: HW_REGION,
    accepted: cloudHosts,
  },
  ...HW_ENDPOINT_VARS.map((name): Place => ({
    vendor: "huaweicloud",
    where: "env",
    name,
    property: "huaweicloud:endpoints",
    config: HW_REGION,
  })),
  { vendor: "tencentcloud", where: "env", name: "TENCENTCLOUD_REGION", property: "region", config: TC_KEYS },
  {
    vendor: "tencentcloud",
    where: "env",
    name: "TENCENTCLOUD_DOMAIN",
    property: "tencentcloud:domain",
    config: TC_REGION,
  },
];

const REGION_ONLY_HW: StackConfig = { "huaweicloud:region": "cn-north-4" };
const REGION_ONLY_TC: StackConfig = { "tencentcloud:region": "ap-guangzhou" };
const cred = (vendor: Vendor, where: Place["where"], name: string, partner: Record<string, string>): Place => {
  const config = vendor === "huaweicloud" ? REGION_ONLY_HW : REGION_ONLY_TC;
  if (where === "config") return { vendor, where, name, property: "credentials", config: { ...config, ...partner } };
  if (where === "env") return { vendor, where, name, property: "credentials", config, env: partner };
  return { vendor, where, name, property: "credentials", config, inputs: { credentials: partner } };
};
const CREDENTIAL_PLACES: Place[] = [
  cred("huaweicloud", "config", "huaweicloud:accessKey", { "huaweicloud:secretKey": SECRET }),
  cred("huaweicloud", "config", "huaweicloud:secretKey", { "huaweicloud:accessKey": "FAKEHOSTILEAK0000" }),
  cred("huaweicloud", "config", "huaweicloud:securityToken", HW_KEYS as Record<string, string>),
  cred("huaweicloud", "config", "huaweicloud:authToken", {}),
  cred("huaweicloud", "env", "HW_ACCESS_KEY", { HW_SECRET_KEY: SECRET }),
  cred("huaweicloud", "env", "HW_SECRET_KEY", { HW_ACCESS_KEY: "FAKEHOSTILEAK0000" }),
  cred("huaweicloud", "env", "HW_SECURITY_TOKEN", { HW_ACCESS_KEY: "FAKEHOSTILEAK0000", HW_SECRET_KEY: SECRET }),
  cred("huaweicloud", "env", "HW_AUTH_TOKEN", {}),
  cred("huaweicloud", "env", "OS_ACCESS_KEY", { OS_SECRET_KEY: SECRET }),
  cred("huaweicloud", "env", "HUAWEICLOUD_SDK_SK", { HUAWEICLOUD_SDK_AK: "FAKEHOSTILEAK0000" }),
  cred("huaweicloud", "env", "HUAWEICLOUD_SDK_SECURITY_TOKEN", {
    HUAWEICLOUD_SDK_AK: "FAKEHOSTILEAK0000",
    HUAWEICLOUD_SDK_SK: SECRET,
  }),
  cred("huaweicloud", "input", "credentials.accessKey", { secretKey: SECRET }),
  cred("huaweicloud", "input", "credentials.authToken", {}),
  cred("tencentcloud", "config", "tencentcloud:secretId", { "tencentcloud:secretKey": SECRET }),
  cred("tencentcloud", "config", "tencentcloud:secretKey", { "tencentcloud:secretId": "AKIDFAKEHOSTILE" }),
  cred("tencentcloud", "config", "tencentcloud:securityToken", TC_KEYS as Record<string, string>),
  cred("tencentcloud", "env", "TENCENTCLOUD_SECRET_ID", { TENCENTCLOUD_SECRET_KEY: SECRET }),
  cred("tencentcloud", "env", "TENCENTCLOUD_SECRET_KEY", { TENCENTCLOUD_SECRET_ID: "AKIDFAKEHOSTILE" }),
  cred("tencentcloud", "env", "TENCENTCLOUD_SECURITY_TOKEN", {
    TENCENTCLOUD_SECRET_ID: "AKIDFAKEHOSTILE",
    TENCENTCLOUD_SECRET_KEY: SECRET,
  }),
  cred("tencentcloud", "input", "credentials.securityToken", { secretId: "AKIDFAKEHOSTILE", secretKey: SECRET }),
];

/** Every variable any case sets; cleared before each case so only the case's own are present. */
const ALL_ENV = Array.from(
  new Set([
    ...ENV_PLACES.map((p) => p.name),
    ...CREDENTIAL_PLACES.filter((p) => p.where === "env").flatMap((p) => [p.name, ...Object.keys(p.env ?? {})]),
    "HW_SECURITY_TOKEN",
    "TENCENTCLOUD_SECRET_ID",
    "TENCENTCLOUD_SECRET_KEY",
    "TENCENTCLOUD_SECURITY_TOKEN",
    "OS_SECRET_KEY",
    "HUAWEICLOUD_SDK_AK",
  ]),
);

/** Values an attacker, a typo or a mixed-up variable can put in a setting. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ minLength: 129, maxLength: 3000 }),
  fc.domain(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.webUrl().map((u) => u.replace("://", `://user:${SECRET}@`)),
  fc.json(),
  fc
    .dictionary(
      fc.constantFrom("ucs", "cce", "iam", "vpcep", "ecs", "__proto__", "constructor"),
      fc.oneof(fc.webUrl(), fc.domain(), fc.string(), fc.constant(`https://h.example/?k=${SECRET}`)),
    )
    .map((d) => JSON.stringify(d)),
  fc.constantFrom(
    "",
    " ",
    "attacker.example/x#",
    "cn-north-4.evil.example",
    "cn-north-4/../x",
    "cn-north-4\r\nX-Injected: 1",
    "cn-north-4\u0000",
    "\u202ecn-north-4",
    "CN-NORTH-4",
    "eu-west-101",
    "ap-guangzhou",
    "otc.t-systems.com",
    "intl.tencentcloudapi.com",
    "0123456789abcdef0123456789abcdef",
    "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02",
    "https://127.0.0.1:8443/cce.cn-north-4.myhuaweicloud.com",
    "http://127.0.0.1:8443/",
    "https://[::1]:8443/",
    "https://evil.example\\@good.example",
    "javascript:alert(1)",
    '{"ucs":"ucs-intl.myhuaweicloud.com"}',
    '{"cce":"http://cce.example"}',
    "x".repeat(100_000),
    SECRET,
    `${SECRET}\n`,
  ),
);

beforeAll(() => {
  for (const k of ALL_ENV) delete process.env[k];
});
afterAll(async () => {
  resetStackConfig();
  for (const k of ALL_ENV) delete process.env[k];
  await closeSharedTransports();
});

const KIND: Record<Vendor, ResourceKind> = {
  huaweicloud: "CceClusterKubeconfig",
  tencentcloud: "TkeClusterKubeconfig",
};
const BASE_INPUTS: Record<Vendor, Record<string, unknown>> = {
  huaweicloud: { clusterId: uuid },
  tencentcloud: { clusterId: "cls-abcd1234" },
};

/** The words a message must use for a place: its name and its source. */
function sourceWords(p: Place): string[] {
  if (p.where === "config") return [p.name, "stack config"];
  if (p.where === "env") return [p.name, "environment"];
  return [p.name.replace(/^credentials\./, ""), "input"];
}

/** How the cases of a group ended, so a generator that never reaches one outcome fails the test. */
const outcome = { refused: 0, accepted: 0 };

/** Runs one case: `value` in `place`, everything else valid. */
async function runCase(place: Place, value: string): Promise<void> {
  for (const k of ALL_ENV) delete process.env[k];
  const config: StackConfig = { ...(place.config ?? {}) };
  let inputs: Record<string, unknown> = { ...BASE_INPUTS[place.vendor], ...(place.inputs ?? {}) };
  for (const [k, v] of Object.entries(place.env ?? {})) process.env[k] = v;
  let used = value;
  if (place.where === "config") (config as Record<string, string>)[place.name] = value;
  else if (place.where === "env") {
    process.env[place.name] = value;
    used = process.env[place.name] ?? ""; // what the OS kept (NUL truncates, lone surrogates are replaced)
  } else {
    const field = place.name.replace(/^credentials\./, "");
    inputs = { ...inputs, credentials: { ...(inputs.credentials as object), [field]: value } };
  }
  resetStackConfig(config);

  const kind = KIND[place.vendor];
  const res = await provider(kind, { now: () => NOW }).check({}, inputs);
  expect(Array.isArray(res.failures)).toBe(true);

  const secrets: Record<string, string> = { SECRET };
  // A credential value is itself a secret; long enough to be told apart from ordinary words.
  if (place.property === "credentials" && used.trim().length >= 16 && /[^\s]/.test(used)) secrets.value = used.trim();

  if (res.failures.length > 0) outcome.refused++;
  else outcome.accepted++;
  if (res.failures.length > 0) {
    for (const f of res.failures) {
      expect(typeof f.reason).toBe("string");
      // Input values were already refused by the schema, on the input's own path.
      if (place.where === "input") {
        expect(f.property.split(".")[0]).toBe("credentials");
        continue;
      }
      expect(f.property).toBe(place.property);
      for (const w of sourceWords(place)) expect(f.reason).toContain(w);
    }
    expectNoSecrets(res.failures, secrets);
  }

  // The create path resolves the same settings: it succeeds exactly when check passed, and throws only our errors.
  let apis: { endpoints: Record<string, string | undefined> } | undefined;
  let err: unknown;
  try {
    apis =
      place.vendor === "huaweicloud"
        ? huaweiApis(inputs, contextWith({ now: () => NOW }))
        : { endpoints: { tke: tencentApis(inputs, contextWith({ now: () => NOW })).endpoint } };
  } catch (e) {
    err = e;
  }
  if (place.where === "input" && res.failures.length > 0) return; // never created: the schema refused it
  if (res.failures.length === 0) {
    expect(err).toBeUndefined();
    for (const url of Object.values(apis!.endpoints)) {
      if (typeof url !== "string" || !url.startsWith("http")) continue;
      const u = new URL(url);
      expect(u.protocol).toBe("https:");
      expect([u.username, u.password, u.search, u.hash]).toEqual(["", "", "", ""]);
    }
    if (place.accepted && used.trim() !== "") place.accepted(used, apis!);
  } else {
    expect(err instanceof HuaweiCredentialsError || err instanceof TencentCredentialsError).toBe(true);
    const message = (err as Error).message;
    for (const w of sourceWords(place)) expect(message).toContain(w);
    expectNoSecrets(err, secrets);
  }
}

// Credentials have length rules only (as the inputs), so far fewer generated values are refused there.
describe.each([
  ["stack config", CONFIG_PLACES, RUNS / 4],
  ["environment variables", ENV_PLACES, RUNS / 4],
  ["credentials", CREDENTIAL_PLACES, RUNS / 50],
] as const)("hostile %s", (_group, places, minRefused) => {
  it(`never crash, name the setting and its source, and leak no secret (${RUNS} values)`, async () => {
    outcome.refused = 0;
    outcome.accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...places), hostile, async (place, value) => runCase(place, value)),
      { numRuns: RUNS, seed: 11 },
    );
    // Both ends were reached: values were refused and values were used.
    expect(outcome.refused).toBeGreaterThan(minRefused);
    expect(outcome.accepted).toBeGreaterThan(RUNS / 50);
  });
});
