/**
 * The shape of one benchmark result: every metric is a median over `runs` samples, with the
 * spread, and names what it is compared against.
 */
export interface Metric {
  /** Stable identifier, e.g. `cold-start-ratio`. */
  name: string;
  /** The headline number: a median (or a ratio of medians), or `null` when skipped. */
  value: number | null;
  unit: string;
  /** What a ratio is taken against, or what the number is set beside. */
  comparison: string;
  runs: number;
  min: number | null;
  median: number | null;
  max: number | null;
  /** Why the metric was not measured, when `value` is null. */
  skipped?: string;
  /** Extra facts a reader needs (e.g. both sides of a ratio). */
  detail?: Record<string, number | string>;
}

/** Median of a non-empty list (mean of the middle two when even). */
export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error("median of no samples");
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A metric from samples: value = median. */
export function fromSamples(
  name: string,
  unit: string,
  comparison: string,
  samples: number[],
  detail?: Metric["detail"],
): Metric {
  const m = median(samples);
  return {
    name,
    value: round(m),
    unit,
    comparison,
    runs: samples.length,
    min: round(Math.min(...samples)),
    median: round(m),
    max: round(Math.max(...samples)),
    detail,
  };
}

/** A metric that was not measured, with the reason. */
export function skipped(name: string, unit: string, comparison: string, reason: string): Metric {
  return { name, value: null, unit, comparison, runs: 0, min: null, median: null, max: null, skipped: reason };
}

/**
 * Runs `a` and `b` alternately `runs` times each (a, b, b, a, a, b, … so neither side always goes first)
 * and returns both sample lists: the two sides of a ratio share the machine's state over the same period.
 */
export async function alternate(
  runs: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<{ a: number[]; b: number[] }> {
  const [outA, outB] = await rotate(runs, [a, b]);
  return { a: outA, b: outB };
}

/**
 * Runs every side once per round, `rounds` times, in an order that rotates by one each round (a, b, c; b, c, a;
 * c, a, b; … starting at rotation `offset`), so each side goes first in turn. Returns each side's results in
 * round order: `out[side][round]`.
 */
export async function rotate<T>(rounds: number, sides: Array<() => Promise<T>>, offset = 0): Promise<T[][]> {
  const out: T[][] = sides.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < sides.length; k++) {
      const side = (r + offset + k) % sides.length;
      out[side].push(await sides[side]());
    }
  }
  return out;
}

/** Pairwise ratios a[i] / b[i] (the samples of a ratio metric). */
export function ratios(a: number[], b: number[]): number[] {
  return a.map((x, i) => x / b[i]);
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
