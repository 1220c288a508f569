/**
 * The small ports every part of a call shares (timers, the log, Twilio's socket, the bench's
 * probe). A leaf: it imports nothing, so any calls module may import it without a circle.
 */

/** A repeated fault is logged on its 1st, 2nd, 4th, 8th… occurrence, not once per frame. */
export function sometimes(count: number): boolean {
  return (count & (count - 1)) === 0;
}

/** Twilio's side of the call: Bun `ServerWebSocket` semantics (`send` → bytes, -1 backpressure, 0 dropped). */
export interface TwilioPort {
  send(text: string): number;
  close(code: number, reason: string): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The runtime's own timers, for every part whose caller passes none. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Logger port: pino's shape, narrowed to what a call uses. */
export interface CallLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  child(bindings: Record<string, unknown>): CallLog;
}

/** Measurement hooks for the benchmark; absent in production. */
export interface CallProbe {
  /** Nanoseconds spent handling one caller frame (relay upstream + analysis). */
  inbound(ns: number): void;
  /** Nanoseconds spent handling one assistant audio delta (parse, machine, enqueue, sends). */
  outbound(ns: number): void;
}
