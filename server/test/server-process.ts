/**
 * Tests that start `bun server/main.ts` as a deployment does: the PostgreSQL they may use, a
 * free port, and the server's output collected until it listens (or exits).
 */
import { join } from 'node:path';
import postgres from 'postgres';
import { waitUntil } from '../standins/wait';

const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** DATABASE_URL's server (CI's second run), or else the local one when it answers, or none. */
export async function serverDatabaseUrl(): Promise<string | undefined> {
  return Bun.env.DATABASE_URL ?? ((await reachable(LOCAL_PG)) ? LOCAL_PG : undefined);
}

export async function collect(stream: ReadableStream<Uint8Array>, into: string[]): Promise<void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    into.push(decoder.decode(value));
  }
}

export function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const port = probe.port as number;
  probe.stop(true);
  return port;
}

export interface ServerProcess {
  readonly child: ReturnType<typeof Bun.spawn>;
  readonly output: string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number>;
}

/** Starts the server with exactly `env` (plus PATH and HOME) and waits until it has logged `listening`. */
export async function startServer(env: Record<string, string>, what = 'the server'): Promise<ServerProcess> {
  const output: string[] = [];
  const child = Bun.spawn(['bun', join(import.meta.dir, '..', 'main.ts')], {
    cwd: join(import.meta.dir, '..', '..'),
    env: { PATH: Bun.env.PATH ?? '', HOME: Bun.env.HOME ?? '', TZ: 'UTC', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  void collect(child.stdout as ReadableStream<Uint8Array>, output);
  void collect(child.stderr as ReadableStream<Uint8Array>, output);
  await waitUntil(
    () => output.some((l) => l.includes('"msg":"listening"')) || child.exitCode !== null,
    `${what} to listen`,
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  if (child.exitCode !== null) throw new Error(`${what} exited:\n${output.join('')}`);
  return {
    child,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return child.exited;
    },
  };
}

/** Logs in at `base` as the dashboard does; the session cookie to send back. */
export async function loginAt(base: string, who: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (res.status !== 200)
    throw new Error(`login as ${who.email} at ${base}: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** One API request at `base` as the dashboard makes it (same origin, the session cookie, JSON). */
export const apiAt = (
  base: string,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  fetch(`${base}${path}`, {
    method,
    headers: {
      origin: base,
      cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
