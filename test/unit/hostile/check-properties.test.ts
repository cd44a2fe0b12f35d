/**
 * Hostile input: `check` of every resource over arbitrary JSON and over targeted mutations of
 * valid inputs (1,200+ generated cases per resource across the generators). Every case either passes, and then the
 * schema accepts it, or yields per-field failures that name a field; nothing throws. Odd values (long ids,
 * control characters, unicode, path traversal, out-of-range numbers, NaN, Infinity, negative durations) are
 * rejected naming the field; credential values never appear in a failure.
 */
import fc from "fast-check";
import { provider, type ResourceKind } from "../../../provider";
import { KINDS } from "../../../provider/resources/kinds";
import { resetStackConfig } from "../../support/provider-stack-config";
import { expectNoSecrets } from "../../support/secret-scan";

/** Per generator; three generators (+ a credentials one) give 1,200+ cases per resource. */
const RUNS = 400;
const FIXED_NOW = new Date("2026-01-15T00:00:00Z");
const HUAWEI_SECRET = "fake-hostile-huawei-secret-key-0123456789";
const TENCENT_SECRET = "fake-hostile-tencent-secret-key-0123456789";

const uuid = "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02";
const hex32 = "0123456789abcdef0123456789abcdef";
const valid: Record<ResourceKind, Record<string, unknown>> = {
  UcsClusterKubeconfig: { clusterId: uuid, endpoint: "internal", renewBeforeDays: 30, contextName: "ucs" },
  CceClusterKubeconfig: { clusterId: uuid, region: "cn-north-4", projectId: hex32, validityDays: 30 },
  FleetFederationConnection: {
    clusterGroupId: uuid,
    projectId: hex32,
    vpcId: uuid,
    subnetId: uuid,
    validityDays: 90,
    namespace: "default",
    __owner: "project/stack/FleetFederationConnection/conn",
  },
  FleetFederationKubeconfig: { clusterGroupId: uuid, validityDays: 90, domainId: hex32 },
  TkeClusterKubeconfig: { clusterId: "cls-abcd1234", region: "ap-guangzhou", endpoint: "extranet" },
};
const kinds = Object.keys(valid) as ResourceKind[];

beforeAll(() => {
  // Fake credentials in the stack config, so that valid inputs pass the credentials check.
  resetStackConfig({
    "huaweicloud:accessKey": "FAKEHOSTILEACCESSKEY",
    "huaweicloud:secretKey": HUAWEI_SECRET,
    "huaweicloud:region": "cn-north-4",
    "tencentcloud:secretId": "AKIDFAKEHOSTILE",
    "tencentcloud:secretKey": TENCENT_SECRET,
    "tencentcloud:region": "ap-guangzhou",
  });
});
afterAll(() => resetStackConfig());

const check = (kind: ResourceKind, news: unknown) => provider(kind, { now: () => FIXED_NOW }).check({}, news as any);

/** The invariant of every `check` answer. */
function expectWellFormed(kind: ResourceKind, news: unknown, res: Awaited<ReturnType<typeof check>>): void {
  expect(Array.isArray(res.failures)).toBe(true);
  for (const f of res.failures) {
    expect(typeof f.property).toBe("string");
    expect(f.property.length).toBeGreaterThan(0);
    expect(typeof f.reason).toBe("string");
    expect(f.reason.length).toBeGreaterThan(0);
  }
  if (res.failures.length === 0) {
    // Passing means the schema accepts the (user) inputs.
    const user: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((news as object) ?? {}))
      if (!k.startsWith("__") && v !== undefined) user[k] = v;
    expect(KINDS[kind].inputs.safeParse(user).success).toBe(true);
  }
  // Plain JSON out, whatever came in.
  expect(() => JSON.stringify(res.inputs)).not.toThrow();
}

/** Values an attacker or a typo can put in a field. */
const hostileValue = fc.oneof(
  fc.anything(),
  fc.string({ minLength: 129, maxLength: 5000 }),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    " ",
    "..",
    "../../etc/passwd",
    "..%2F..%2Fetc",
    "a/b",
    "a\\b",
    "id?x=1#y",
    "abc\u0000def",
    "\u202e" + uuid,
    "集群-0001",
    "x".repeat(100_000),
    NaN,
    Infinity,
    -Infinity,
    -1,
    -0,
    0,
    1.5,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    null,
    [],
    {},
  ),
);

