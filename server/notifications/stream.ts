/**
 * GET /api/notifications/stream: Server-Sent Events for the signed-in user. The session
 * cookie authenticates it like any request (EventSource sends cookies on same origin).
 * Events: `unread` {unread} once at the start, then `notification` {notification} as they
 * come; a comment every `heartbeatMs` keeps Bun and proxies from closing an idle connection.
 * After `maxAgeMs` the server ends the stream and the browser reconnects, which passes the
 * session check again: a disabled user's stream does not outlive that.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../http/env';
import type { ServiceContext } from '../tenancy/scope';
import type { NotificationHub } from './hub';
import { unreadCount } from './service';
import type { NotificationView } from './store';

export interface StreamOptions {
  hub: NotificationHub;
  heartbeatMs?: number;
  maxAgeMs?: number;
}

export function notificationStream(opts: StreamOptions, ctx: (c: Context<AppEnv>) => ServiceContext) {
  // Under Bun.serve's default idleTimeout (10 s), which would otherwise cut a quiet stream.
  const heartbeatMs = opts.heartbeatMs ?? 8_000;
  const maxAgeMs = opts.maxAgeMs ?? 15 * 60_000;
  return (c: Context<AppEnv>) =>
    streamSSE(c, async (stream) => {
      const userId = c.var.actor.userId;
      // Writes are chained so events never interleave, whatever order listeners fire in.
      let writing = Promise.resolve();
      const send = (event: string, data: unknown) => {
        writing = writing.then(() => stream.writeSSE({ event, data: JSON.stringify(data) }));
        return writing;
      };
      const unsubscribe = await opts.hub.subscribe(userId, (notification: NotificationView) => {
        void send('notification', { notification });
      });
      let timer: Timer | undefined;
      const closed = new Promise<void>((resolve) =>
        stream.onAbort(() => {
          unsubscribe();
          resolve();
        }),
      );
      // Sleeps until the next heartbeat, or less if the browser goes away.
      const pause = (ms: number) =>
        Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(
          () => clearTimeout(timer),
        );
      try {
        // Counted after LISTEN is in place: nothing committed later can be missed.
        await stream.writeSSE({
          event: 'unread',
          data: JSON.stringify({ unread: await unreadCount(ctx(c)) }),
          retry: 2000,
        });
        const endAt = Date.now() + maxAgeMs;
        while (!stream.aborted && !stream.closed && Date.now() < endAt) {
          await pause(Math.min(heartbeatMs, Math.max(0, endAt - Date.now())));
          if (stream.aborted) break;
          writing = writing.then(() => stream.write(': ping\n\n').then(() => {}));
          await writing;
        }
      } finally {
        unsubscribe();
      }
    });
}
