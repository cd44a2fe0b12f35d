/**
 * Abortable sleep on a real timer. The timer exists only while someone waits, so requiring this
 * module creates no live handle (conventions: no timers at module scope).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal && signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal ? signal.reason : new Error("aborted"));
    };
    const timer = setTimeout(
      () => {
        if (signal) signal.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}
