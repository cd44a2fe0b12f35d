import { load } from "js-yaml";
import { KubeconfigError, KubeconfigSource, prepareKubeconfig } from "../../../provider/kubeconfig";
import {
  TestPki,
  createTestPki,
  readFixture,
  secretsOf,
  vendorDocument,
} from "../../fixtures/kubeconfig/vendor-documents";
import { loadOneContextKubeconfig } from "../../support/kubeconfig-shape";

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

interface Row {
  fixture: string;
  source: KubeconfigSource;
  endpoint?: string;
  expect: { endpoint: string; server: string; insecure: boolean; ca: boolean; authType: "certificate" | "token" };
}

const EIP_SERVER = "https://100.93.8.56:5443";
const VPC_SERVER = "https://192.168.0.18:5443";
const TKE_SERVER = "https://cls-65r1c5nu.ccs.tencent-cloud.com";

/** One row: the fixture and the endpoint asked for (none: the default), then what the output must hold. */
function row(
  fixture: string,
  source: KubeconfigSource,
  endpoint: string | undefined,
  expected: [endpoint: string, server: string, insecure: boolean, ca: boolean, authType?: "certificate" | "token"],
): Row {
  const [gets, server, insecure, ca, authType = "certificate"] = expected;
  return { fixture, source, endpoint, expect: { endpoint: gets, server, insecure, ca, authType } };
}

// prettier-ignore
const TABLE: Row[] = [
  // CCE with an EIP: three endpoints; the default is the verified public one, not current-context "external".
  row("cce-three-endpoints.json", "cce", undefined, ["externalTLSVerify", EIP_SERVER, false, true]),
  row("cce-three-endpoints.json", "cce", "externalTLSVerify", ["externalTLSVerify", EIP_SERVER, false, true]),
  row("cce-three-endpoints.json", "cce", "internal", ["internal", VPC_SERVER, false, true]),
  // insecure + CA from the vendor: CA dropped (client-go refuses the pair).
  row("cce-three-endpoints.json", "cce", "external", ["external", EIP_SERVER, true, false]),
  row("cce-internal-only.json", "cce", undefined, ["internal", "https://192.168.1.7:5443", false, true]),
  row("cce-internal-only.json", "cce", "internal", ["internal", "https://192.168.1.7:5443", false, true]),
  // UCS: insecure-skip-tls-verify as strings "false", "true", "".
  row("ucs-cluster.json", "ucs", undefined, ["externalTLSVerify", EIP_SERVER, false, true]),
  row("ucs-cluster.json", "ucs", "internal", ["internal", VPC_SERVER, false, true]),
  row("ucs-cluster.json", "ucs", "external", ["external", EIP_SERVER, true, false]),
  // Federation: names outside the Huawei set; labelled by properties (private address → internal).
  row("ucs-federation.json", "ucs-federation", undefined, ["internal", "https://10.0.1.5:5443", false, true]),
  row("ucs-federation.json", "ucs-federation", "demo", ["internal", "https://10.0.1.5:5443", false, true]),
  row("ucs-federation-token.json", "ucs-federation", undefined,
    ["externalTLSVerify", "https://federation.example.test:5443", false, true, "token"]),
  // TKE: labelled by the caller.
  row("tke-kubeconfig.yaml", "tke", undefined, ["intranet", TKE_SERVER, false, true]),
  row("tke-kubeconfig.yaml", "tke", "extranet", ["extranet", TKE_SERVER, false, true]),
  row("tke-kubeconfig.yaml", "tke", "intranet", ["intranet", TKE_SERVER, false, true]),
];

