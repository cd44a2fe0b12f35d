/** Runs tasks with the same key one at a time (process-wide), e.g. one VPC endpoint creation per fleet and VPC. */
const tails = new Map<string, Promise<unknown>>();

export async function withKeyLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
