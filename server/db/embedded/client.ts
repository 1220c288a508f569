/**
 * The server's side of the embedded database: starts the worker (worker.ts) and offers
 * what drizzle's PGlite driver calls (`query`, `transaction`) plus LISTEN and close, each a
 * message to the worker. Nothing here blocks the thread that carries the audio.
 *
 * If the worker dies, every statement waiting on it, and every one after, fails with
 * CONNECTION_CLOSED, the code the rest of the server already treats as "database gone".
 */
import { type QueryResult, type Reply, type Request, type RowMode, reviveError } from './protocol';

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };
type Body<R> = R extends unknown ? Omit<R, 'id'> : never;

export interface QueryConfig {
  rowMode?: RowMode;
}

export interface EmbeddedTransaction {
  query(text: string, params?: unknown[], config?: QueryConfig): Promise<QueryResult>;
}

export interface EmbeddedClient extends EmbeddedTransaction {
  transaction<T>(fn: (tx: EmbeddedTransaction) => Promise<T>): Promise<T>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

function closedError(why: string): Error {
  return Object.assign(new Error(`the embedded database is gone: ${why}`), { code: 'CONNECTION_CLOSED' });
}

export async function startEmbeddedDatabase(
  dataDir: string,
  migrationsFolder: string,
): Promise<EmbeddedClient> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url).href);
  // Bun's Worker has ref/unref (as a timer does); the DOM's type, which wins here, has not.
  const hold = worker as unknown as { ref(): void; unref(): void };
  const pending = new Map<number, Pending>();
  const listeners = new Map<number, (payload: string) => void>();
  let nextId = 1;
  let gone: Error | null = null;
  // The worker keeps the process alive only while something waits on it.
  hold.unref();

  const fail = (why: string) => {
    if (gone) return;
    gone = closedError(why);
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
    hold.unref();
  };
  worker.addEventListener('message', (event: MessageEvent<Reply>) => {
    const reply = event.data;
    if (reply.kind === 'notify') {
      listeners.get(reply.listen)?.(reply.payload);
      return;
    }
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) hold.unref();
    if (reply.ok) p.resolve(reply.value);
    else p.reject(reviveError(reply.error));
  });
  worker.addEventListener('error', (event) => {
    console.error('database: the embedded database worker failed', (event as ErrorEvent).message);
    fail((event as ErrorEvent).message || 'worker error');
  });
  worker.addEventListener('close', () => fail('worker exited'));

  const send = <T>(body: Body<Request>, id = nextId++): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (gone) return reject(gone);
      if (pending.size === 0) hold.ref();
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...body, id } as Request);
    });

  const query = (text: string, params: unknown[] = [], config: QueryConfig = {}, tx?: number) =>
    send<QueryResult>({ op: 'query', text, params, rowMode: config.rowMode ?? 'object', tx });

  await send({ op: 'open', dataDir, migrationsFolder });

  return {
    query: (text, params, config) => query(text, params, config),
    async transaction(fn) {
      const id = nextId++;
      await send({ op: 'begin' }, id);
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn({ query: (text, params, config) => query(text, params, config, id) });
      } catch (err) {
        await send({ op: 'end', tx: id, commit: false }).catch(() => {});
        throw err;
      }
      await send({ op: 'end', tx: id, commit: true });
      return result;
    },
    async listen(channel, onPayload) {
      const id = nextId++;
      listeners.set(id, onPayload);
      try {
        await send({ op: 'listen', channel }, id);
      } catch (err) {
        listeners.delete(id);
        throw err;
      }
      return async () => {
        listeners.delete(id);
        if (!gone) await send({ op: 'unlisten', listen: id });
      };
    },
    async close() {
      if (!gone) await send({ op: 'close' }).catch(() => {});
      fail('closed');
      worker.terminate();
    },
  };
}
