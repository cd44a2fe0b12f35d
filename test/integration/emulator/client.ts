/**
 * Test-side client for the emulator: undici requests signed with the project's own signers
 * (provider/huaweicloud/signer.ts, provider/tencentcloud/tc3-signer.ts). The emulator's TC3 verifier is a
 * second implementation; its Huawei verifier shares the signer's canonical steps and checks the rest.
 */
import { Agent, request } from "undici";
import { signHuaweiRequest } from "../../../provider/huaweicloud/signer";
import { signTc3Request } from "../../../provider/tencentcloud/tc3-signer";
import { EmulatorHandle } from "../../../emulator";

export interface Res {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

export function agentFor(emu: EmulatorHandle): Agent {
  return new Agent({ connect: { ca: emu.caPem } });
}

async function send(
  agent: Agent,
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
  signal?: AbortSignal,
): Promise<Res> {
  const r = await request(url, {
    method: method as "GET",
    headers,
    body: body.length ? body : undefined,
    dispatcher: agent,
    signal,
  });
  const text = await r.body.text();
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) h[k] = Array.isArray(v) ? v.join(",") : String(v);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, headers: h, text, json };
}

export interface HuaweiCallOptions {
  body?: unknown;
  /** Signing time (default: the emulator clock). */
  at?: Date;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  extraHeaders?: Record<string, string>;
  /** Corrupt the body after signing. */
  tamper?: boolean;
  /** Aborts the call (a client that stops waiting). */
  signal?: AbortSignal;
}

/** Signed call to a Huawei service base URL (as given in `emu.endpoints`). */
export async function huawei(
  emu: EmulatorHandle,
  agent: Agent,
  method: string,
  base: string,
  path: string,
  o: HuaweiCallOptions = {},
): Promise<Res> {
  const url = new URL(base + path);
  const body = o.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(o.body));
  const hw = emu.credentials.huawei;
  const headers: Record<string, string> = { ...(o.extraHeaders || {}) };
  if (body.length) headers["content-type"] = "application/json";
  const signed = signHuaweiRequest(
    { method: method as "GET", url, headers, body },
    {
      accessKey: o.accessKey || hw.accessKey,
      secretKey: o.secretKey || hw.secretKey,
      securityToken: o.securityToken,
    },
    o.at || emu.clock.now(),
  );
  const sent = o.tamper ? Buffer.from(body.toString().replace(/\d/, "9")) : body;
  return send(agent, method, url, { ...headers, ...signed }, sent, o.signal);
}

/** Signed UCS call: UCS is global and scoped by the account, so X-Domain-Id is sent (options may add more). */
export function ucs(emu: EmulatorHandle, agent: Agent, method: string, path: string, o: HuaweiCallOptions = {}) {
  const extraHeaders = { "x-domain-id": emu.credentials.huawei.domainId, ...o.extraHeaders };
  return huawei(emu, agent, method, emu.endpoints.ucs, path, { ...o, extraHeaders });
}

/** Signed call to a regional, project-scoped service in cn-north-4 (X-Project-Id is sent). */
export function regional(
  emu: EmulatorHandle,
  agent: Agent,
  service: "cce" | "vpcep",
  method: string,
  path: string,
  o: HuaweiCallOptions = {},
) {
  const extraHeaders = { "x-project-id": emu.credentials.huawei.projectId, ...o.extraHeaders };
  return huawei(emu, agent, method, emu.endpoints[service]("cn-north-4"), path, { ...o, extraHeaders });
}

export interface TkeCallOptions {
  at?: Date;
  secretId?: string;
  secretKey?: string;
  token?: string;
  tamper?: boolean;
  /** Aborts the call (a client that stops waiting). */
  signal?: AbortSignal;
}

/** The content type and TC3 headers of a TKE call to `url` (the emulator's path-prefix endpoint or a vendor host). */
export function tkeHeaders(
  emu: EmulatorHandle,
  url: URL,
  action: string,
  body: Buffer,
  o: TkeCallOptions = {},
): Record<string, string> {
  const tc = emu.credentials.tencent;
  const headers: Record<string, string> = { "content-type": "application/json" };
  const signed = signTc3Request(
    { method: "POST", url, headers, body },
    {
      credentials: { secretId: o.secretId || tc.secretId, secretKey: o.secretKey || tc.secretKey, token: o.token },
      service: "tke",
      action,
      version: "2018-05-25",
      region: tc.region,
      timestamp: Math.floor((o.at || emu.clock.now()).getTime() / 1000),
    },
  );
  return { ...headers, ...signed };
}

/** Signed TKE call (POST JSON) through the path-prefix endpoint. */
export async function tke(
  emu: EmulatorHandle,
  agent: Agent,
  action: string,
  params: Record<string, unknown>,
  o: TkeCallOptions = {},
): Promise<Res> {
  const url = new URL(emu.endpoints.tke + "/");
  const body = Buffer.from(JSON.stringify(params));
  const sent = o.tamper ? Buffer.from(JSON.stringify({ ...params, Tampered: true })) : body;
  return send(agent, "POST", url, tkeHeaders(emu, url, action, body, o), sent, o.signal);
}
