/**
 * Property: over generated vendor-like documents (valid, drifting and broken), prepareKubeconfig
 * either returns a kubeconfig that passes structural checks or throws a KubeconfigError naming
 * the problem, never anything else, and no error message carries key, certificate or token
 * material from the input.
 */
import fc from "fast-check";
import { dump } from "js-yaml";
import { KubeconfigError, KubeconfigSource, PreparedKubeconfig, prepareKubeconfig } from "../../../provider/kubeconfig";
import { TestPki, createTestPki } from "../../fixtures/kubeconfig/vendor-documents";
import { loadOneContextKubeconfig } from "../../support/kubeconfig-shape";
import { expectNoSecrets } from "../../support/secret-scan";

// Marks every generated junk value of a secret-bearing field, so a leak is detectable.
const MARK = "Zq9SecretMarker";
const CODES = [
  "MALFORMED",
  "ENDPOINT_NOT_FOUND",
  "INSECURE_NOT_REQUESTED",
  "BAD_BASE64",
  "BAD_CERTIFICATE",
  "BAD_KEY",
  "NO_CREDENTIALS",
  "UNSAFE",
  "INVALID_INPUT",
];

let pkis: TestPki[];
beforeAll(async () => {
  pkis = [await createTestPki({ commonName: "fake-a" }), await createTestPki({ commonName: "fake-b" })];
});

/** 16-character windows of the distinctive part of every secret (skipping shared PEM headers). */
function secretFragments(): string[] {
  const out: string[] = [MARK];
  for (const p of pkis) {
    for (const s of [p.caData, p.certData, p.keyData, p.token.slice("fake-token-".length)]) {
      for (let i = 40 % s.length; i + 16 <= s.length; i += 8) out.push(s.slice(i, i + 16));
    }
    const keyBody = p.client.keyPem
      .split("\n")
      .filter((l) => !l.startsWith("-----"))
      .join("");
    for (let i = 0; i + 16 <= keyBody.length; i += 8) out.push(keyBody.slice(i, i + 16));
  }
  return out;
}

