import { KubeconfigError, listEndpoints, parseVendorKubeconfig, selectEndpoint } from "../../../provider/kubeconfig";
import { readFixture } from "../../fixtures/kubeconfig/vendor-documents";

// Endpoint choice needs no key material: the published seed examples are enough.
describe("listEndpoints / selectEndpoint", () => {
  test("UCS seed: three endpoints labelled by context, secure default despite current-context external", () => {
    const entries = listEndpoints(parseVendorKubeconfig(readFixture("ucs-cluster-seed.json")), "ucs");
    expect(entries.map((e) => [e.endpoint, e.clusterName, e.insecure, e.current])).toEqual([
      ["internal", "internalCluster", false, false],
      ["external", "externalCluster", true, true],
      ["externalTLSVerify", "externalClusterTLSVerify", false, false],
    ]);
    expect(selectEndpoint(entries, "ucs").endpoint).toBe("externalTLSVerify");
    expect(selectEndpoint(entries, "ucs", "externalCluster").endpoint).toBe("external");
  });

  test("clusters without contexts are labelled by cluster name, others by properties", () => {
    const doc = parseVendorKubeconfig({
      clusters: [
        { name: "externalClusterTLSVerify", cluster: { server: "https://100.93.8.56:5443" } },
        { name: "fleet-a", cluster: { server: "https://172.20.0.4:5443" } },
        { name: "fleet-b", cluster: { server: "https://fleet.example.test", "insecure-skip-tls-verify": "true" } },
      ],
      users: [{ name: "u", user: { token: "" } }],
    });
    const entries = listEndpoints(doc, "ucs-federation");
    expect(entries.map((e) => [e.endpoint, e.userName])).toEqual([
      ["externalTLSVerify", "u"],
      ["internal", "u"],
      ["external", "u"],
    ]);
  });

  test("federation names outside the Huawei set are usable by default; insecure-only documents are refused", () => {
    const doc = parseVendorKubeconfig(readFixture("ucs-federation-seed.json"));
    // server "https://ip:port" is not a URL, so the label cannot say "private": externalTLSVerify.
    expect(selectEndpoint(listEndpoints(doc, "ucs-federation"), "ucs-federation").contextName).toBe("demo");
    const insecure = parseVendorKubeconfig({
      clusters: [{ name: "x", cluster: { server: "https://1.2.3.4", "insecure-skip-tls-verify": true } }],
    });
    try {
      selectEndpoint(listEndpoints(insecure, "cce"), "cce");
      throw new Error("expected failure");
    } catch (e) {
      expect(e).toBeInstanceOf(KubeconfigError);
      expect((e as KubeconfigError).code).toBe("INSECURE_NOT_REQUESTED");
      expect((e as KubeconfigError).available).toEqual(["external"]);
    }
  });

  test("TKE: two contexts and no current-context cannot be chosen between", () => {
    const doc = parseVendorKubeconfig({
      clusters: [{ name: "a", cluster: { server: "https://a.example.test" } }],
      contexts: [
        { name: "one", context: { cluster: "a" } },
        { name: "two", context: { cluster: "a" } },
      ],
    });
    expect(() => selectEndpoint(listEndpoints(doc, "tke"), "tke", "intranet")).toThrow(KubeconfigError);
  });
});
