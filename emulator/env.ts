/** What route handlers share: state, clock, demo credentials, and certificate minting. */
import type { z } from "zod";
import { EmulatorClock } from "./clock";
import { DemoCredentials } from "./credentials";
import { KubeApiServer } from "./kube-api";
import { IssuedCertificate, issueClientCertificate } from "./pki";
import { EmulatorState } from "./state";

export type ServiceName = "ucs" | "cce" | "iam" | "vpcep" | "tke";

/** A parsed, authenticated request as routes see it. */
export interface RequestContext {
  service: ServiceName;
  region: string;
  method: string;
  /** API path with any routing prefix removed. */
  apiPath: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  requestId: string;
  /** Who signed: Huawei user id or Tencent uin. */
  principal: string;
  /** Tencent action (X-TC-Action), when service is tke. */
  action?: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  operation: string;
  run(ctx: RequestContext): Promise<Reply>;
}

/** A route: the operation name (as the call log, faults and rate limits know it) and its handler. */
export function route(operation: string, run: Route["run"]): Route {
  return { operation, run };
}

export interface Env {
  state: EmulatorState;
  clock: EmulatorClock;
  credentials: DemoCredentials;
  /** Mints a client certificate for a cluster or fleet's API server and records it under the owner's id. */
  mintClientCertificate(
    owner: { id: string; kube: KubeApiServer },
    subject: { commonName: string; organization?: string[] },
    notAfter: Date,
    operation: string,
  ): Promise<IssuedCertificate>;
}

export function createEnv(state: EmulatorState, clock: EmulatorClock, credentials: DemoCredentials): Env {
  return {
    state,
    clock,
    credentials,
    async mintClientCertificate({ id: ownerId, kube }, subject, notAfter, operation) {
      const now = clock.now();
      // An external API server checks validity on the real clock (external-cluster.ts): start the
      // certificate early enough for both clocks; the end stays the vendor's validity on the emulator clock.
      const notBefore = kube.external ? new Date(Math.min(now.getTime(), Date.now()) - 5 * 60 * 1000) : now;
      const cert = await issueClientCertificate(kube.clientCa || kube.ca, {
        commonName: subject.commonName,
        organization: subject.organization,
        notBefore,
        notAfter,
      });
      const list = state.clientCertificates[ownerId] || (state.clientCertificates[ownerId] = []);
      list.push({
        clusterId: ownerId,
        serialNumber: cert.serialNumber,
        subject: cert.subject,
        commonName: subject.commonName,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        fingerprintSha256: cert.fingerprintSha256,
        operation,
        revoked: false,
      });
      state.issuanceCounts[ownerId] = (state.issuanceCounts[ownerId] || 0) + 1;
      return cert;
    },
  };
}

export function b64(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}

/** Parses a JSON body; undefined for an empty body; throws SyntaxError for invalid JSON. */
export function jsonBody(ctx: RequestContext): unknown {
  const text = ctx.body.toString("utf8").trim();
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

/**
 * Parses a JSON body with a zod schema. Malformed JSON fails with `invalid(malformed)`, a body that does not fit
 * with `invalid` of one `path: message` per issue, so each service answers in its own error shape. An empty body
 * is checked as `empty`.
 */
export function parseJsonBody<T>(
  ctx: RequestContext,
  schema: z.ZodType<T>,
  invalid: (detail: string) => Error,
  { malformed = "malformed JSON", empty }: { malformed?: string; empty?: unknown } = {},
): T {
  let raw: unknown;
  try {
    raw = jsonBody(ctx);
  } catch {
    throw invalid(malformed);
  }
  const r = schema.safeParse(raw === undefined ? empty : raw);
  if (!r.success) {
    throw invalid(r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  return r.data;
}
