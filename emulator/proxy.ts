/**
 * The emulator's HTTPS (CONNECT) proxy, so any client reaches it unmodified under the REAL vendor host
 * names: set `HTTPS_PROXY=http://127.0.0.1:<proxyPort>` and trust the emulator CA. A CONNECT to a vendor
 * host the routing knows (routing.ts `serviceForHost`), on port 443, is answered 200 and the client's
 * socket is handed to the emulator's own HTTPS server, which terminates TLS with a certificate from the
 * emulator CA for that name and routes by the Host header as usual. Everything else (other hosts, other
 * ports, addresses, plain proxy requests) is answered 403 and NEVER forwarded: this proxy opens no
 * outbound connection and resolves no name, so no traffic leaves the machine.
 */
import { IncomingMessage, Server, ServerResponse, createServer } from "node:http";
import { Socket } from "node:net";
import { serviceForHost } from "./routing";
import { ProxyRequestRecord } from "./state";

/** The only port a tunnel is opened for: the vendors' APIs are HTTPS on 443. */
const VENDOR_PORT = 443;

/** The host name of a CONNECT target (`host:443`) the emulator stands in for, lowercased; else undefined. */
export function tunnelHost(authority: string): string | undefined {
  const m = /^([A-Za-z0-9.-]+):(\d+)$/.exec(authority);
  if (!m || Number(m[2]) !== VENDOR_PORT || !serviceForHost(m[1])) return undefined;
  return m[1].toLowerCase();
}

export interface VendorProxyOptions {
  /** Takes an accepted tunnel's client socket (its TLS not yet started) into the emulator's HTTPS server. */
  deliver(socket: Socket): void;
  /** Called once for every request the proxy answers, accepted or refused. */
  record(r: Omit<ProxyRequestRecord, "at">): void;
}

function refusal(target: string): string {
  return (
    `emulator proxy: ${target || "(no target)"} is not a vendor host on port ${VENDOR_PORT} that this emulator ` +
    "stands in for; nothing is forwarded (see emulator/README.md).\n"
  );
}

/** Creates the proxy server (not yet listening). */
export function createVendorProxy(opts: VendorProxyOptions): Server {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Plain proxy requests (`GET http://host/`) and direct requests: refused, the body left unread.
    const target = String(req.url || "");
    opts.record({ method: String(req.method || ""), target, status: 403 });
    const text = refusal(target);
    res.shouldKeepAlive = false;
    res.writeHead(403, {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(text)),
      Connection: "close",
    });
    res.end(text);
  });

  server.on("connect", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // The HTTP server no longer watches this socket: errors from here on are ours to absorb.
    socket.on("error", () => socket.destroy());
    const target = String(req.url || "");
    const host = tunnelHost(target);
    if (!host) {
      opts.record({ method: "CONNECT", target, status: 403 });
      const text = refusal(target);
      socket.end(
        "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n" +
          `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
      return;
    }
    opts.record({ method: "CONNECT", target, status: 200 });
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    // Bytes the client sent before our answer (an eager ClientHello) belong to the tunnel.
    if (head.length) socket.unshift(head);
    opts.deliver(socket);
  });

  server.on("clientError", (_err: Error, socket: Socket) => {
    opts.record({ method: "", target: "", status: 400 });
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}
