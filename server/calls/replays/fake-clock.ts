/** A manual clock with timers, for driving the pacer deterministically in tests. */
export interface FakeClock {
  now(): number;
  timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** Moves time to `t`, firing due timers in order (timers may schedule more). */
  advanceTo(t: number): void;
  pendingTimers(): number;
}

export function createFakeClock(start = 0): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { due: number; fn: () => void }>();
  return {
    now: () => now,
    timers: {
      setTimeout(fn, ms) {
        const id = nextId++;
        timers.set(id, { due: now + Math.max(0, ms), fn });
        return id;
      },
      clearTimeout(handle) {
        timers.delete(handle as number);
      },
    },
    advanceTo(t) {
      for (;;) {
        let best: number | null = null;
        let bestDue = Number.POSITIVE_INFINITY;
        for (const [id, timer] of timers) {
          if (timer.due <= t && timer.due < bestDue) {
            best = id;
            bestDue = timer.due;
          }
        }
        if (best === null) break;
        const timer = timers.get(best);
        timers.delete(best);
        now = Math.max(now, bestDue);
        timer?.fn();
      }
      now = Math.max(now, t);
    },
    pendingTimers: () => timers.size,
  };
}
