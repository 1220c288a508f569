/**
 * Live calls across processes (WORKERS, machines) on PostgreSQL: each process NOTIFYs what
 * happens on its calls (start, transcript lines, barge-ins, end) on `prosaas_live_calls`, named
 * by its liveness session, and keeps the others' calls beside its own, so a dashboard served by
 * any process sees every call in progress. A process that dies sends no end: its calls are
 * dropped once its liveness session has ended (live-calls.ts sweeps). Sending never waits and
 * never fails a call: a NOTIFY that fails is counted and logged.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { sessionEnded } from '../../db/liveness';
import type { Logger } from '../../lib/logger';
import type { LiveCallEvent } from './call-feed';
import type { LiveShare } from './live-calls';

export const LIVE_CALLS_CHANNEL = 'prosaas_live_calls';
/** NOTIFY takes under 8,000 bytes: a line's text is cut to this many characters. */
const MAX_TEXT = 1500;
const TYPES = new Set(['live_start', 'live_line', 'live_barge_in', 'live_end']);

const rowsOf = (result: unknown): Record<string, unknown>[] => {
  const r = result as { rows?: Record<string, unknown>[] } & Record<string, unknown>[];
  return r.rows ?? r;
};

export function createLiveShare(deps: {
  db: Pick<Database, 'listen' | 'owner' | 'liveness'>;
  log: Logger;
  refreshEveryMs?: number;
}): LiveShare & { readonly dropped: number; readonly listening: Promise<boolean> } {
  const { db, log } = deps;
  const fallback = randomUUID(); // until (or if never) the liveness session is known
  let origin: string | null = null;
  let dropped = 0;
  // One after another, so the others hear a call's start before its lines (pool connections race).
  let sending: Promise<unknown> = Promise.resolve();
  let heard: (ok: boolean) => void = () => {};
  const listening = new Promise<boolean>((resolve) => {
    heard = resolve;
  });
  const drop = (what: string, err: unknown) => {
    dropped++;
    if (dropped % 100 === 1) log.warn({ err: String(err), dropped }, `live calls: ${what}`);
  };

  return {
    get dropped() {
      return dropped;
    },
    /** LISTEN is in place (false: it failed). */
    listening,
    send(businessId, event) {
      const e = event.type === 'live_line' ? { ...event, text: event.text.slice(0, MAX_TEXT) } : event;
      const payload = JSON.stringify({ o: origin ?? fallback, b: businessId, e });
      sending = sending.then(() =>
        db.owner
          .execute(sql`select pg_notify(${LIVE_CALLS_CHANNEL}, ${payload})`)
          .catch((err) => drop('an event could not be sent to the other servers', err)),
      );
    },
    async listen(onEvent) {
      const learn = async () => {
        origin = (await db.liveness.current().catch(() => null)) ?? origin;
      };
      await learn();
      setInterval(() => void learn(), deps.refreshEveryMs ?? 30_000).unref?.();
      await db
        .listen(LIVE_CALLS_CHANNEL, (payload) => {
          try {
            const m = JSON.parse(payload) as { o?: unknown; b?: unknown; e?: LiveCallEvent };
            if (m.o === origin || m.o === fallback) return; // our own, already heard
            if (typeof m.o !== 'string' || typeof m.b !== 'string' || !m.e || !TYPES.has(m.e.type))
              throw new Error('unexpected shape');
            if (typeof m.e.callId !== 'string') throw new Error('no call id');
            onEvent(m.b, m.e, m.o);
          } catch (err) {
            drop('an event from another server could not be read', err);
          }
        })
        .then(
          () => heard(true),
          (err) => {
            heard(false);
            log.warn({ err: String(err) }, "live calls: LISTEN failed; other servers' calls not shown");
          },
        );
    },
    async gone(origins) {
      const list = sql.join(
        origins.map((o) => sql`${o}`),
        sql`, `,
      );
      const rows = rowsOf(
        await db.owner.execute(
          sql`select o from (select unnest(array[${list}]::text[]) as o) s where ${sessionEnded(sql`s.o`)}`,
        ),
      );
      return new Set(rows.map((r) => String(r.o)));
    },
  };
}