describe("prepareKubeconfig over vendor fixtures", () => {
  test.each(TABLE)("$source $fixture endpoint=$endpoint", (row) => {
    const out = prepareKubeconfig({
      source: row.source,
      document: vendorDocument(row.fixture, pki),
      endpoint: row.endpoint,
      clusterId: "c-1",
    });
    expect(out.endpoint).toBe(row.expect.endpoint);
    expect(out.server).toBe(row.expect.server);
    expect(out.insecureSkipTlsVerify).toBe(row.expect.insecure);
    expect(out.authType).toBe(row.expect.authType);
    expect(out.certificateAuthorityData).toBe(row.expect.ca ? pki.caData : undefined);
    expect(out.clusterIdentifier).toBe(
      `${row.source === "tke" ? "tencentcloud" : "huaweicloud"}/${row.source}/c-1/${row.expect.endpoint}`,
    );

    const kc = loadOneContextKubeconfig(out.yaml);
    expect(kc["current-context"]).toBe(`${row.source}-c-1`);
    expect(kc.contexts[0]).toEqual({
      name: `${row.source}-c-1`,
      context: { cluster: `${row.source}-c-1`, user: `${row.source}-c-1-user` },
    });
    const cluster = kc.clusters[0].cluster;
    expect(cluster.server).toBe(row.expect.server);
    // A real YAML boolean, and never together with a CA.
    if (row.expect.insecure) {
      expect(cluster["insecure-skip-tls-verify"]).toBe(true);
      expect(cluster).not.toHaveProperty("certificate-authority-data");
    } else {
      expect(cluster).not.toHaveProperty("insecure-skip-tls-verify");
    }
    const user = kc.users[0].user;
    if (row.expect.authType === "certificate") {
      expect(user).toEqual({ "client-certificate-data": pki.certData, "client-key-data": pki.keyData });
      expect(out.certificate?.fingerprintSha256).toBe(pki.client.fingerprintSha256);
    } else {
      expect(user).toEqual({ token: pki.token });
      expect(out.certificate).toBeUndefined();
    }
  });

  test("names and namespace as given; vendor names never leak into the output", () => {
    const document = vendorDocument("cce-three-endpoints.json", pki);
    const names = { context: "prod", cluster: "prod-cluster", user: "prod-admin" };
    const out = prepareKubeconfig({ source: "cce", document, clusterId: "c-1", names, namespace: "apps" });
    const kc = load(out.yaml) as any;
    expect(kc.clusters[0].name).toBe("prod-cluster");
    expect(kc.users[0].name).toBe("prod-admin");
    expect(kc.contexts[0]).toEqual({
      name: "prod",
      context: { cluster: "prod-cluster", user: "prod-admin", namespace: "apps" },
    });
    expect(kc["current-context"]).toBe("prod");
    expect(out.yaml).not.toMatch(/externalClusterTLSVerify|internalCluster/);
  });

  test("a base64 value with line breaks is accepted (Go's decoder skips CR/LF) and re-encoded canonically", () => {
    const doc = vendorDocument("cce-internal-only.json", pki) as any;
    doc.clusters[0].cluster["certificate-authority-data"] = pki.caData.replace(/(.{76})/g, "$1\n");
    const out = prepareKubeconfig({ source: "cce", document: doc, clusterId: "c-1" });
    expect(out.certificateAuthorityData).toBe(pki.caData);
  });

  test("disable-compression is kept", () => {
    const doc = vendorDocument("cce-internal-only.json", pki) as any;
    Object.assign(doc.clusters[0].cluster, { "disable-compression": "true" });
    const kc = load(prepareKubeconfig({ source: "cce", document: doc, clusterId: "c-1" }).yaml) as any;
    expect(kc.clusters[0].cluster).toEqual({
      server: "https://192.168.1.7:5443",
      "certificate-authority-data": pki.caData,
      "disable-compression": true,
    });
  });

  test.each([
    ["proxy-url", "http://proxy.example.test:3128", "a proxy"],
    ["tls-server-name", "kubernetes.default", "the name TLS verifies"],
  ])("a vendor-chosen %s is refused, naming the field", (field, value, what) => {
    const e = failureWith("cce-internal-only.json", (doc) => (doc.clusters[0].cluster[field] = value), {
      clusterId: "c-1",
    });
    expect(e.code).toBe("UNSAFE");
    expect(e.path).toBe(`clusters[0].cluster.${field}`);
    expect(e.message).toContain(what);
    expect(e.message).not.toContain(value);
  });

  test("a plain http:// server is refused: the token would travel unencrypted", () => {
    const toHttp = (doc: any) => {
      for (const c of doc.clusters) c.cluster.server = c.cluster.server.replace(/^https:/, "http:");
    };
    const e = failureWith("ucs-federation-token.json", toHttp, { source: "ucs-federation", clusterId: "f-1" });
    expect(e.code).toBe("UNSAFE");
    expect(e.message).toContain("http://");
    expect(e.message).toContain("unencrypted");
  });

  test("user information in the server URL is refused and never repeated", () => {
    const withUser = (doc: any) =>
      (doc.clusters[0].cluster.server = "https://admin:fake-url-password@192.168.1.7:5443");
    const e = failureWith("cce-internal-only.json", withUser, { clusterId: "c-1" });
    expect(e.code).toBe("UNSAFE");
    expect(e.message).not.toContain("fake-url-password");
    expect(e.message).not.toContain("admin");
  });
});

