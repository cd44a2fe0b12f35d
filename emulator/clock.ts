/**
 * The emulator's movable clock. It follows real time plus an offset, so a demo behaves naturally
 * while tests can `advance` or `set` it (certificate validity, signature skew, async endpoints).
 */
export interface EmulatorClock {
  /** Current emulator time. */
  now(): Date;
  /** Moves the clock forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void;
  /** Jumps the clock to `date`; it keeps running from there. */
  set(date: Date): void;
}

/** Creates a clock starting at `start` (default: the real time). */
export function createClock(start?: Date, realNow: () => number = Date.now): EmulatorClock {
  let offset = start ? start.getTime() - realNow() : 0;
  return {
    now: () => new Date(realNow() + offset),
    advance: (ms: number) => {
      offset += ms;
    },
    set: (date: Date) => {
      offset = date.getTime() - realNow();
    },
  };
}
