/**
 * One PostgreSQL channel fanned out to this process's open streams, by key (a user, a
 * business). LISTEN starts on the first subscription, not at construction (building the app
 * does no I/O), and is retried by the next one if it failed. Each NOTIFY payload is read by
 * `read` into the key it is for and what its listeners get; an unreadable payload or a
 * listener that throws is logged, never passed on to the others.
 */
import type { Database } from '../db/database';
import type { Logger } from './logger';

export interface ListenFanout<T> {
  /** Resolves once LISTEN is in place, so anything committed after it is delivered. */
  subscribe(key: string, listener: (value: T) => void): Promise<() => void>;
  /** Hands `value` to the listeners of `key` (what each NOTIFY becomes). */
  deliver(key: string, value: T): void;
  /** Someone is listening for `key` (a publisher with nobody watching does nothing). */
  has(key: string): boolean;
  /** Open subscriptions, for tests and metrics. */
  readonly size: number;
}

export function createListenFanout<T>(opts: {
  db: Pick<Database, 'listen'>;
  log: Logger;
  channel: string;
  /** What the log calls this fan-out ("notification", "inbox"...). */
  name: string;
  /** A payload's key and value; throws for one it cannot read. */
  read: (payload: string) => { key: string; value: T };
}): ListenFanout<T> {
  const listeners = new Map<string, Set<(value: T) => void>>();
  let listening: Promise<unknown> | null = null;
  let size = 0;

  function deliver(key: string, value: T): void {
    for (const listener of listeners.get(key) ?? []) {
      try {
        listener(value);
      } catch (err) {
        opts.log.warn({ err }, `${opts.name} listener failed`);
      }
    }
  }

  function onPayload(payload: string): void {
    let message: { key: string; value: T };
    try {
      message = opts.read(payload);
    } catch (err) {
      opts.log.warn({ err: String(err) }, `unreadable ${opts.name} payload`);
      return;
    }
    deliver(message.key, message.value);
  }

  return {
    get size() {
      return size;
    },
    deliver,
    has: (key) => listeners.has(key),
    async subscribe(key, listener) {
      listening ??= opts.db.listen(opts.channel, onPayload).catch((err) => {
        listening = null;
        throw err;
      });
      await listening;
      const set = listeners.get(key) ?? new Set<(value: T) => void>();
      listeners.set(key, set);
      set.add(listener);
      size++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        size--;
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
  };
}