type PrepareInput = Parameters<typeof prepareKubeconfig>[0];

/** The KubeconfigError for `fixture` after `edit` changed it (a CCE cluster "c" unless `input` says otherwise). */
function failureWith(fixture: string, edit: (doc: any) => void, input: Partial<PrepareInput> = {}): KubeconfigError {
  const doc = vendorDocument(fixture, pki) as any;
  edit(doc);
  return catchError(() => prepareKubeconfig({ source: "cce", clusterId: "c", ...input, document: doc }));
}

/** The KubeconfigError for `fixture` as the vendor sends it. */
const failureOf = (fixture: string, input: Partial<PrepareInput> = {}) => failureWith(fixture, () => undefined, input);

function catchError(fn: () => unknown): KubeconfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KubeconfigError);
    return e as KubeconfigError;
  }
  throw new Error("expected a KubeconfigError");
}

describe("prepareKubeconfig failures", () => {
  test("an unknown endpoint lists what the document offers", () => {
    const e = failureOf("cce-three-endpoints.json", { endpoint: "public" });
    expect(e.code).toBe("ENDPOINT_NOT_FOUND");
    expect(e.available).toEqual(["internal", "external", "externalTLSVerify"]);
    expect(e.message).toContain("internal, external, externalTLSVerify");
  });

  test("a missing endpoint is named with the alternatives", () => {
    const e = failureOf("cce-internal-only.json", { endpoint: "externalTLSVerify" });
    expect(e.code).toBe("ENDPOINT_NOT_FOUND");
    expect(e.available).toEqual(["internal"]);
  });

  test("only an insecure endpoint: refused unless asked for by name", () => {
    const doc = vendorDocument("cce-three-endpoints.json", pki) as any;
    doc.clusters = doc.clusters.filter((c: any) => c.name === "externalCluster");
    doc.contexts = doc.contexts.filter((c: any) => c.name === "external");
    const e = catchError(() => prepareKubeconfig({ source: "cce", document: doc, clusterId: "c" }));
    expect(e.code).toBe("INSECURE_NOT_REQUESTED");
    expect(e.available).toEqual(["external"]);
    expect(
      prepareKubeconfig({ source: "cce", document: doc, clusterId: "c", endpoint: "external" }).insecureSkipTlsVerify,
    ).toBe(true);
  });

  test("TKE endpoint names are intranet/extranet only", () => {
    const e = failureOf("tke-kubeconfig.yaml", { source: "tke", endpoint: "externalTLSVerify", clusterId: "cls-1" });
    expect(e.code).toBe("ENDPOINT_NOT_FOUND");
    expect(e.available).toEqual(["intranet", "extranet"]);
  });

  test("published seed examples (masked values) fail with BAD_BASE64 naming the path", () => {
    const e = catchError(() =>
      prepareKubeconfig({ source: "ucs", document: readFixture("ucs-cluster-seed.json"), clusterId: "c" }),
    );
    expect(e.code).toBe("BAD_BASE64");
    expect(e.path).toBe("clusters[2].cluster.certificate-authority-data");
    expect(e.message).toContain("clusters[2].cluster.certificate-authority-data");
    expect(e.message).not.toContain("*");
    const cce = catchError(() =>
      prepareKubeconfig({ source: "cce", document: readFixture("cce-deprecated-seed.json"), clusterId: "c" }),
    );
    expect(cce.code).toBe("BAD_BASE64");
    expect(cce.path).toBe("clusters[0].cluster.certificate-authority-data");
  });

  test("the federation seed example (all fields empty, placeholder server) fails on the server", () => {
    const e = catchError(() =>
      prepareKubeconfig({
        source: "ucs-federation",
        document: readFixture("ucs-federation-seed.json"),
        clusterId: "f",
        endpoint: "demo",
      }),
    );
    expect(e.code).toBe("MALFORMED");
    expect(e.path).toBe("clusters[0].cluster.server");
  });

  test.each<[string, string, (doc: any) => void, Partial<PrepareInput>, string, string]>([
    [
      "empty credentials: NO_CREDENTIALS naming the user",
      "ucs-federation-token.json",
      (doc) => (doc.users[0].user.token = ""),
      { source: "ucs-federation", clusterId: "f" },
      "NO_CREDENTIALS",
      "users[0].user",
    ],
    [
      "a certificate without its key: NO_CREDENTIALS naming the missing field",
      "cce-internal-only.json",
      (doc) => delete doc.users[0].user["client-key-data"],
      {},
      "NO_CREDENTIALS",
      "users[0].user.client-key-data",
    ],
    [
      "insecure-skip-tls-verify that is neither true nor false is MALFORMED",
      "cce-internal-only.json",
      (doc) => (doc.clusters[0].cluster["insecure-skip-tls-verify"] = "yes"),
      { endpoint: "internal" },
      "MALFORMED",
      "clusters[0].cluster.insecure-skip-tls-verify",
    ],
  ])("%s", (_title, fixture, edit, input, code, path) => {
    const e = failureWith(fixture, edit, input);
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
  });

  test("a key field holding a certificate is BAD_KEY; a cert field holding a key is BAD_CERTIFICATE; no content echoed", () => {
    const k = failureWith("cce-internal-only.json", (doc) => (doc.users[0].user["client-key-data"] = pki.certData));
    expect(k.code).toBe("BAD_KEY");
    expect(k.path).toBe("users[0].user.client-key-data");
    const c = failureWith(
      "cce-internal-only.json",
      (doc) => (doc.users[0].user["client-certificate-data"] = pki.keyData),
    );
    expect(c.code).toBe("BAD_CERTIFICATE");
    expect(c.path).toBe("users[0].user.client-certificate-data");
    for (const err of [k, c]) for (const s of secretsOf(pki)) expect(err.message).not.toContain(s.slice(40, 80));
  });

  test("a key that does not belong to the certificate is BAD_KEY (Go's tls.X509KeyPair would refuse it)", async () => {
    const other = await createTestPki();
    const e = failureWith("cce-internal-only.json", (doc) => (doc.users[0].user["client-key-data"] = other.keyData));
    expect(e.code).toBe("BAD_KEY");
    expect(e.message).toBe("users[0].user.client-key-data does not match the client certificate");
  });

  test("invalid caller input is INVALID_INPUT", () => {
    const document = vendorDocument("cce-internal-only.json", pki);
    expect(catchError(() => prepareKubeconfig({ source: "cce", document, clusterId: "" })).path).toBe("clusterId");
    expect(catchError(() => prepareKubeconfig({ source: "eks" as any, document, clusterId: "c" })).path).toBe("source");
    expect(
      catchError(() => prepareKubeconfig({ source: "cce", document, clusterId: "c", namespace: "Not_A_Label" })).code,
    ).toBe("INVALID_INPUT");
    expect(
      catchError(() => prepareKubeconfig({ source: "cce", document, clusterId: "c", names: { user: "" } })).path,
    ).toBe("names.user");
  });
});
