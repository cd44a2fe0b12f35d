import { dump } from "js-yaml";
import { KubeconfigError, parseVendorKubeconfig } from "../../../provider/kubeconfig";

// Shapes only; no key material is needed to test parsing.
const DOC = {
  kind: "Config",
  apiVersion: "v1",
  preferences: {},
  clusters: [
    { name: "internalCluster", cluster: { server: "https://192.168.1.7:5443", "certificate-authority-data": "" } },
  ],
  users: [{ name: "user", user: { "client-certificate-data": "", "client-key-data": "" } }],
  contexts: [{ name: "internal", context: { cluster: "internalCluster", user: "user" } }],
  "current-context": "internal",
};
const json = JSON.stringify(DOC, null, 2);

describe("parseVendorKubeconfig accepts the documented forms", () => {
  const forms: Array<[string, unknown]> = [
    ["parsed object", DOC],
    ["JSON string", json],
    ["JSON string with BOM and whitespace", `\uFEFF\n  ${json}\n`],
    ["double-encoded JSON string", JSON.stringify(json)],
    ["Buffer (file content)", Buffer.from(json)],
    ["Uint8Array (file content)", new Uint8Array(Buffer.from(json))],
    ["YAML text (TKE)", dump(DOC)],
    ["[Array] of strings: lines of the file", json.split("\n")],
    ["one-element array", [DOC]],
    ["TKE output object", { Kubeconfig: dump(DOC), RequestId: "r" }],
    ["TKE response envelope", { Response: { Kubeconfig: json, RequestId: "r" } }],
  ];
  test.each(forms)("%s", (_name, input) => {
    const doc = parseVendorKubeconfig(input);
    expect(doc.clusters[0].name).toBe("internalCluster");
    expect(doc.clusters[0].cluster.server).toBe("https://192.168.1.7:5443");
    expect(doc.contexts?.[0].context.cluster).toBe("internalCluster");
    expect(doc["current-context"]).toBe("internal");
  });

  test("missing optional fields, nulls and unknown keys are tolerated", () => {
    const doc = parseVendorKubeconfig({
      clusters: [
        {
          name: "c",
          cluster: { server: "https://x.example.test", "certificate-authority-data": null, extensions: [] },
        },
      ],
      preferences: "unused",
    });
    expect(doc.users).toBeUndefined();
    expect(doc.contexts).toBeUndefined();
  });
});

describe("parseVendorKubeconfig rejects with MALFORMED and a path", () => {
  const bad: Array<[string, unknown, string | undefined]> = [
    ["no clusters", { users: [] }, "clusters"],
    ["empty clusters", { clusters: [] }, "clusters"],
    ["cluster without name", { clusters: [{ cluster: { server: "https://a" } }] }, "clusters[0].name"],
    ["server not a string", { clusters: [{ name: "a", cluster: { server: 5 } }] }, "clusters[0].cluster.server"],
    [
      "insecure flag of type number",
      { clusters: [{ name: "a", cluster: { "insecure-skip-tls-verify": 1 } }] },
      "clusters[0].cluster.insecure-skip-tls-verify",
    ],
    [
      "token of type object",
      { clusters: [{ name: "a", cluster: {} }], users: [{ name: "u", user: { token: {} } }] },
      "users[0].user.token",
    ],
    [
      "context without cluster",
      { clusters: [{ name: "a", cluster: {} }], contexts: [{ name: "x", context: {} }] },
      "contexts[0].context.cluster",
    ],
    ["null", null, undefined],
    ["number", 42, undefined],
    ["empty string", "   ", undefined],
    ["broken JSON", '{"clusters": [', undefined],
    ["broken YAML", "clusters: [\n  - {", undefined],
    ["array of objects", [DOC, DOC], undefined],
  ];
  test.each(bad)("%s", (_name, input, path) => {
    let err: unknown;
    try {
      parseVendorKubeconfig(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeconfigError);
    const e = err as KubeconfigError;
    expect(e.code).toBe("MALFORMED");
    expect(e.path).toBe(path);
    if (path !== undefined) expect(e.message).toContain(path);
  });

  test("JSON/YAML parser messages (which quote the input) are not copied into the error", () => {
    const secretish = "c2VjcmV0LWtleS1tYXRlcmlhbC1mb3ItdGVzdHMtb25seQ";
    for (const text of [`{"token": ${secretish}}`, `clusters: [${secretish}`, `{"clusters": "${secretish}`]) {
      try {
        parseVendorKubeconfig(text);
        throw new Error("expected failure");
      } catch (e) {
        expect(e).toBeInstanceOf(KubeconfigError);
        expect((e as Error).message).not.toContain(secretish.slice(0, 12));
      }
    }
  });
});
