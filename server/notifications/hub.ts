/**
 * Live delivery to open dashboards: per-user fan-out inside this process, fed by
 * PostgreSQL LISTEN/NOTIFY. Whichever process (or job) created a notification, every
 * process hears the NOTIFY after the commit and hands it to its own connected streams, so
 * several server processes work without anything else.
 */
import type { Database } from '../db/database';
import type { Logger } from '../lib/logger';
import { NOTIFICATION_CHANNEL, type NotificationMessage, type NotificationView } from './store';

export type NotificationListener = (notification: NotificationView) => void;

export interface NotificationHub {
  /**
   * Adds a listener for one user's new notifications. Resolves once LISTEN is in place, so
   * anything committed after it resolves is delivered. Returns the unsubscribe function.
   */
  subscribe(userId: string, listener: NotificationListener): Promise<() => void>;
  /** Hands a message to the listeners of its user (what each NOTIFY becomes). */
  deliver(message: NotificationMessage): void;
  /** Open subscriptions, for tests and metrics. */
  readonly size: number;
}

export function createNotificationHub(deps: { db: Pick<Database, 'listen'>; log: Logger }): NotificationHub {
  const listeners = new Map<string, Set<NotificationListener>>();
  let listening: Promise<unknown> | null = null;
  let size = 0;

  const hub: NotificationHub = {
    get size() {
      return size;
    },
    deliver(message) {
      for (const listener of listeners.get(message.userId) ?? []) {
        try {
          listener(message.notification);
        } catch (err) {
          deps.log.warn({ err }, 'notification listener failed');
        }
      }
    },
    async subscribe(userId, listener) {
      // LISTEN on first use, not at construction: building the app does no I/O.
      listening ??= deps.db.listen(NOTIFICATION_CHANNEL, onPayload).catch((err) => {
        listening = null;
        throw err;
      });
      await listening;
      const set = listeners.get(userId) ?? new Set<NotificationListener>();
      listeners.set(userId, set);
      set.add(listener);
      size++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        size--;
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
  };

  function onPayload(payload: string) {
    try {
      hub.deliver(JSON.parse(payload) as NotificationMessage);
    } catch (err) {
      deps.log.warn({ err }, 'unreadable notification payload');
    }
  }
  return hub;
}
