/**
 * This process's liveness session: a session-level advisory lock held by one connection of
 * its own. PostgreSQL releases the lock the moment that session ends (the process died, or
 * its connection was terminated or cut), so whatever was claimed under the session's name
 * (jobs.locked_session) is known abandoned at once, without waiting for a lease.
 *
 * A session that comes back after its connection was lost takes a new name: what was claimed
 * under the old one may already have been taken over, and must not look alive again.
 */
import { type Column, type SQL, sql } from 'drizzle-orm';

/** The advisory lock space of liveness sessions (the first key of the two-key form). */
export const LIVENESS_LOCK_CLASS = 0x4a6f6273; // "Jobs"

/** Runs one statement on the liveness connection and returns its rows. */
export type SessionQuery = (text: string, params: (string | number)[]) => Promise<Record<string, unknown>[]>;

export interface Liveness {
  /**
   * The name of the live session, taking (or taking again, under a new name) its lock first;
   * null when the lock could not be taken. Throws while the database cannot be reached.
   */
  current(): Promise<string | null>;
}

export function createLiveness(query: SessionQuery, tag: string = crypto.randomUUID()): Liveness {
  let generation = 0;
  let name = `${tag}.${generation}`;
  let held = false;
  let inflight: Promise<string | null> | null = null;

  async function check(): Promise<string | null> {
    if (held) {
      // A failure here is the old connection's end reaching the driver: the next query opens a new one.
      const rows = await query(
        `select exists (select 1 from pg_locks where pid = pg_backend_pid() and locktype = 'advisory'
           and granted and classid = $1::int::oid and objid = hashtext($2)::oid and objsubid = 2) as held`,
        [LIVENESS_LOCK_CLASS, name],
      ).catch(() => []);
      if (rows[0]?.held === true) return name;
      // A new connection: the old session ended, and with it the lock and the name's claims.
      held = false;
      generation++;
      name = `${tag}.${generation}`;
    }
    const [row] = await query('select pg_try_advisory_lock($1::int, hashtext($2)) as taken', [
      LIVENESS_LOCK_CLASS,
      name,
    ]);
    held = row?.taken === true;
    if (held) return name;
    generation++; // a hash another session holds: try another name next time
    name = `${tag}.${generation}`;
    return null;
  }

  return {
    current() {
      inflight ??= check().finally(() => {
        inflight = null;
      });
      return inflight;
    },
  };
}

/** True when the session named by `session` (a column, or a name) no longer holds its liveness lock in this database. */
export function sessionEnded(session: Column | SQL | string): SQL {
  return sql`not exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.granted
    and l.database = (select oid from pg_database where datname = current_database())
    and l.classid = ${sql.raw(String(LIVENESS_LOCK_CLASS))}::oid and l.objid = hashtext(${session})::oid
    and l.objsubid = 2)`;
}
