/**
 * A small Kubernetes API endpoint per emulated cluster: HTTPS on loopback with the cluster's own
 * CA, requiring a client certificate from that CA (mutual TLS), serving `/version`, `/api`, `/apis`.
 * Expiry is judged on the emulator clock (so tests can move time); revoked serials get 401.
 */
import { createServer, Server } from "node:https";
import { AddressInfo, Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { X509Certificate } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { EmulatorClock } from "./clock";
import { CertificateAuthority, IssuedCertificate, createCertificateAuthority, issueServerCertificate } from "./pki";

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** A running emulated cluster API server. */
export interface KubeApiServer {
  port: number;
  /** The cluster CA (signs the server certificate and the clients' certificates). */
  ca: IssuedCertificate;
  /** Public-style address: `https://127.0.0.1:PORT`. */
  externalUrl: string;
  /** Internal-style address, same server: `https://localhost:PORT`. */
  internalUrl: string;
  /** Serials (lowercase hex) this server refuses. */
  revokedSerials: Set<string>;
  /**
   * Signs the clients' certificates when it is not `ca` (an external API server whose `--client-ca-file`
   * differs from its serving CA, see external-cluster.ts). Undefined: `ca` signs them.
   */
  clientCa?: CertificateAuthority;
  /**
   * True for a real API server outside the emulator: it judges client certificates on the REAL clock, so
   * they are issued with a start of validity that covers real time even when the emulator clock moved ahead.
   */
  external?: boolean;
  stop(): Promise<void>;
}

export interface KubeApiOptions {
  name: string;
  clock: EmulatorClock;
  /** e.g. `v1.31.1`. */
  gitVersion: string;
}

/** Starts the cluster endpoint on an ephemeral loopback port. */
export async function startKubeApiServer(opts: KubeApiOptions): Promise<KubeApiServer> {
  // The CA and server certificate must also satisfy kubectl, which checks them on the real clock.
  const earliest = Math.min(Date.now(), opts.clock.now().getTime()) - 24 * 3600 * 1000;
  const latest = Math.max(Date.now(), opts.clock.now().getTime()) + 30 * YEAR_MS;
  const validity = { notBefore: new Date(earliest), notAfter: new Date(latest) };
  const ca = await createCertificateAuthority({ commonName: `${opts.name}-ca`, ...validity });
  const serverCert = await issueServerCertificate(ca, {
    commonName: "kube-apiserver",
    dnsNames: ["localhost", "kubernetes", "kubernetes.default.svc"],
    ipAddresses: ["127.0.0.1"],
    ...validity,
  });
  const revokedSerials = new Set<string>();
  const sockets = new Set<Socket>();
  const server: Server = createServer(
    {
      key: serverCert.keyPem,
      cert: serverCert.certPem,
      ca: [ca.certPem],
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => handle(req, res, opts, revokedSerials),
  );
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    ca,
    externalUrl: `https://127.0.0.1:${port}`,
    internalUrl: `https://localhost:${port}`,
    revokedSerials,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  send(res, code, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    code,
  });
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Why a client certificate is refused, or undefined when it is accepted. */
function refusal(req: IncomingMessage, opts: KubeApiOptions, revoked: Set<string>): string | undefined {
  const socket = req.socket as TLSSocket;
  const peer = socket.getPeerCertificate();
  if (!peer || !peer.raw) return "no client certificate";
  const err = socket.authorizationError ? String(socket.authorizationError) : "";
  // Validity is judged below on the emulator clock, so only chain errors count here.
  if (!socket.authorized && err !== "CERT_HAS_EXPIRED" && err !== "CERT_NOT_YET_VALID") {
    return "certificate signed by unknown authority";
  }
  const cert = new X509Certificate(peer.raw);
  const now = opts.clock.now().getTime();
  if (now < new Date(cert.validFrom).getTime() || now > new Date(cert.validTo).getTime()) {
    return "certificate has expired or is not yet valid";
  }
  if (revoked.has(cert.serialNumber.toLowerCase())) return "certificate has been revoked";
  return undefined;
}

function handle(req: IncomingMessage, res: ServerResponse, opts: KubeApiOptions, revoked: Set<string>): void {
  req.resume();
  if (refusal(req, opts, revoked)) {
    // kube-apiserver answers an unauthenticated request with a bare 401 Status.
    status(res, 401, "Unauthorized", "Unauthorized");
    return;
  }
  const path = (req.url || "/").split("?")[0];
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(opts.gitVersion);
  if (req.method !== "GET") {
    status(res, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  } else if (path === "/version") {
    send(res, 200, {
      major: m ? m[1] : "1",
      minor: m ? m[2] : "31",
      gitVersion: opts.gitVersion,
      gitCommit: "0000000000000000000000000000000000000000",
      gitTreeState: "clean",
      buildDate: "2024-09-11T21:22:08Z",
      goVersion: "go1.22.6",
      compiler: "gc",
      platform: "linux/amd64",
    });
  } else if (path === "/api") {
    send(res, 200, {
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: req.headers.host || "" }],
    });
  } else if (path === "/apis") {
    send(res, 200, {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: [
        {
          name: "apps",
          versions: [{ groupVersion: "apps/v1", version: "v1" }],
          preferredVersion: { groupVersion: "apps/v1", version: "v1" },
        },
      ],
    });
  } else {
    status(res, 404, "NotFound", "the server could not find the requested resource");
  }
}
