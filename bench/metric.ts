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
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
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
