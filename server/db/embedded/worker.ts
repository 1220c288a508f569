/**
 * The embedded database's worker: the one PGlite session, off the thread that carries the
 * calls' audio. It applies the migrations on open, runs each statement it is sent (inside
 * the named transaction when one is given), holds a transaction open across messages until
 * the server ends it, and forwards NOTIFYs. PGlite's own mutex queues everything else while
 * a transaction is open, as it would in the server's thread.
 */
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { type Reply, type Request, serializeError } from './protocol';

declare const self: Worker;

const keep = (value: string) => value;
/** drizzle parses dates, times and intervals itself: they arrive as PostgreSQL's text. */
const PARSERS = {
  [types.TIMESTAMP]: keep,
  [types.TIMESTAMPTZ]: keep,
  [types.INTERVAL]: keep,
  [types.DATE]: keep,
  1231: keep, // numeric[]
  1115: keep, // timestamp[]
  1185: keep, // timestamptz[]
  1187: keep, // interval[]
  1182: keep, // date[]
};

/** Thrown inside PGlite's transaction callback to have it roll back. */
const ROLLBACK = Symbol('rollback');

let pg: PGlite | null = null;
/** Open transactions by id: the handle their statements run on, and how to end them. */
const open = new Map<number, { tx: Transaction; end: (commit: boolean) => void }>();
/** Each transaction's outcome once ended: settles after its COMMIT (or ROLLBACK) ran. */
const outcome = new Map<number, Promise<void>>();
const listens = new Map<number, () => Promise<void>>();

function db(): PGlite {
  if (!pg) throw new Error('the embedded database is not open');
  return pg;
}

function begin(id: number): Promise<void> {
  return new Promise<void>((begun, failed) => {
    let opened = false;
    const run = db().transaction(async (tx) => {
      const commit = await new Promise<boolean>((end) => {
        open.set(id, { tx, end });
        opened = true;
        begun();
      });
      if (!commit) throw ROLLBACK;
    });
    const settled = run.catch((e) => {
      if (e !== ROLLBACK) throw e;
    });
    settled.catch(() => {}); // awaited by `end`; a failed BEGIN is the begin's to report
    outcome.set(id, settled);
    run.catch((e) => {
      if (opened) return;
      outcome.delete(id);
      failed(e);
    });
  });
}

async function end(id: number, commit: boolean): Promise<void> {
  const entry = open.get(id);
  const settled = outcome.get(id);
  if (!entry || !settled) throw new Error(`no open transaction ${id}`);
  open.delete(id);
  outcome.delete(id);
  entry.end(commit);
  await settled;
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'open': {
      pg = await PGlite.create(req.dataDir, { extensions: { btree_gist, pg_trgm } });
      await migrate(drizzle(pg), { migrationsFolder: req.migrationsFolder });
      return null;
    }
    case 'query': {
      const options = { rowMode: req.rowMode, parsers: PARSERS };
      if (req.tx === undefined) {
        const r = await db().query(req.text, req.params, options);
        return { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
      }
      const entry = open.get(req.tx);
      if (!entry) throw new Error(`no open transaction ${req.tx}`);
      const r = await entry.tx.query(req.text, req.params, options);
      return { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
    }
    case 'begin':
      return begin(req.id);
    case 'end':
      return end(req.tx, req.commit);
    case 'listen': {
      const id = req.id;
      const stop = await db().listen(req.channel, (payload) => {
        post({ kind: 'notify', listen: id, payload });
      });
      listens.set(id, stop);
      return null;
    }
    case 'unlisten': {
      const stop = listens.get(req.listen);
      listens.delete(req.listen);
      await stop?.();
      return null;
    }
    case 'close': {
      await pg?.close();
      pg = null;
      return null;
    }
  }
}

function post(reply: Reply) {
  self.postMessage(reply);
}

self.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  handle(req).then(
    (value) => post({ kind: 'reply', id: req.id, ok: true, value }),
    (err) => post({ kind: 'reply', id: req.id, ok: false, error: serializeError(err) }),
  );
};
