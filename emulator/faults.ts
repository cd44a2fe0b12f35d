/** Scriptable faults and per-operation rate limits, applied after authentication. */
import type { AnswerFate } from "./state";

/**
 * One scripted fault, applied to the next `times` calls whose operation matches (after authentication and
 * rate limits).
 *
 * `phase` says when it acts:
 * - `"before"` (default): instead of the route. The vendor does nothing (no endpoint, no certificate); the
 *   call is recorded with the fault's status (0 for `hang`/`reset`) and `errorCode` (`hang`, `reset`, the
 *   vendor code, or the body variant).
 * - `"after"`: the route runs to completion first (the vendor does the work: a VPC endpoint is created, a
 *   certificate is minted and counted), then the fault replaces the answer: `hang` (never answered),
 *   `reset`, `status` (+ `vendorCode`: an error although the work was done, e.g. a gateway 504), `body`, or
 *   `delayMs` alone (the real answer, sent late: a client with a shorter timeout never sees it). The call
 *   record keeps the route's real `status` and `errorCode` and adds `answer` (`hang`, `reset`, `replaced`,
 *   `delayed`), `answerStatus` and `answerCode` (what the client got); it is recorded when the work is done,
 *   before any delay.
 */
export interface FaultSpec {
  /** Vendor operation name (e.g. `CreateClusterKubeconfig`, `DescribeClusterKubeconfig`) or `*`. */
  operation: string;
  /** How many matching calls it affects (default 1). */
  times?: number;
  /** Whether the fault acts instead of the route (`before`, default) or after it did the work (`after`). */
  phase?: "before" | "after";
  /** Answer with this HTTP status and the vendor's error body (Tencent: 200 with `Response.Error`). */
  status?: number;
  /** `Retry-After` header value. */
  retryAfter?: string;
  /**
   * Wait this long first (`before`: then answer normally unless another effect is given; `after`: the work
   * is done at once, the answer, real or replaced, leaves after the wait).
   */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or the emulator stops). */
  hang?: true;
  /** Reset the TCP connection. */
  reset?: true;
  /**
   * Send a broken body with the status (default 200, or `status`): `malformed-json`, `truncated`, `html`, or
   * `{ json }`, valid JSON of any shape sent verbatim (no TKE `Response` wrapper, no request id added), for
   * answers of the wrong shape.
   */
  body?: "malformed-json" | "truncated" | "html" | { json: unknown };
  /** Vendor error code to put in the error body. */
  vendorCode?: string;
}

/** The fate an `after` fault gives the real answer, or undefined when it changes nothing. */
export function answerFate(f: FaultSpec): AnswerFate | undefined {
  if (f.hang) return "hang";
  if (f.reset) return "reset";
  if (f.body || f.status) return "replaced";
  if (f.delayMs) return "delayed";
  return undefined;
}

export interface Faults {
  add(spec: FaultSpec): void;
  clear(): void;
  /** Takes (consumes one use of) the first fault matching `operation`. */
  take(operation: string): FaultSpec | undefined;
}

export function createFaults(): Faults {
  let list: { spec: FaultSpec; left: number }[] = [];
  return {
    add: (spec) => {
      list.push({ spec, left: spec.times === undefined ? 1 : spec.times });
    },
    clear: () => {
      list = [];
    },
    take: (operation) => {
      const f = list.find((x) => x.left > 0 && (x.spec.operation === "*" || x.spec.operation === operation));
      if (!f) return undefined;
      f.left -= 1;
      list = list.filter((x) => x.left > 0);
      return f.spec;
    },
  };
}

/** Sliding one-second windows per operation, on the REAL clock (the emulator clock can jump). */
export interface RateLimits {
  set(operation: string, perSecond: number | undefined): void;
  /** Records a call; false when it exceeds the limit. */
  allow(operation: string): boolean;
}

export function createRateLimits(initial: Record<string, number>, realNow: () => number = Date.now): RateLimits {
  const limits = new Map<string, number>(Object.entries(initial));
  const hits = new Map<string, number[]>();
  return {
    set: (op, perSecond) => {
      if (perSecond === undefined) limits.delete(op);
      else limits.set(op, perSecond);
    },
    allow: (op) => {
      const limit = limits.get(op);
      if (limit === undefined) return true;
      const now = realNow();
      const recent = (hits.get(op) || []).filter((t) => now - t < 1000);
      if (recent.length >= limit) {
        hits.set(op, recent);
        return false;
      }
      recent.push(now);
      hits.set(op, recent);
      return true;
    },
  };
}
