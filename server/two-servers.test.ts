/**
 * Two server processes on one PostgreSQL database, as two fly machines (or two WORKERS) run
 * them, each started as the image starts it (`bun server/main.ts`, production settings): a
 * call whose webhook reaches one and whose media stream reaches the other is answered and
 * recorded; a lead created through one is announced once, in the open notification streams
 * of both; both drain and exit cleanly on SIGTERM. Then one process started with WORKERS=2
 * serves on its port from two processes, and both stop with it.
 *
 * Skipped (and says so) without a PostgreSQL server, like the production smoke test.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startOpenAiRestStandin } from './standins/openai-rest/index';
import { startRealtimeStandin } from './standins/realtime/index';
import { startTwilioCaller } from './standins/twilio-caller/index';
import { waitUntil } from './standins/wait';
import {
  apiAt,
  freePort,
  loginAt,
  type ServerProcess,
  serverDatabaseUrl,
  startServer,
} from './test/server-process';

const serverUrl = await serverDatabaseUrl();
if (!serverUrl) console.warn('two-server test skipped: no DATABASE_URL and no PostgreSQL at 127.0.0.1:5432');

const ADMIN = { email: 'ops@two.prosaas.example', password: 'Two-Servers-Password-2026' };
const OWNER = { email: 'owner@two.prosaas.example', password: 'Shop-Keeper-Two-2026' };
const TWILIO_TOKEN = 'two-servers-twilio-auth-token';
const BUSINESS_PHONE = '+97235550177';

describe.skipIf(!serverUrl)('two servers, one database', () => {
  let admin: ReturnType<typeof postgres>;
  let dbName = '';
  let dbUrl = '';
  let recordingsDir = '';
  let env: Record<string, string> = {};
  const stops: Array<() => Promise<unknown>> = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let baseA = '';
  let baseB = '';

  beforeAll(async () => {
    dbName = `prosaas_two_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
    admin = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    const url = new URL(serverUrl as string);
    url.pathname = `/${dbName}`;
    dbUrl = url.toString();
    recordingsDir = mkdtempSync(join(tmpdir(), 'prosaas-two-'));
    const realtime = await startRealtimeStandin({ keepInputAudio: false });
    const rest = await startOpenAiRestStandin();
    stops.push(
      () => realtime.stop(),
      () => rest.stop(),
    );
    const portA = freePort();
    baseA = `http://127.0.0.1:${portA}`;
    env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: dbUrl,
      DATABASE_POOL_SIZE: '4',
      WORKERS: '1',
      JWT_SECRET: 'two-servers-jwt-secret-long-enough-0123456789',
      SECRETS_KEY: Buffer.alloc(32, 9).toString('base64'),
      // One public address in front of both, as fly's proxy is: both verify Twilio against it.
      PUBLIC_BASE_URL: baseA,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      OPENAI_API_KEY: 'sk-two',
      OPENAI_REALTIME_URL: realtime.url,
      OPENAI_BASE_URL: rest.baseUrl,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RECORDINGS_URL: `file://${recordingsDir}`,
      DATA_DIR: '/nonexistent/prosaas-data',
    };
    a = await startServer({ ...env, PORT: String(portA) }, 'server A');
    stops.push(() => a.stop());
    const portB = freePort();
    baseB = `http://127.0.0.1:${portB}`;
    b = await startServer({ ...env, PORT: String(portB) }, 'server B');
    stops.push(() => b.stop());
  }, 150_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await admin?.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin?.end();
    if (recordingsDir) rmSync(recordingsDir, { recursive: true, force: true });
  });

  const login = loginAt;
  const api = (base: string, cookie: string, method: string, path: string, body?: unknown) =>
    apiAt(base, cookie, method, path, body);

  /** The notification stream's events as they come (SSE blocks; comments skipped). */
  async function notificationEvents(base: string, cookie: string) {
    const res = await api(base, cookie, 'GET', '/api/notifications/stream');
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const events: { event: string; data: string }[] = [];
    let buffer = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
          if (lines.some((l) => !l.startsWith(':')))
            events.push({ event: field('event'), data: field('data') });
        }
      }
    })();
    return { events, close: () => reader.cancel().catch(() => {}) };
  }

  test('a call whose webhook reaches one server and whose stream reaches the other is answered and recorded; a lead made on one is announced once, on both', async () => {
    const sysA = await login(baseA, ADMIN);
    const created = await api(baseA, sysA, 'POST', '/api/businesses', {
      name: 'מספרה על שני שרתים',
      phoneNumbers: [BUSINESS_PHONE],
    });
    expect(created.status).toBe(201);
    const businessId = ((await created.json()) as { business: { id: string } }).business.id;
    const user = await api(baseA, sysA, 'POST', '/api/users', {
      ...OWNER,
      name: 'בעלת העסק',
      role: 'owner',
      businessId,
    });
    expect(user.status, await user.clone().text()).toBe(201);

    // The owner has the dashboard open twice, one tab served by each server.
    const ownerA = await login(baseA, OWNER);
    const ownerB = await login(baseB, OWNER);
    const onA = await notificationEvents(baseA, ownerA);
    const onB = await notificationEvents(baseB, ownerB);
    await waitUntil(() => onA.events.length > 0 && onB.events.length > 0, 'both streams open');

    const caller = await startTwilioCaller({
      baseUrl: baseA, // the webhook reaches A …
      wsBaseUrl: baseB.replace(/^http/, 'ws'), // … and the media stream B
      publicBaseUrl: baseA,
      authToken: TWILIO_TOKEN,
      to: BUSINESS_PHONE,
      from: '+972541234599',
    });
    expect(caller.report().webhook?.status).toBe(200);
    await waitUntil(() => caller.report().heardAudio.length > 8000, 'the greeting heard', {
      timeoutMs: 20_000,
    });
    await caller.say('caller-booking');
    await Bun.sleep(1500);
    await caller.hangup();
    type CallItem = { id: string; recording: { status: string } | null };
    const call = await waitUntil(
      async () => {
        const res = await api(baseA, ownerA, 'GET', `/api/calls?businessId=${businessId}`);
        const { calls } = (await res.json()) as { calls: CallItem[] };
        return calls[0]?.recording ? calls[0] : undefined;
      },
      'the call recorded',
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(call.recording?.status).toBe('complete');

    // A lead made through B by the system admin: both runners poll the queue, one runs its event.
    const sysB = await login(baseB, ADMIN);
    const lead = await api(baseB, sysB, 'POST', `/api/leads?businessId=${businessId}`, {
      phone: '+972509998877',
      name: 'לקוחה משרת ב',
    });
    expect(lead.status).toBe(201);
    const pushed = (events: { event: string; data: string }[]) =>
      events.filter((e) => e.event === 'notification' && e.data.includes('לקוחה משרת ב'));
    await waitUntil(() => pushed(onA.events).length > 0 && pushed(onB.events).length > 0, 'pushed on both', {
      timeoutMs: 15_000,
    });
    const listed = (await (await api(baseA, ownerA, 'GET', '/api/notifications')).json()) as {
      notifications: { kind: string; title: string }[];
    };
    expect(listed.notifications.filter((n) => n.title.includes('לקוחה משרת ב'))).toHaveLength(1);
    expect(pushed(onA.events)).toHaveLength(1);
    expect(pushed(onB.events)).toHaveLength(1);
    onA.close();
    onB.close();

    // Both drain and exit cleanly on SIGTERM.
    const [codeA, codeB] = await Promise.all([a.stop(), b.stop()]);
    expect([codeA, codeB]).toEqual([0, 0]);
  }, 120_000);

  test('WORKERS=2: two processes serve one port, and both stop with the first', async () => {
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const w = await startServer(
      { ...env, PORT: String(port), WORKERS: '2', PUBLIC_BASE_URL: base },
      'WORKERS=2',
    );
    stops.push(() => w.stop());
    await waitUntil(
      () => /"worker":1[^\n]*"msg":"listening"/.test(w.output.join('')),
      'the second worker listening',
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    for (let i = 0; i < 20; i++) expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await w.stop()).toBe(0);
    const log = w.output.join('');
    expect(log).toMatch(/"worker":0[^\n]*"msg":"shutting down/);
    expect(log).toMatch(/"worker":1[^\n]*"msg":"shutting down/);
  }, 120_000);
});
