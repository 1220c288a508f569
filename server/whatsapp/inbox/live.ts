/**
 * The inbox, live: every process LISTENs on the inbox channel (conversations.ts announces
 * each change after its commit) and hands each change to the open inboxes of that business.
 * GET /api/inbox/stream is Server-Sent Events: `ready` once LISTEN is in place (anything
 * committed after it is delivered), then `change` {conversationId} as they come; a comment
 * every `heartbeatMs` keeps idle connections open, and the server ends the stream after
 * `maxAgeMs` so the browser reconnects through the session check again.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Database } from '../../db/database';
import type { AppEnv } from '../../http/env';
import { createListenFanout } from '../../lib/listen-fanout';
import type { Logger } from '../../lib/logger';
import { INBOX_CHANNEL, type InboxChange } from './conversations';

type Listener = (change: InboxChange) => void;

export interface InboxHub {
  subscribe(businessId: string, listener: Listener): Promise<() => void>;
  readonly size: number;
}

export function createInboxHub(deps: { db: Pick<Database, 'listen'>; log: Logger }): InboxHub {
  return createListenFanout<InboxChange>({
    ...deps,
    channel: INBOX_CHANNEL,
    name: 'inbox',
    read: (payload) => {
      const change = JSON.parse(payload) as InboxChange;
      return { key: change.businessId, value: change };
    },
  });
}

export function inboxStream(
  opts: { hub: InboxHub; heartbeatMs?: number; maxAgeMs?: number },
  businessOf: (c: Context<AppEnv>) => Promise<string>,
) {
  const heartbeatMs = opts.heartbeatMs ?? 8_000;
  const maxAgeMs = opts.maxAgeMs ?? 15 * 60_000;
  return async (c: Context<AppEnv>) => {
    // Resolved (and refused) before the stream starts: another business's id is a 404.
    const businessId = await businessOf(c);
    return streamSSE(c, async (stream) => {
      let writing = Promise.resolve();
      const send = (event: string, data: unknown) => {
        writing = writing.then(() => stream.writeSSE({ event, data: JSON.stringify(data) }));
        return writing;
      };
      const unsubscribe = await opts.hub.subscribe(businessId, (change) => {
        void send('change', { conversationId: change.conversationId });
      });
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
        writing = writing.then(() => stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 }));
        await writing;
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
