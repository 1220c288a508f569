/**
 * The login throttle, in PostgreSQL (`login_throttle`), so every process and machine counts
 * the same failures. An attempt first CLAIMS a slot on each of its keys, in one transaction
 * of single atomic upserts, before the password is looked at: under a key's limit, failures
 * plus attempts in flight must stay below it (40 parallel wrong passwords for one account
 * evaluate at most `perEmail`); past it, one attempt at a time, and only after a delay that
 * doubles with every further failure (1 s, 2 s, 4 s … up to `maxDelayMs`), never a fixed
 * lockout. A window after the last failure the counter is forgotten.
 *
 * Keys: an unknown client is gated by `ip:` (password spraying across accounts) and `email:`
 * (guessing one account). A client that has logged in to this account from this IP before
 * is gated only by its own `pair:` key, so strangers' failures, on the account or from
 * other clients of a shared IP, cannot hold back the right password from its usual place.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/database';

export interface ThrottleLimits {
  /** Failures are forgotten this long after the last one. */
  windowMs: number;
  perEmail: number;
  perIp: number;
  /** The delay after the limit's failure; doubles with each further one (default 1 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}
export const DEFAULT_THROTTLE: ThrottleLimits = {
  windowMs: 60 * 60_000,
  perEmail: 5,
  perIp: 20,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
};

/** A claimed attempt lapses this long after its claim if its process never reports back. */
const CLAIM_MS = 30_000;
/** A successful login makes its (account, IP) pair a known client for this long. */
const KNOWN_CLIENT_MS = 30 * 86_400_000;

export type Attempt =
  | { ok: false; retryAfterSeconds: number }
  | {
      ok: true;
      /** The password was wrong (or the account unknown): counts, and may start a delay. */
      failed(): Promise<void>;
      /** Logged in: the account's counter is cleared and this client becomes known. */
      succeeded(): Promise<void>;
      /** Neither (an error, a suspended business): frees the claim only. */
      release(): Promise<void>;
    };

export interface LoginThrottle {
  attempt(ip: string, email: string): Promise<Attempt>;
}

interface Gate {
  key: string;
  limit: number;
  /** A success clears its failures (the account's keys; not the IP's). */
  clearedBySuccess: boolean;
}

function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } & T[];
  return r.rows ?? r;
}

const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

class Throttled extends Error {
  constructor(readonly seconds: number) {
    super('throttled');
  }
}

