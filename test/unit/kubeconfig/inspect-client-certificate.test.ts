import { KubeconfigError, inspectClientCertificate, prepareKubeconfig } from "../../../provider/kubeconfig";
import { createTestPki, vendorDocument } from "../../fixtures/kubeconfig/vendor-documents";

describe("inspectClientCertificate reads what was issued", () => {
  test("expiry, subject, issuer, serial and fingerprint match the issued certificate", async () => {
    const notBefore = new Date("2027-03-04T05:06:07Z");
    const notAfter = new Date("2027-04-05T06:07:08Z");
    const pki = await createTestPki({
      notBefore,
      notAfter,
      commonName: "fake-admin",
      organization: ["system:masters", "ops"],
    });
    for (const input of [pki.client.certPem, pki.certData, Buffer.from(pki.client.certPem)]) {
      const info = inspectClientCertificate(input);
      expect(info.notBefore).toBe("2027-03-04T05:06:07.000Z");
      expect(info.notAfter).toBe("2027-04-05T06:07:08.000Z");
      expect(info.notAfter).toBe(pki.client.notAfter.toISOString());
      expect(info.subjectCommonName).toBe("fake-admin");
      expect(info.subjectOrganization).toEqual(["system:masters", "ops"]);
      expect(info.issuerCommonName).toBe("fake-cluster-ca");
      expect(info.serialNumber).toBe(pki.client.serialNumber.toUpperCase());
      expect(info.serialNumber).toMatch(/^[0-9A-F]+$/);
      expect(info.fingerprintSha256).toBe(pki.client.fingerprintSha256);
    }
  });

  test("two certificates give two fingerprints, and prepareKubeconfig reports the one in the document", async () => {
    const a = await createTestPki({ commonName: "fake-a" });
    const b = await createTestPki({ commonName: "fake-b", notAfter: new Date("2046-01-01T00:00:00Z") });
    const pa = prepareKubeconfig({
      source: "tke",
      document: vendorDocument("tke-kubeconfig.yaml", a),
      clusterId: "cls-1",
    });
    const pb = prepareKubeconfig({
      source: "tke",
      document: vendorDocument("tke-kubeconfig.yaml", b),
      clusterId: "cls-1",
    });
    expect(pa.certificate?.subjectCommonName).toBe("fake-a");
    expect(pb.certificate?.subjectCommonName).toBe("fake-b");
    expect(pb.certificate?.notAfter).toBe("2046-01-01T00:00:00.000Z");
    expect(pa.certificate?.fingerprintSha256).not.toBe(pb.certificate?.fingerprintSha256);
    // The identifier names the cluster, not the credential: renewal keeps it.
    expect(pa.clusterIdentifier).toBe(pb.clusterIdentifier);
  });

  test("not a certificate: BAD_CERTIFICATE or BAD_BASE64, never the content", async () => {
    const pki = await createTestPki();
    const keyB64 = pki.keyData;
    for (const [input, code] of [
      [keyB64, "BAD_CERTIFICATE"],
      [pki.client.keyPem, "BAD_CERTIFICATE"],
      ["not base64 at all!", "BAD_BASE64"],
    ] as const) {
      try {
        inspectClientCertificate(input);
        throw new Error("expected failure");
      } catch (e) {
        expect(e).toBeInstanceOf(KubeconfigError);
        expect((e as KubeconfigError).code).toBe(code);
        expect((e as Error).message).not.toContain(keyB64.slice(30, 60));
      }
    }
  });
});
