/**
 * Small real servers on 127.0.0.1 for transport tests: an HTTP(S) server that records what it got,
 * a minimal CONNECT proxy, and a port that refuses connections. Every server closes all sockets on stop.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from "http";
import { createServer as createHttpsServer } from "https";
import { connect as netConnect, createServer as createNetServer, type AddressInfo, type Socket } from "net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface LoopbackServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (req: RecordedRequest, res: ServerResponse, index: number) => void | Promise<void>;

/** Starts an HTTP server, or HTTPS when `tls` is given, on 127.0.0.1 with an ephemeral port (or `port`). */
export async function startServer(
  handler: Handler,
  opts: { tls?: { certPem: string; keyPem: string }; port?: number } = {},
): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec: RecordedRequest = {
        method: req.method || "",
        url: req.url || "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(rec);
      Promise.resolve(handler(rec, res, requests.length - 1)).catch(() => res.destroy());
    });
  };
  const server: Server = opts.tls
    ? createHttpsServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, onRequest)
    : createHttpServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port || 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    close: () => closeServer(server),
  };
}

function closeServer(server: Server | ReturnType<typeof createNetServer>): Promise<void> {
  return new Promise((resolve) => {
    const s = server as Server;
    if (typeof s.closeAllConnections === "function") s.closeAllConnections();
    server.close(() => resolve());
  });
}

export interface ConnectProxy {
  url: string;
  port: number;
  /** `host:port` targets of every CONNECT received, in order. */
  connects: string[];
  close(): Promise<void>;
}

/**
 * A tiny HTTP CONNECT proxy (what HTTPS_PROXY points at): tunnels bytes, records targets. With `tls` the proxy
 * itself is reached over TLS (`HTTPS_PROXY=https://...`).
 */
export async function startConnectProxy(tls?: { certPem: string; keyPem: string }): Promise<ConnectProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
    res.statusCode = 405; // only CONNECT is supported
    res.end();
  };
  const server = tls
    ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, onRequest)
    : createHttpServer(onRequest);
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url || "";
    connects.push(target);
    const [host, port] = target.split(":");
    const upstream = netConnect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(client);
    sockets.add(upstream);
    const done = (): void => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on("error", done);
    client.on("error", done);
    upstream.on("close", done);
    client.on("close", done);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    connects,
    close: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on right now (connections are refused). */
export async function refusedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
