/** A manual clock whose `sleep` resolves only when `advance` passes its deadline (for limiter tests). */
export class FakeClock {
  t = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];

  now = (): number => this.t;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal && signal.aborted) return reject(signal.reason);
      const timer = { at: this.t + ms, resolve };
      this.timers.push(timer);
      if (signal)
        signal.addEventListener("abort", () => {
          this.timers = this.timers.filter((x) => x !== timer);
          reject(signal.reason);
        });
    });

  /** Moves time forward in `step` ms increments, firing due timers and letting their continuations run. */
  async advance(ms: number, step = 1): Promise<void> {
    const end = this.t + ms;
    while (this.t < end) {
      this.t = Math.min(end, this.t + step);
      const due = this.timers.filter((x) => x.at <= this.t + 1e-9);
      this.timers = this.timers.filter((x) => x.at > this.t + 1e-9);
      for (const x of due) x.resolve();
      await new Promise((r) => setImmediate(r));
    }
  }
}
