/**
 * Loopback servers that misbehave in ways the shared helpers do not cover: a server that streams a huge
 * body and reports whether the client hung up before it finished, a CONNECT proxy that refuses tunnels
 * with a fixed status, and a CONNECT proxy that itself speaks TLS.
 */
import { createServer as createHttpServer, type Server } from "http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "net";
import { startConnectProxy } from "../../support/loopback";

export interface StreamResult {
  /** Body bytes handed to the socket before it closed or the body ended. */
  written: number;
  /** True when the connection closed before the whole body was written and flushed. */
  closedEarly: boolean;
}

export interface StreamingServer {
  url: string;
  /** One promise per request, settled when that response ends or its connection closes. */
  results: Array<Promise<StreamResult>>;
  close(): Promise<void>;
}

/**
 * Answers every request with `totalBytes` of body in 64 KiB chunks, respecting backpressure, so it
 * writes only as fast as the client reads. `contentLength` announces the size up front.
 */
export async function startStreamingServer(opts: {
  totalBytes: number;
  contentLength?: boolean;
  status?: number;
}): Promise<StreamingServer> {
  const results: Array<Promise<StreamResult>> = [];
  const chunk = Buffer.alloc(64 * 1024, "k");
  const server = createHttpServer((_req, res) => {
    results.push(
      new Promise<StreamResult>((resolve) => {
        let written = 0;
        let closed = false;
        res.on("close", () => {
          closed = true;
          resolve({ written, closedEarly: !res.writableFinished });
        });
        res.writeHead(opts.status || 200, {
          "content-type": "application/json",
          ...(opts.contentLength ? { "content-length": String(opts.totalBytes) } : {}),
        });
        const pump = (): void => {
          while (!closed && written < opts.totalBytes) {
            const piece = chunk.subarray(0, Math.min(chunk.length, opts.totalBytes - written));
            written += piece.length;
            if (!res.write(piece)) {
              res.once("drain", pump);
              return;
            }
          }
          if (!closed) res.end();
        };
        pump();
      }),
    );
  });
  await listen(server);
  return { url: `http://127.0.0.1:${portOf(server)}`, results, close: () => closeAll(server) };
}

export interface RefusingProxy {
  url: string;
  host: string;
  /** `host:port` targets of every CONNECT received. */
  connects: string[];
  close(): Promise<void>;
}

/** A CONNECT proxy that answers every tunnel request with `status` (e.g. 407, 502) and closes. */
export async function startRefusingProxy(status: number, reason: string): Promise<RefusingProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let head = "";
    socket.on("data", (d: Buffer) => {
      head += d.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      const m = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head);
      connects.push(m ? m[1] : head.split("\r\n")[0]);
      const extra = status === 407 ? 'Proxy-Authenticate: Basic realm="corp"\r\n' : "";
      socket.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    });
  });
  await listen(server);
  const port = portOf(server);
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    connects,
    close: async () => {
      for (const s of sockets) s.destroy();
      await closeAll(server);
    },
  };
}

/** A CONNECT proxy reached over TLS (`HTTPS_PROXY=https://...`), tunnelling to the requested target. */
export async function startTlsConnectProxy(tls: { certPem: string; keyPem: string }): Promise<RefusingProxy> {
  const proxy = await startConnectProxy(tls);
  return { url: proxy.url, host: `127.0.0.1:${proxy.port}`, connects: proxy.connects, close: proxy.close };
}

function listen(server: Server | ReturnType<typeof createNetServer>): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}

function portOf(server: Server | ReturnType<typeof createNetServer>): number {
  return (server.address() as AddressInfo).port;
}

function closeAll(server: Server | ReturnType<typeof createNetServer>): Promise<void> {
  return new Promise((resolve) => {
    const s = server as Server;
    if (typeof s.closeAllConnections === "function") s.closeAllConnections();
    server.close(() => resolve());
  });
}
