/**
 * The time source the stand-ins schedule with. Real time by default (end-to-end tests and
 * the demo run against it); a manual clock lets unit tests step through playback and
 * pacing without waiting.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences are meaningful. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Opaque: only ever handed back to the clock that made it. */
export type TimerHandle = unknown;

export function createRealClock(): Clock {
  return {
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

export interface ManualClock extends Clock {
  /** Moves time forward, running every timer that falls due, in due order. */
  advance(ms: number): void;
  /** Timers not yet run. */
  pending(): number;
}

/** A clock that only moves when told to; timers due at the same instant run in the order set. */
export function createManualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { due: number; seq: number; fn: () => void }>();
  const clock: ManualClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { due: now + Math.max(0, ms), seq: id, fn });
      return { id };
    },
    clearTimeout(handle) {
      const id = (handle as { id?: number }).id;
      if (id !== undefined) timers.delete(id);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        let next: [number, { due: number; seq: number; fn: () => void }] | undefined;
        for (const entry of timers) {
          if (entry[1].due > target) continue;
          if (
            !next ||
            entry[1].due < next[1].due ||
            (entry[1].due === next[1].due && entry[1].seq < next[1].seq)
          )
            next = entry;
        }
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].due;
        next[1].fn();
      }
      now = target;
    },
    pending: () => timers.size,
  };
  return clock;
}