function documentArbitrary(): fc.Arbitrary<{
  doc: unknown;
  form: string;
  source: KubeconfigSource;
  endpoint?: string;
}> {
  const pkiIndex = fc.constantFrom(0, 1);
  const junk = fc.string({ minLength: 0, maxLength: 12 }).map((s) => `${MARK}${s}`);
  const anyDataField = fc.oneof(
    pkiIndex.map((i) => pkis[i].certData),
    pkiIndex.map((i) => pkis[i].caData),
    pkiIndex.map((i) => pkis[i].keyData),
    pkiIndex.map((i) => pkis[i].certData.replace(/(.{64})/g, "$1\n")),
    junk,
    junk.map((s) => Buffer.from(s).toString("base64")),
    fc.constantFrom("", "*****", null, undefined),
  );
  const caField = fc.oneof(
    { arbitrary: pkiIndex.map((i) => pkis[i].caData), weight: 6 },
    { arbitrary: anyDataField, weight: 2 },
  );
  const tokenField = fc.oneof(
    pkiIndex.map((i) => pkis[i].token),
    junk,
    fc.constantFrom("", null, undefined, 7),
  );
  const boolish = fc.oneof(
    { arbitrary: fc.constantFrom<unknown>(true, false, "true", "false", "", undefined), weight: 6 },
    { arbitrary: fc.constantFrom<unknown>("TRUE", null, "yes", 1), weight: 1 },
  );
  const server = fc.oneof(
    {
      arbitrary: fc.constantFrom<unknown>(
        "https://192.168.0.18:5443",
        "https://100.93.8.56:5443",
        "https://10.1.2.3:6443",
        "https://cls-abc.ccs.tencent-cloud.com",
        "https://[fd00::1]:6443",
      ),
      weight: 8,
    },
    {
      arbitrary: fc.constantFrom<unknown>(
        "https://ip:port",
        "ftp://example.test",
        "",
        undefined,
        null,
        42,
        "http://10.1.2.3:8080",
        "https://admin:fake-password-in-url@10.1.2.3:6443",
      ),
      weight: 1,
    },
  );
  const clusterName = fc.oneof(
    {
      arbitrary: fc.constantFrom(
        "internalCluster",
        "externalCluster",
        "externalClusterTLSVerify",
        "cluster-demo",
        "cls-abc",
      ),
      weight: 8,
    },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
  );
  const contextName = fc.oneof(
    {
      arbitrary: fc.constantFrom("internal", "external", "externalTLSVerify", "demo", "cls-abc-context-default"),
      weight: 8,
    },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
  );
  const userName = fc.constantFrom("user", "100012345678", "other");

  const cluster = fc.record(
    {
      server,
      "certificate-authority-data": caField,
      "insecure-skip-tls-verify": boolish,
      "tls-server-name": fc.constantFrom(undefined, "", "", "", "kubernetes.default"),
      "proxy-url": fc.constantFrom(undefined, "", "", "", "http://proxy.example.test:3128"),
    },
    { requiredKeys: ["server"] },
  );
  const user = fc.oneof(
    {
      arbitrary: fc.record({ i: pkiIndex, token: fc.constantFrom(undefined, "") }).map(({ i, token }) => ({
        "client-certificate-data": pkis[i].certData,
        "client-key-data": pkis[i].keyData,
        token,
      })),
      weight: 5,
    },
    {
      arbitrary: fc
        .record({ i: pkiIndex, j: pkiIndex })
        .map(({ i, j }) => ({ "client-certificate-data": pkis[i].certData, "client-key-data": pkis[j].keyData })),
      weight: 1,
    },
    {
      arbitrary: tokenField.map((token) => ({ "client-certificate-data": "", "client-key-data": "", token })),
      weight: 2,
    },
    {
      arbitrary: fc.record(
        { "client-certificate-data": anyDataField, "client-key-data": anyDataField, token: tokenField },
        { requiredKeys: [] },
      ),
      weight: 2,
    },
  );

  const doc = fc
    .record({
      clusters: fc.array(fc.record({ name: clusterName, cluster }), { minLength: 1, maxLength: 3 }),
      users: fc.option(
        fc.array(fc.record({ name: userName, user: fc.option(user, { nil: null, freq: 8 }) }), { maxLength: 2 }),
        { nil: undefined, freq: 8 },
      ),
      contexts: fc.option(
        fc.array(fc.record({ name: contextName, context: fc.record({ cluster: clusterName, user: userName }) }), {
          maxLength: 3,
        }),
        { nil: undefined },
      ),
      current: fc.option(contextName, { nil: undefined }),
      preferences: fc.constantFrom<unknown>(undefined, {}, ""),
      kind: fc.constantFrom<unknown>("Config", undefined),
    })
    .map((d) => {
      const out: Record<string, unknown> = {
        kind: d.kind,
        apiVersion: "v1",
        preferences: d.preferences,
        clusters: d.clusters,
      };
      if (d.users !== undefined) out.users = d.users;
      if (d.contexts !== undefined) out.contexts = d.contexts;
      if (d.current !== undefined) out["current-context"] = d.current;
      return JSON.parse(JSON.stringify(out)) as unknown; // drops undefined like a real JSON body
    });

  const form = fc.constantFrom("object", "json", "buffer", "yaml", "lines", "tke-response");
  return fc
    .record({
      doc,
      form,
      source: fc.constantFrom<KubeconfigSource>("ucs", "cce", "ucs-federation", "tke"),
      endpoint: fc.option(
        fc.constantFrom("internal", "external", "externalTLSVerify", "intranet", "extranet", "demo", "nope"),
        { nil: undefined, freq: 2 },
      ),
    })
    .map((r) => ({ ...r, doc: encode(r.doc, r.form) }));
}

