/**
 * "What a business's calls and messages are built from has changed": its assistant (profile,
 * prompts, FAQ), its call settings, its numbers or status. Whatever a process keeps per
 * business (the compiled agent, a call's plan, the number → business lookup) subscribes and
 * forgets that business. A change is heard at once in the process that made it and, over
 * PostgreSQL's NOTIFY, by every other process on the same database (a second worker, a second
 * machine). Each cache also has a time to live, so a NOTIFY lost while a LISTEN connection was
 * down costs at most that long.
 *
 * One bus per database (the routes that change things and the caches that keep them are built
 * apart, by main.ts and by the tests alike, but always on the same `Database`).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database';

export const BUSINESS_CHANGED_CHANNEL = 'business_changed';

export interface BusinessChanges {
  /** After the change committed. Never rejects: a failed NOTIFY is logged (the TTLs bound it). */
  announce(businessId: string): Promise<void>;
  /** Every change, this process's and the others'. Returns the function that unsubscribes. */
  subscribe(listener: (businessId: string) => void): () => void;
  /** LISTEN is in place (tests; the first subscription starts it). */
  readonly listening: Promise<boolean>;
}

interface Warner {
  warn(fields: object, message: string): void;
}

const buses = new WeakMap<Database, BusinessChanges>();

/** This database's bus; `log` is used by the bus the first call creates. */
export function businessChanges(db: Database, log?: Warner): BusinessChanges {
  let bus = buses.get(db);
  if (!bus) {
    bus = createBus(db, log ?? { warn: (fields, message) => console.warn(message, fields) });
    buses.set(db, bus);
  }
  return bus;
}

function createBus(db: Database, log: Warner): BusinessChanges {
  // Our own NOTIFYs come back to us: already heard locally, so skipped by their origin.
  const origin = randomUUID();
  const listeners = new Set<(businessId: string) => void>();
  let listening: Promise<boolean> | null = null;

  const hear = (businessId: string): void => {
    for (const listener of listeners) {
      try {
        listener(businessId);
      } catch (err) {
        log.warn({ err: String(err), businessId }, 'business change listener failed');
      }
    }
  };

  const listen = (): Promise<boolean> =>
    Promise.resolve()
      .then(() =>
        db.listen(BUSINESS_CHANGED_CHANNEL, (payload) => {
          const [from, businessId] = payload.split(' ');
          if (from !== origin && businessId) hear(businessId);
        }),
      )
      .then(
        () => true,
        (err) => {
          listening = null; // the next subscription tries again
          log.warn({ err: String(err) }, 'business changes: LISTEN failed, caches rely on their TTL');
          return false;
        },
      );

  return {
    get listening() {
      return listening ?? Promise.resolve(false);
    },
    async announce(businessId) {
      hear(businessId);
      try {
        await db.withSystem((tx) =>
          tx.execute(sql`select pg_notify(${BUSINESS_CHANGED_CHANNEL}, ${`${origin} ${businessId}`})`),
        );
      } catch (err) {
        log.warn(
          { err: String(err), businessId },
          'business changes: NOTIFY failed, other processes rely on TTLs',
        );
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      listening ??= listen();
      return () => listeners.delete(listener);
    },
  };
}