describe.each(kinds)("%s check", (kind) => {
  it(`never throws on arbitrary values (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 3 }), async (news) => {
        expectWellFormed(kind, news, await check(kind, news));
      }),
      { numRuns: RUNS, seed: 9 },
    );
  });

  it(`never throws on arbitrary JSON objects with the resource's field names (${RUNS} cases)`, async () => {
    const fields = [...Object.keys(KINDS[kind].inputs.shape), "__provider", "extra"];
    const objects = fc.dictionary(fc.constantFrom(...fields), fc.jsonValue(), { maxKeys: fields.length });
    await fc.assert(
      fc.asyncProperty(objects, async (news) => {
        expectWellFormed(kind, news, await check(kind, news));
      }),
      { numRuns: RUNS, seed: 9 },
    );
  });

  it(`a hostile value in one field fails on that field, or passes only if the schema allows it (${RUNS} cases)`, async () => {
    const fields = Object.keys(KINDS[kind].inputs.shape);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), hostileValue, async (field, value) => {
        const news = { ...valid[kind], [field]: value };
        const res = await check(kind, news);
        expectWellFormed(kind, news, res);
        // The zod schema knows only user inputs; engine-internal ones (`__owner`) are check's business.
        const user = Object.fromEntries(Object.entries(news).filter(([k]) => !k.startsWith("__")));
        const accepted = KINDS[kind].inputs.safeParse(user).success;
        if (!accepted) {
          expect(res.failures.length).toBeGreaterThan(0);
          for (const f of res.failures) expect(f.property.split(".")[0]).toBe(field);
        }
      }),
      { numRuns: RUNS, seed: 9 },
    );
  });

  it("valid inputs pass", async () => {
    expect((await check(kind, valid[kind])).failures).toEqual([]);
  });

  it(`credential values never appear in failures (${RUNS / 4} cases)`, async () => {
    const secret = kind === "TkeClusterKubeconfig" ? TENCENT_SECRET : HUAWEI_SECRET;
    const creds = fc.record(
      {
        accessKey: fc.oneof(fc.constant(secret), fc.anything()),
        secretKey: fc.oneof(fc.constant(secret), fc.constant(secret.repeat(20)), fc.anything()),
        secretId: fc.oneof(fc.constant(secret), fc.anything()),
        securityToken: fc.oneof(fc.constant(secret + "\u0000"), fc.anything()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(creds, async (credentials) => {
        const res = await check(kind, { ...valid[kind], credentials });
        expectWellFormed(kind, { ...valid[kind], credentials }, res);
        expectNoSecrets(res.failures, { secret });
      }),
      { numRuns: RUNS / 4, seed: 9 },
    );
  });
});

describe("odd inputs are rejected with a message naming the field", () => {
  const cases: Array<[ResourceKind, string, unknown]> = [
    ["UcsClusterKubeconfig", "clusterId", "x".repeat(10_000)],
    ["UcsClusterKubeconfig", "clusterId", "../../etc/passwd"],
    ["UcsClusterKubeconfig", "clusterId", `${uuid}\u0000`],
    ["UcsClusterKubeconfig", "clusterId", "集群"],
    ["UcsClusterKubeconfig", "contextName", "ctx\nname"],
    ["UcsClusterKubeconfig", "renewBeforeDays", -1],
    ["UcsClusterKubeconfig", "renewBeforeDays", NaN],
    ["UcsClusterKubeconfig", "renewBeforeDays", Infinity],
    ["CceClusterKubeconfig", "validityDays", 0],
    ["CceClusterKubeconfig", "validityDays", 1828],
    ["CceClusterKubeconfig", "validityDays", -2],
    ["CceClusterKubeconfig", "validityDays", 1.5],
    ["CceClusterKubeconfig", "validityDays", NaN],
    ["CceClusterKubeconfig", "validityDays", Infinity],
    ["CceClusterKubeconfig", "region", "../cn-north-4"],
    ["CceClusterKubeconfig", "projectId", "%2e%2e"],
    ["FleetFederationConnection", "vpcId", "vpc/../../other"],
    ["FleetFederationConnection", "validityDays", 1826],
    ["FleetFederationConnection", "validityDays", -30],
    ["FleetFederationConnection", "namespace", "Kube System"],
    ["FleetFederationKubeconfig", "clusterGroupId", "a".repeat(129)],
    ["TkeClusterKubeconfig", "clusterId", "cls-ABCD1234"],
    ["TkeClusterKubeconfig", "clusterId", "cls-abcd1234/../x"],
    ["TkeClusterKubeconfig", "endpoint", "public"],
    ["TkeClusterKubeconfig", "renewBeforeDays", 1e9],
  ];
  it.each(cases)("%s %s = %p", async (kind, field, value) => {
    const res = await check(kind, { ...valid[kind], [field]: value });
    expect(res.failures.length).toBeGreaterThan(0);
    for (const f of res.failures) {
      expect(f.property).toBe(field);
      expect(f.reason).toContain(field);
    }
  });

  it("expireAt that is not a time, or too close, names expireAt", async () => {
    const base = { clusterId: uuid, projectId: hex32 };
    for (const expireAt of ["garbage", "2026-01-15T00:05:00Z", "2099-01-01T00:00:00Z"]) {
      const res = await check("CceClusterKubeconfig", { ...base, expireAt });
      expect(res.failures.map((f) => f.property)).toEqual(["expireAt"]);
      expect(res.failures[0].reason).toContain("expireAt");
    }
  });
});
