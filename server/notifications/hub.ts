/**
 * Live delivery to open dashboards: per-user fan-out inside this process, fed by
 * PostgreSQL LISTEN/NOTIFY. Whichever process (or job) created a notification, every
 * process hears the NOTIFY after the commit and hands it to its own connected streams, so
 * several server processes work without anything else.
 */
import type { Database } from '../db/database';
import { createListenFanout } from '../lib/listen-fanout';
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
  const fanout = createListenFanout<NotificationView>({
    ...deps,
    channel: NOTIFICATION_CHANNEL,
    name: 'notification',
    read: (payload) => {
      const m = JSON.parse(payload) as NotificationMessage;
      return { key: m.userId, value: m.notification };
    },
  });
  return {
    get size() {
      return fanout.size;
    },
    deliver: (message) => fanout.deliver(message.userId, message.notification),
    subscribe: (userId, listener) => fanout.subscribe(userId, listener),
  };
}