export function createLoginThrottle(
  db: Database,
  limits: ThrottleLimits = DEFAULT_THROTTLE,
  now: () => number = Date.now,
): LoginThrottle {
  const base = limits.baseDelayMs ?? 1000;
  const max = limits.maxDelayMs ?? 15 * 60_000;

  /** One key's claim: one upsert whose WHERE is the rule; no row back means refused. */
  async function claim(tx: Tx, g: Gate, t: number): Promise<boolean> {
    const forgotten = ts(t - limits.windowMs);
    const at = ts(t);
    const rows = rowsOf<{ key: string }>(
      await tx.execute(sql`
        insert into login_throttle as l (key, in_flight, in_flight_until)
        values (${g.key}, 1, ${ts(t + CLAIM_MS)})
        on conflict (key) do update set
          failures = case when l.last_failure_at < ${forgotten} then 0 else l.failures end,
          not_before = case when l.last_failure_at < ${forgotten} then null else l.not_before end,
          in_flight = (case when l.in_flight_until < ${at} then 0 else l.in_flight end) + 1,
          in_flight_until = ${ts(t + CLAIM_MS)}
        where (l.not_before is null or l.not_before <= ${at} or l.last_failure_at < ${forgotten})
          and ((case when l.last_failure_at < ${forgotten} then 0 else l.failures end)
               + (case when l.in_flight_until < ${at} then 0 else l.in_flight end) < ${g.limit}
               or (case when l.in_flight_until < ${at} then 0 else l.in_flight end) = 0)
        returning key`),
    );
    return rows.length === 1;
  }

  /** Seconds until a refused attempt may be tried again (at least 1). */
  async function retryAfter(tx: Tx, gates: Gate[], t: number): Promise<number> {
    const rows = rowsOf<{ wait: number | null }>(
      await tx.execute(sql`
        select max(extract(epoch from not_before) * 1000)::float8 - ${t} as wait
        from login_throttle
        where key in (${sql.join(
          gates.map((g) => sql`${g.key}`),
          sql`, `,
        )}) and not_before > ${ts(t)} and last_failure_at >= ${ts(t - limits.windowMs)}`),
    );
    const wait = Number(rows[0]?.wait ?? 0);
    return Math.max(1, Math.ceil(wait / 1000));
  }

  function settle(gates: Gate[], outcome: 'failed' | 'succeeded' | 'released', pair: string) {
    return async () => {
      const t = now();
      const forgotten = ts(t - limits.windowMs);
      await db.withSystem(async (tx) => {
        for (const g of gates) {
          const released = sql`in_flight = greatest(in_flight - 1, 0)`;
          if (outcome === 'failed') {
            // The failure count after this one decides the delay: from the limit's on.
            const n = sql`(case when last_failure_at < ${forgotten} then 0 else failures end) + 1`;
            await tx.execute(sql`
              update login_throttle set ${released},
                failures = ${n},
                last_failure_at = ${ts(t)},
                not_before = case when ${n} >= ${g.limit}
                  then ${ts(t)} + least(${base}::float8 * power(2, least(${n} - ${g.limit}, 30)), ${max}::float8) * interval '1 millisecond'
                  else null end
              where key = ${g.key}`);
          } else if (outcome === 'succeeded' && g.clearedBySuccess) {
            await tx.execute(sql`
              update login_throttle set ${released}, failures = 0, not_before = null, last_failure_at = null
              where key = ${g.key}`);
          } else {
            await tx.execute(sql`update login_throttle set ${released} where key = ${g.key}`);
          }
        }
        if (outcome === 'succeeded') {
          await tx.execute(sql`
            insert into login_throttle (key, succeeded_at) values (${pair}, ${ts(t)})
            on conflict (key) do update set succeeded_at = excluded.succeeded_at`);
        }
      });
    };
  }

  return {
    async attempt(ip, email) {
      const t = now();
      const pair = `pair:${email.slice(0, 320)}|${ip.slice(0, 64)}`;
      let gates: Gate[] = [];
      try {
        // One transaction: which keys gate this client, then all their claims or none (a
        // refusal on one rolls back the others').
        await db.withSystem(async (tx) => {
          const known = rowsOf<{ key: string }>(
            await tx.execute(
              sql`select key from login_throttle where key = ${pair} and succeeded_at > ${ts(t - KNOWN_CLIENT_MS)}`,
            ),
          );
          gates =
            known.length > 0
              ? [{ key: pair, limit: limits.perEmail, clearedBySuccess: true }]
              : // Sorted, so two attempts lock the same rows in the same order (no deadlock).
                [
                  { key: `email:${email.slice(0, 320)}`, limit: limits.perEmail, clearedBySuccess: true },
                  { key: `ip:${ip.slice(0, 64)}`, limit: limits.perIp, clearedBySuccess: false },
                ];
          for (const g of gates) {
            if (!(await claim(tx, g, t))) throw new Throttled(await retryAfter(tx, gates, t));
          }
        });
      } catch (err) {
        if (err instanceof Throttled) return { ok: false, retryAfterSeconds: err.seconds };
        throw err;
      }
      let settled = false;
      const once = (fn: () => Promise<void>) => async () => {
        if (settled) return;
        settled = true;
        await fn();
      };
      return {
        ok: true,
        failed: once(settle(gates, 'failed', pair)),
        succeeded: once(settle(gates, 'succeeded', pair)),
        release: once(settle(gates, 'released', pair)),
      };
    },
  };
}

/** Retention: rows with no failure within the window, no claim in flight, and no recent success. */
export async function purgeIdleThrottleRows(
  tx: Tx,
  t: Date,
  windowMs = DEFAULT_THROTTLE.windowMs,
): Promise<void> {
  await tx.execute(sql`
    delete from login_throttle
    where (last_failure_at is null or last_failure_at < ${ts(t.getTime() - windowMs)})
      and (in_flight_until is null or in_flight_until < ${ts(t.getTime())})
      and (succeeded_at is null or succeeded_at < ${ts(t.getTime() - KNOWN_CLIENT_MS)})`);
}
