/**
 * The messages between the server and the embedded database's worker (worker.ts). The
 * worker owns the one PGlite session; the server sends it statements and transaction
 * boundaries and gets rows, errors and notifications back, all as structured clones.
 */

export type RowMode = 'object' | 'array';

export type Request =
  | { id: number; op: 'open'; dataDir: string; migrationsFolder: string }
  /** A statement, inside the transaction `tx` when given. */
  | { id: number; op: 'query'; text: string; params: unknown[]; rowMode: RowMode; tx?: number }
  /** Begins a transaction named by this request's id; answered once BEGIN has run. */
  | { id: number; op: 'begin' }
  /** Commits (or rolls back) transaction `tx`; answered once it has. */
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'listen'; channel: string }
  /** Stops the listen that request `listen` began. */
  | { id: number; op: 'unlisten'; listen: number }
  | { id: number; op: 'close' };

export interface QueryResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

export interface SerializedError {
  name: string;
  message: string;
  /** PostgreSQL's fields (code, detail, constraint, …): every primitive own property. */
  props: Record<string, string | number | boolean>;
}

export type Reply =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SerializedError }
  /** A NOTIFY for the listen that request `listen` began. */
  | { kind: 'notify'; listen: number; payload: string };

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), props: {} };
  const props: SerializedError['props'] = {};
  for (const key of Object.keys(err)) {
    const value = (err as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      props[key] = value;
  }
  return { name: err.name, message: err.message, props };
}

/** The error the server's caller sees: the worker's, with PostgreSQL's fields on it. */
export function reviveError(e: SerializedError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  Object.assign(err, e.props);
  return err;
}
