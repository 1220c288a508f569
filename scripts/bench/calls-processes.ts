/**
 * The relay side of the calls benchmark as production runs it: `bun server/main.ts` with
 * WORKERS processes on one port (reusePort) and a fresh PostgreSQL database, in production
 * settings. The relay's own probes live inside those processes, so this side reports only
 * what the outside can see: their CPU and memory, summed over the first process and the
 * workers it started (read from /proc).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import {
  ACTIVE_NUMBER,
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  seedPhoneBusinesses,
} from '../../server/calls/e2e/phone-server.ts';
import { openDatabase } from '../../server/db/database';
import { waitUntil } from '../../server/standins/wait.ts';
import { freePort, startServer } from '../../server/test/server-process.ts';

const TICKS_PER_SECOND = 100;

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** User + system CPU seconds and RSS bytes of one process (zero once it is gone). */
export function processUsage(pid: number): { cpuSeconds: number; rss: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, rss: rssPages * 4096 };
  } catch {
    return { cpuSeconds: 0, rss: 0 };
  }
}

export async function startServerProcesses(realtimeUrl: string, workers: number) {
  const base = Bun.env.DATABASE_URL;
  if (!base) throw new Error('CALLS_BENCH_WORKERS needs DATABASE_URL (several processes share PostgreSQL)');
  const name = `prosaas_bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  // Migrated and seeded here, before the server starts (as the release command migrates).
  const seeding = await openDatabase({ url: url.toString(), poolSize: 2 });
  await seedPhoneBusinesses(seeding);
  await seeding.close();

  const recordings = mkdtempSync(join(tmpdir(), 'prosaas-bench-'));
  const port = freePort();
  const server = await startServer(
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: '10',
      WORKERS: String(workers),
      JWT_SECRET: 'calls-bench-jwt-secret-long-enough-0123456789',
      SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_BASE_URL,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_REALTIME_URL: realtimeUrl,
      ADMIN_EMAIL: 'ops@bench.prosaas.example',
      ADMIN_PASSWORD: 'Calls-Bench-Password-2026',
      RECORDINGS_URL: `file://${recordings}`,
      DATA_DIR: '/nonexistent/prosaas-bench',
    },
    'the bench server',
  );
  const root = server.child.pid;
  const pids = () => [root, ...childrenOf(root)];
  // The first process logs `listening` before its workers do: wait for all of them.
  await waitUntil(() => pids().length >= workers, `${workers} server processes`, { timeoutMs: 30_000 });
  await waitUntil(
    () => server.output.join('').split('"msg":"listening"').length - 1 >= workers,
    'every worker listening',
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    number: ACTIVE_NUMBER,
    processes: () => pids().length,
    usage() {
      let cpuSeconds = 0;
      let rss = 0;
      for (const pid of pids()) {
        const u = processUsage(pid);
        cpuSeconds += u.cpuSeconds;
        rss += u.rss;
      }
      return { cpuSeconds, rss };
    },
    output: server.output,
    async stop() {
      await server.stop();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      rmSync(recordings, { recursive: true, force: true });
    },
  };
}
