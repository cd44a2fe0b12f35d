import { rootCertificates } from "tls";
import { closeSharedTransports, formatDebugLine, getSharedTransport } from "../../../provider/http";
import { trustedCas } from "../../../provider/http/dispatcher";

describe("formatDebugLine", () => {
  it("prints only allow-listed fields, whatever else the object carries", () => {
    const line = formatDebugLine({
      vendor: "tencentcloud",
      operation: "DescribeClusterKubeconfig",
      method: "POST",
      host: "tke.tencentcloudapi.com",
      path: "/",
      attempt: 2,
      status: 200,
      delayMs: 12.7,
      ...({ headers: { authorization: "TC3-HMAC-SHA256 Credential=FAKE" }, body: "kubeconfig-body" } as object),
    });
    expect(line).toBe(
      'pulumi-cloud-kubeconfig http vendor="tencentcloud" operation="DescribeClusterKubeconfig" method="POST" host="tke.tencentcloudapi.com" path="/" attempt=2 status=200 delayMs=13',
    );
  });
});

describe("getSharedTransport", () => {
  afterEach(() => closeSharedTransports());

  it("returns one instance per distinct CA/proxy setting", () => {
    const a = getSharedTransport({ proxy: {} });
    expect(getSharedTransport({ proxy: {} })).toBe(a);
    expect(getSharedTransport({ proxy: {}, extraCaPem: "-----BEGIN CERTIFICATE-----x" })).not.toBe(a);
    expect(getSharedTransport({ proxy: { httpsProxy: "http://127.0.0.1:9" } })).not.toBe(a);
    expect(getSharedTransport({ proxy: {} })).toBe(a);
  });

  it("refuses injected functions (those belong to a private HttpTransport)", () => {
    expect(() => getSharedTransport({ now: () => 0 })).toThrow(/new HttpTransport/);
  });
});

describe("trustedCas", () => {
  it("keeps Node's defaults when no extra CA is given", () => {
    expect(trustedCas(undefined)).toBeUndefined();
  });
  it("adds the extra CA to the system roots rather than replacing them", () => {
    const cas = trustedCas("EXTRA-PEM", {})!;
    expect(cas.slice(0, rootCertificates.length)).toEqual(rootCertificates);
    expect(cas[cas.length - 1]).toBe("EXTRA-PEM");
  });
});
