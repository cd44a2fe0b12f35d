/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. Returns the delay in ms
 * (never negative), or `undefined` when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP-date always names a weekday and a GMT time; avoid Date.parse accepting bare numbers.
  if (!/GMT$/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Full-jitter backoff: `random() * min(maxDelayMs, baseDelayMs * 2^retryIndex)` (retryIndex 0 = first retry). */
export function backoffDelay(
  retryIndex: number,
  opts: { baseDelayMs: number; maxDelayMs: number },
  random: () => number,
): number {
  return random() * Math.min(opts.maxDelayMs, opts.baseDelayMs * Math.pow(2, retryIndex));
}
