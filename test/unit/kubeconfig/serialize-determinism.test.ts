import { load } from "js-yaml";
import { prepareKubeconfig, serializeKubeconfig } from "../../../provider/kubeconfig";
import { TestPki, createTestPki, vendorDocument } from "../../fixtures/kubeconfig/vendor-documents";

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

/** Same JSON value, every object's keys in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).reverse()) out[k] = reverseKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

describe("determinism", () => {
  test.each(["cce-three-endpoints.json", "ucs-cluster.json", "ucs-federation.json", "ucs-federation-token.json"])(
    "%s: same input twice, reordered keys, JSON text and Buffer all give identical bytes",
    (fixture) => {
      const doc = vendorDocument(fixture, pki);
      const run = (document: unknown) =>
        prepareKubeconfig({ source: "ucs", document, clusterId: "c-9", namespace: "apps" }).yaml;
      const first = run(doc);
      expect(run(doc)).toBe(first);
      expect(run(reverseKeys(doc))).toBe(first);
      expect(run(JSON.stringify(reverseKeys(doc), null, 4))).toBe(first);
      expect(run(Buffer.from(JSON.stringify(doc)))).toBe(first);
      // Reordered key order in the input must not move keys in the output either.
      expect(first.indexOf("apiVersion:")).toBe(0);
    },
  );

  test("fixed key order and one entry each", () => {
    const yaml = serializeKubeconfig({
      clusterName: "c",
      userName: "u",
      contextName: "x",
      cluster: {
        server: "https://a.example.test",
        insecureSkipTlsVerify: true,
        disableCompression: false,
      },
      user: { authType: "token", token: "fake-token" },
    });
    expect(yaml).toBe(
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "  - name: c",
        "    cluster:",
        "      server: https://a.example.test",
        "      insecure-skip-tls-verify: true",
        "      disable-compression: false",
        "contexts:",
        "  - name: x",
        "    context:",
        "      cluster: c",
        "      user: u",
        "current-context: x",
        "preferences: {}",
        "users:",
        "  - name: u",
        "    user:",
        "      token: fake-token",
        "",
      ].join("\n"),
    );
  });

  test("long base64 values are never folded and names that look like other types stay strings", () => {
    const out = prepareKubeconfig({
      source: "tke",
      document: vendorDocument("tke-kubeconfig.yaml", pki),
      clusterId: "c",
      names: { cluster: "true", user: "100012345678", context: "null" },
    });
    const line = out.yaml.split("\n").find((l) => l.includes("client-key-data"));
    expect(line).toBe(`      client-key-data: ${pki.keyData}`);
    const kc = load(out.yaml) as any;
    expect(kc.clusters[0].name).toBe("true");
    expect(kc.users[0].name).toBe("100012345678");
    expect(kc["current-context"]).toBe("null");
  });
});
