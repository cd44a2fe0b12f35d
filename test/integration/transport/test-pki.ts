/** Throwaway CA and server certificates generated at test time (nothing committed). */
import "../../../emulator/reflect-metadata-shim"; // tsyringe (under @peculiar/x509) needs Reflect metadata
import { webcrypto } from "crypto";
import {
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509CertificateGenerator,
  cryptoProvider,
} from "@peculiar/x509";

type KeyPair = { publicKey: webcrypto.CryptoKey; privateKey: webcrypto.CryptoKey };

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n");
  return `-----BEGIN ${label}-----\n${b64.trim()}\n-----END ${label}-----\n`;
}

export interface TestCa {
  certPem: string;
  keys: KeyPair;
  name: string;
}

export async function createTestCa(commonName: string): Promise<TestCa> {
  cryptoProvider.set(webcrypto as unknown as Parameters<typeof cryptoProvider.set>[0]);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as KeyPair;
  const name = `CN=${commonName}`;
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    ],
  });
  return { certPem: cert.toString("pem"), keys, name };
}

type AltName = { type: "ip" | "dns"; value: string };
const LOOPBACK_NAMES: AltName[] = [
  { type: "ip", value: "127.0.0.1" },
  { type: "dns", value: "localhost" },
];

/** A server certificate for 127.0.0.1 / localhost (or the given names) signed by `ca`. */
export async function issueLoopbackCert(
  ca: TestCa,
  names: AltName[] = LOOPBACK_NAMES,
): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as KeyPair;
  const cert = await X509CertificateGenerator.create({
    serialNumber: "02",
    subject: "CN=127.0.0.1",
    issuer: ca.name,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingKey: ca.keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new SubjectAlternativeNameExtension(names),
      new ExtendedKeyUsageExtension(["1.3.6.1.5.5.7.3.1"]),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { certPem: cert.toString("pem"), keyPem: pem("PRIVATE KEY", pkcs8) };
}
