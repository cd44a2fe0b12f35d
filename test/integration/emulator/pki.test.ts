import { X509Certificate, createPrivateKey } from "node:crypto";
import { createCertificateAuthority, issueClientCertificate, issueServerCertificate } from "../../../emulator/pki";

const notBefore = new Date("2025-03-01T10:00:00Z");
const notAfter = new Date("2026-03-01T10:00:00Z");

describe("emulator PKI", () => {
  it("creates a CA whose certificate is self-signed and marked as a CA", async () => {
    const ca = await createCertificateAuthority({ commonName: "emulator-ca", notBefore, notAfter });
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe("CN=emulator-ca");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(createPrivateKey(ca.keyPem).asymmetricKeyType).toBe("ec");
    expect(ca.keyPem).toContain("-----BEGIN PRIVATE KEY-----");
  });

  it("issues server certificates with the requested SANs, signed by the CA", async () => {
    const ca = await createCertificateAuthority({ commonName: "cluster-ca", notBefore, notAfter });
    const server = await issueServerCertificate(ca, {
      commonName: "kube-apiserver",
      dnsNames: ["localhost", "cls-abcdefgh.example"],
      ipAddresses: ["127.0.0.1"],
      notBefore,
      notAfter,
    });
    const cert = new X509Certificate(server.certPem);
    expect(cert.subjectAltName).toBe("DNS:localhost, DNS:cls-abcdefgh.example, IP Address:127.0.0.1");
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkPrivateKey(createPrivateKey(server.keyPem))).toBe(true);
  });

  it("issues client certificates with exactly the requested validity, CN and O", async () => {
    const ca = await createCertificateAuthority({ commonName: "client-ca", notBefore, notAfter });
    const from = new Date("2030-07-04T01:02:03Z");
    const to = new Date("2030-07-09T01:02:03Z");
    const client = await issueClientCertificate(ca, {
      commonName: "user-1",
      organization: ["system:masters", "devs"],
      notBefore: from,
      notAfter: to,
    });
    const cert = new X509Certificate(client.certPem);
    expect(new Date(cert.validFrom).toISOString()).toBe(from.toISOString());
    expect(new Date(cert.validTo).toISOString()).toBe(to.toISOString());
    expect(client.notAfter.toISOString()).toBe(to.toISOString());
    expect(cert.subject.split("\n")).toEqual(["O=system:masters", "O=devs", "CN=user-1"]);
    expect(client.fingerprintSha256).toBe(cert.fingerprint256);
    expect(client.serialNumber).toBe(cert.serialNumber.toLowerCase());
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
  });

  it("mints a fresh key and serial on every issuance", async () => {
    const ca = await createCertificateAuthority({ commonName: "ca", notBefore, notAfter });
    const a = await issueClientCertificate(ca, { commonName: "u", notBefore, notAfter });
    const b = await issueClientCertificate(ca, { commonName: "u", notBefore, notAfter });
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.keyPem).not.toBe(b.keyPem);
    expect(a.fingerprintSha256).not.toBe(b.fingerprintSha256);
  });

  it("rejects a certificate from a foreign CA", async () => {
    const ca = await createCertificateAuthority({ commonName: "ca", notBefore, notAfter });
    const other = await createCertificateAuthority({ commonName: "ca", notBefore, notAfter });
    const c = await issueClientCertificate(other, { commonName: "u", notBefore, notAfter });
    expect(new X509Certificate(c.certPem).verify(new X509Certificate(ca.certPem).publicKey)).toBe(false);
  });
});
