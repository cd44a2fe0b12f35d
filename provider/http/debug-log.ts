/**
 * Opt-in debug log (`PULUMI_CLOUD_KUBECONFIG_DEBUG=1`): one line per attempt. It redacts by
 * construction: only the allow-listed fields below are ever printed, never headers, bodies or queries.
 */
export const DEBUG_ENV = "PULUMI_CLOUD_KUBECONFIG_DEBUG";

/** The only fields a debug line can carry. */
export interface DebugAttempt {
  vendor: string;
  operation: string;
  method: string;
  host: string;
  /** URL path without the query string. */
  path: string;
  attempt: number;
  status?: number;
  requestId?: string;
  /** Error class code and vendor code, e.g. `THROTTLED RequestLimitExceeded`. */
  error?: string;
  /** Delay before the next attempt, ms, when one follows. */
  delayMs?: number;
  durationMs?: number;
}

const FIELDS: Array<keyof DebugAttempt> = [
  "vendor",
  "operation",
  "method",
  "host",
  "path",
  "attempt",
  "status",
  "requestId",
  "error",
  "delayMs",
  "durationMs",
];

/** Whether the environment turns the debug log on. */
export function debugEnabledFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env[DEBUG_ENV] || "").trim().toLowerCase();
  return v === "1" || v === "true";
}

/** `pulumi-cloud-kubeconfig http vendor=... operation=... attempt=1 status=200` (allow-list only). */
export function formatDebugLine(a: DebugAttempt): string {
  const parts: string[] = [];
  for (const k of FIELDS) {
    const v = a[k];
    if (v === undefined) continue;
    const text = typeof v === "number" ? String(Math.round(v)) : JSON.stringify(String(v).slice(0, 200));
    parts.push(`${k}=${text}`);
  }
  return `pulumi-cloud-kubeconfig http ${parts.join(" ")}`;
}
