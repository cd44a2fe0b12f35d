/**
 * A test double of the transport (not of the clients under test): records each RequestSpec, runs its
 * `sign` callback the way the real transport does (once per attempt, on the exact URL/headers/body) and
 * answers from a queue of canned responses, applying `interpret` so errors surface as thrown.
 */
import type { RawResponse, RequestSpec, SignableRequest } from "../../../provider/http/types";

/** What the double "sent": the final headers include the signer's and `host`. */
export interface SentRequest {
  spec: RequestSpec;
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
}

export type Canned = { status: number; headers?: Record<string, string>; body?: string | Buffer | object };

export class FakeTransport {
  readonly sent: SentRequest[] = [];
  private readonly queue: Canned[];

  constructor(responses: Canned[]) {
    this.queue = responses.slice();
  }

  async request(spec: RequestSpec): Promise<RawResponse> {
    const url = typeof spec.url === "string" ? new URL(spec.url) : new URL(spec.url.toString());
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.headers || {})) headers[k.toLowerCase()] = v;
    const body =
      spec.body === undefined
        ? Buffer.alloc(0)
        : typeof spec.body === "string"
          ? Buffer.from(spec.body)
          : Buffer.from(spec.body);
    const signable: SignableRequest = { method: spec.method, url, headers: { ...headers }, body };
    const added = spec.sign ? spec.sign(signable) : undefined;
    if (added) for (const [k, v] of Object.entries(added)) headers[k.toLowerCase()] = v;
    headers.host = url.host;
    this.sent.push({ spec, method: spec.method, url, headers, body });
    const next = this.queue.shift();
    if (!next) throw new Error("FakeTransport: no canned response left");
    const raw: RawResponse = {
      status: next.status,
      headers: lower(next.headers || {}),
      body: toBuffer(next.body),
    };
    const err = spec.interpret ? spec.interpret(raw) : undefined;
    if (err) throw err;
    return raw;
  }
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function toBuffer(b: Canned["body"]): Buffer {
  if (b === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(b)) return b;
  if (typeof b === "string") return Buffer.from(b);
  return Buffer.from(JSON.stringify(b));
}

/** Splits a sent URL into the verifier's view: raw path and raw query. */
export function received(s: SentRequest): {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: Buffer;
} {
  return {
    method: s.method,
    rawPath: s.url.pathname,
    rawQuery: s.url.search.replace(/^\?/, ""),
    headers: s.headers,
    body: s.body,
  };
}
