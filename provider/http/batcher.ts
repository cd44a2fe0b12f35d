/**
 * Coalesces lookups of single ids made close together into calls for many ids at once (a vendor API that takes a
 * list, e.g. TKE `DescribeClusters {ClusterIds}`): the first `get` opens a window of `windowMs`; every id asked
 * for until it closes (or until `maxBatch` ids are waiting) goes into one `run`. Each caller gets its own id's
 * answer, or the batch's error. Vendor-neutral: what an answer means is the caller's `run`.
 */
export interface BatcherOptions<T> {
  /** How long the first lookup of a batch waits for others. */
  windowMs: number;
  /** At most this many ids per `run` (the API's page size). */
  maxBatch: number;
  /** Looks up `ids` (distinct, at most `maxBatch`); the map must hold an answer for each of them. */
  run(ids: string[]): Promise<Map<string, T>>;
  /** Timer (default `setTimeout`; tests pass their own). */
  schedule?: (fn: () => void, ms: number) => void;
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

export class Batcher<T> {
  private waiting = new Map<string, Pending<T>[]>();
  private open = false;

  constructor(private readonly opts: BatcherOptions<T>) {}

  /** The answer for `id`, from the batch it joins. */
  get(id: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const list = this.waiting.get(id);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(id, [{ resolve, reject }]);
      if (this.waiting.size >= this.opts.maxBatch) this.flush();
      else if (!this.open) {
        this.open = true;
        // Not unref()ed: callers are waiting on this timer, so it must keep the process alive.
        (this.opts.schedule ?? ((fn, ms) => void setTimeout(fn, ms)))(() => this.flush(), this.opts.windowMs);
      }
    });
  }

  /** Sends what is waiting, `maxBatch` ids per call. */
  private flush(): void {
    this.open = false;
    const batch = this.waiting;
    this.waiting = new Map();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += this.opts.maxBatch) {
      const chunk = ids.slice(i, i + this.opts.maxBatch);
      this.opts.run(chunk).then(
        (answers) => {
          for (const id of chunk) {
            const waiters = batch.get(id) ?? [];
            if (answers.has(id)) for (const w of waiters) w.resolve(answers.get(id) as T);
            else for (const w of waiters) w.reject(new Error(`batched lookup returned no answer for ${id}`));
          }
        },
        (err) => {
          for (const id of chunk) for (const w of batch.get(id) ?? []) w.reject(err);
        },
      );
    }
  }
}
