/**
 * GET /api/calls/stream: Server-Sent Events of one business's calls (`calls.read`), the
 * same way the notification stream works (session cookie, heartbeat comments, the server
 * ends the stream after `maxAgeMs` so the session is checked again on reconnect). A system
 * admin names the business (?businessId=, audited); another business's id is a 404 before
 * the stream opens. Events: `ready` once, then `call` {CallFeedEvent}.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Database } from '../../db/database';
import type { AppEnv } from '../../http/env';
import { inBusiness } from '../../tenancy/scope';
import type { CallFeed, CallFeedEvent } from './call-feed.ts';

export interface CallStreamOptions {
  db: Database;
  feed: CallFeed;
  heartbeatMs?: number;
  maxAgeMs?: number;
}

export function callStream(opts: CallStreamOptions) {
  const heartbeatMs = opts.heartbeatMs ?? 8_000;
  const maxAgeMs = opts.maxAgeMs ?? 15 * 60_000;
  return async (c: Context<AppEnv>) => {
    // The tenant check (and a system admin's audit) before anything is streamed.
    const businessId = await inBusiness(
      { db: opts.db, actor: c.var.actor },
      c.req.query('businessId'),
      'calls.stream',
      async (_tx, bid) => bid,
    );
    return streamSSE(c, async (stream) => {
      let writing = Promise.resolve();
      const send = (event: CallFeedEvent) => {
        writing = writing.then(() => stream.writeSSE({ event: 'call', data: JSON.stringify(event) }));
      };
      const unsubscribe = await opts.feed.subscribe(businessId, send);
      let timer: Timer | undefined;
      const closed = new Promise<void>((resolve) =>
        stream.onAbort(() => {
          unsubscribe();
          resolve();
        }),
      );
      const pause = (ms: number) =>
        Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(
          () => clearTimeout(timer),
        );
      try {
        // After LISTEN: a call committed from now on is announced.
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 });
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
  };
}
