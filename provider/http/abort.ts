/** Why an internal controller was aborted, so a rejection can be classified without guessing. */
export class AbortReason {
  constructor(
    readonly kind: "caller" | "deadline" | "attempt-timeout",
    /** The caller's `signal.reason` (kind `caller`). */
    readonly original?: unknown,
  ) {}
}

/**
 * Aborts `target` when `source` aborts, with `map(source.reason)`; returns an unlink function so
 * long-lived signals do not accumulate listeners (AbortSignal.any leaked on Node 20).
 */
export function linkAbort(
  source: AbortSignal | undefined,
  target: AbortController,
  map: (reason: unknown) => unknown,
): () => void {
  if (!source) return () => undefined;
  if (source.aborted) {
    target.abort(map(source.reason));
    return () => undefined;
  }
  const onAbort = (): void => target.abort(map(source.reason));
  source.addEventListener("abort", onAbort, { once: true });
  return () => source.removeEventListener("abort", onAbort);
}