function encode(doc: unknown, form: string): unknown {
  switch (form) {
    case "json":
      return JSON.stringify(doc);
    case "buffer":
      return Buffer.from(JSON.stringify(doc, null, 2));
    case "yaml":
      return dump(doc);
    case "lines":
      return JSON.stringify(doc, null, 2).split("\n");
    case "tke-response":
      return { Response: { Kubeconfig: dump(doc), RequestId: "fake-request" } };
    default:
      return doc;
  }
}

function checkKubeconfig(out: PreparedKubeconfig, endpoint: string | undefined, source: KubeconfigSource): void {
  const kc = loadOneContextKubeconfig(out.yaml);
  expect(kc["current-context"]).toBe(kc.contexts[0].name);
  expect(kc.contexts[0].context).toMatchObject({ cluster: kc.clusters[0].name, user: kc.users[0].name });
  const cluster = kc.clusters[0].cluster;
  const url = new URL(cluster.server);
  expect(url.protocol).toBe("https:");
  expect(url.username + url.password).toBe("");
  expect(cluster["proxy-url"]).toBeUndefined();
  expect(cluster["tls-server-name"]).toBeUndefined();
  const insecure = cluster["insecure-skip-tls-verify"];
  expect(insecure === undefined || insecure === true).toBe(true);
  expect(insecure === true).toBe(out.insecureSkipTlsVerify);
  if (insecure === true) {
    expect(cluster["certificate-authority-data"]).toBeUndefined();
    expect(endpoint).toBeDefined(); // insecure only when asked for by name
  }
  if (cluster["certificate-authority-data"] !== undefined) {
    expect(Buffer.from(cluster["certificate-authority-data"], "base64").toString()).toContain(
      "-----BEGIN CERTIFICATE-----",
    );
  }
  if (endpoint === undefined)
    expect(source === "tke" ? ["intranet"] : ["externalTLSVerify", "internal"]).toContain(out.endpoint);
  const user = kc.users[0].user;
  if (out.authType === "certificate") {
    expect(Buffer.from(user["client-key-data"], "base64").toString()).toMatch(/-----BEGIN (EC |RSA )?PRIVATE KEY-----/);
    expect(pkis.map((p) => p.client.fingerprintSha256)).toContain(out.certificate?.fingerprintSha256);
  } else {
    expect(typeof user.token).toBe("string");
    expect(user["client-key-data"]).toBeUndefined();
  }
}

test("every generated document gives a valid kubeconfig or a KubeconfigError without secrets", () => {
  const fragments = secretFragments();
  const outcomes: Record<string, number> = {};
  const messages = new Set<string>();
  fc.assert(
    fc.property(documentArbitrary(), ({ doc, source, endpoint }) => {
      let out: PreparedKubeconfig | undefined;
      try {
        out = prepareKubeconfig({ source, document: doc, endpoint, clusterId: "c-prop" });
      } catch (e) {
        if (!(e instanceof KubeconfigError)) throw new Error(`not a KubeconfigError: ${String(e)}`);
        expect(CODES).toContain(e.code);
        expect(e.message.length).toBeGreaterThan(0);
        if (e.path !== undefined) expect(e.message).toContain(e.path);
        for (const f of fragments) if (e.message.includes(f)) throw new Error(`error ${e.code} leaks input material`);
        messages.add(e.message);
        outcomes[e.code] = (outcomes[e.code] || 0) + 1;
        return;
      }
      checkKubeconfig(out, endpoint, source);
      outcomes.ok = (outcomes.ok || 0) + 1;
    }),
    { numRuns: 1200, seed: 20260801 },
  );
  // The shared scanner (12+ character pieces and base64 forms) over every distinct message, once.
  const keyMaterial: string[] = [];
  pkis.forEach((p) => keyMaterial.push(p.keyData, p.client.keyPem, p.token));
  expectNoSecrets([...messages].join("\n"), keyMaterial);
  // The generator must reach both outcomes, or the property says little.
  expect(outcomes.ok).toBeGreaterThan(30);
  expect(Object.keys(outcomes).length).toBeGreaterThan(5);
});
