/**
 * Real X.509 for the emulator: one CA per emulated cluster, server certificates whose SANs match the
 * kubeconfig `server`, and client certificates with exactly the requested validity (from the emulator
 * clock, passed in by the caller). ECDSA P-256 keys, exported as PKCS#8 PEM ("PRIVATE KEY"), which
 * Go's client-go/kubectl, node's tls and OpenSSL all accept.
 */
// Must load before @peculiar/x509 (its tsyringe dependency checks for Reflect metadata at load time).
import "./reflect-metadata-shim";
import { X509Certificate as NodeX509Certificate, randomBytes, webcrypto } from "node:crypto";
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  Extension,
  JsonName,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  cryptoProvider,
} from "@peculiar/x509";

// @peculiar/x509 looks its crypto up in a provider; node's webcrypto is a full implementation.
cryptoProvider.set(webcrypto as unknown as Parameters<typeof cryptoProvider.set>[0]);

type KeyPair = Parameters<typeof X509CertificateGenerator.createSelfSigned>[0]["keys"];
type Key = KeyPair["privateKey"];

const EC_ALGORITHM = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING_ALGORITHM = { name: "ECDSA", hash: "SHA-256" };

/** A certificate and its private key, as PEM, plus the facts tests and state tracking need. */
export interface IssuedCertificate {
  /** PEM "CERTIFICATE". */
  certPem: string;
  /** PEM "PRIVATE KEY" (PKCS#8, ECDSA P-256). */
  keyPem: string;
  /** Serial number, lowercase hex without separators. */
  serialNumber: string;
  /** SHA-256 fingerprint as node's `X509Certificate.fingerprint256` formats it (`AB:CD:...`). */
  fingerprintSha256: string;
  /** Subject DN as node formats it (`CN=...` lines joined by newlines). */
  subject: string;
  /** Start of validity (whole seconds: X.509 times carry no milliseconds). */
  notBefore: Date;
  /** End of validity (whole seconds). */
  notAfter: Date;
}

/** A certificate authority: anything with its certificate and private key in PEM. */
export type CertificateAuthority = Pick<IssuedCertificate, "certPem" | "keyPem">;

/** Validity window; callers pass the emulator clock's time, never the wall clock implicitly. */
export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/** Options for {@link createCertificateAuthority}. */
export interface CertificateAuthorityOptions extends Validity {
  commonName: string;
}

/** Options for {@link issueServerCertificate}. */
export interface ServerCertificateOptions extends Validity {
  commonName: string;
  /** DNS subject alternative names. */
  dnsNames?: string[];
  /** IP subject alternative names (IPv4 or IPv6 literals). */
  ipAddresses?: string[];
}

/** Options for {@link issueClientCertificate}. */
export interface ClientCertificateOptions extends Validity {
  /** Kubernetes reads the user name from CN. */
  commonName: string;
  /** Kubernetes reads groups from O; several groups mean several O attributes. */
  organization?: string | string[];
}

/** Creates a self-signed CA certificate (basicConstraints CA:TRUE, keyCertSign/cRLSign). */
export async function createCertificateAuthority(opts: CertificateAuthorityOptions): Promise<IssuedCertificate> {
  const keys = await generateKeyPair();
  const name: JsonName = [{ CN: [opts.commonName] }];
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    keys,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return describe(cert, await exportKey(keys.privateKey));
}

/** Issues a TLS server certificate signed by `ca`, with the given DNS and IP SANs. */
export async function issueServerCertificate(
  ca: CertificateAuthority,
  opts: ServerCertificateOptions,
): Promise<IssuedCertificate> {
  const names = [
    ...(opts.dnsNames || []).map((value) => ({ type: "dns" as const, value })),
    ...(opts.ipAddresses || []).map((value) => ({ type: "ip" as const, value })),
  ];
  const extra: Extension[] = [new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth], false)];
  if (names.length > 0) extra.push(new SubjectAlternativeNameExtension(names, false));
  return issue(ca, [{ CN: [opts.commonName] }], opts, extra);
}

/** Issues a TLS client certificate signed by `ca` (CN = user, O = groups, as Kubernetes reads them). */
export async function issueClientCertificate(
  ca: CertificateAuthority,
  opts: ClientCertificateOptions,
): Promise<IssuedCertificate> {
  const orgs =
    opts.organization === undefined ? [] : Array.isArray(opts.organization) ? opts.organization : [opts.organization];
  const name: JsonName = [...orgs.map((o) => ({ O: [o] })), { CN: [opts.commonName] }];
  return issue(ca, name, opts, [new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth], false)]);
}

async function issue(
  ca: CertificateAuthority,
  subject: JsonName,
  validity: Validity,
  extra: Extension[],
): Promise<IssuedCertificate> {
  const caCert = new X509Certificate(ca.certPem);
  const caKey = await importKey(ca.keyPem);
  const keys = await generateKeyPair();
  const cert = await X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: caCert.subject,
    publicKey: keys.publicKey,
    signingKey: caKey,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      await AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      ...extra,
    ],
  });
  return describe(cert, await exportKey(keys.privateKey));
}

function describe(cert: X509Certificate, keyPem: string): IssuedCertificate {
  const certPem = cert.toString("pem");
  const node = new NodeX509Certificate(certPem);
  return {
    certPem: ensureTrailingNewline(certPem),
    keyPem,
    serialNumber: node.serialNumber.toLowerCase(),
    fingerprintSha256: node.fingerprint256,
    subject: node.subject,
    notBefore: new Date(node.validFrom),
    notAfter: new Date(node.validTo),
  };
}

/** 16 random bytes with the top bit cleared: a positive INTEGER (RFC 5280 §4.1.2.2) of at most 20 octets. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString("hex");
}

async function generateKeyPair(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(EC_ALGORITHM, true, ["sign", "verify"])) as unknown as KeyPair;
}

async function exportKey(key: Key): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", key as unknown as webcrypto.CryptoKey);
  return ensureTrailingNewline(PemConverter.encode(der, "PRIVATE KEY"));
}

async function importKey(pem: string): Promise<Key> {
  const der = PemConverter.decodeFirst(pem);
  return (await webcrypto.subtle.importKey("pkcs8", der, EC_ALGORITHM, true, ["sign"])) as unknown as Key;
}

function ensureTrailingNewline(pem: string): string {
  const unix = pem.replace(/\r\n/g, "\n");
  return unix.endsWith("\n") ? unix : unix + "\n";
}
