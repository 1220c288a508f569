/**
 * The production smoke test: `bun server/main.ts` started as the image starts it
 * (NODE_ENV=production, every required setting, nothing else), on PostgreSQL, with call
 * recordings in an S3-compatible bucket (the stand-in, SigV4 and all). A signed call is
 * recorded into the bucket while it goes on, the dashboard's API plays it with byte ranges,
 * the storage going away mid-call costs nothing, and retention removes the object.
 *
 * PostgreSQL: DATABASE_URL's server (CI's second run), or else the local one at
 * 127.0.0.1:5432 when it answers (CI's first run, a developer's machine); a database of its
 * own is created and dropped. Without either the test is skipped and says why.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import postgres from 'postgres';
import { parseWavHeader, WAV_HEADER_BYTES } from './calls/recording/wav';
import { startOpenAiRestStandin } from './standins/openai-rest/index';
import { startRealtimeStandin } from './standins/realtime/index';
import { type S3Standin, startS3Standin } from './standins/s3/index';
import { startTwilioCaller } from './standins/twilio-caller/index';
import { waitUntil } from './standins/wait';
import { apiAt, collect, freePort, loginAt, serverDatabaseUrl } from './test/server-process';

const serverUrl = await serverDatabaseUrl();
if (!serverUrl) {
  console.warn('production smoke test skipped: no DATABASE_URL and no PostgreSQL at 127.0.0.1:5432');
}

const BUCKET = 'prosaas-recordings';
const ADMIN = { email: 'ops@prosaas.example', password: 'Smoke-Test-Password-2026' };
const TWILIO_TOKEN = 'smoke-twilio-auth-token';
const BUSINESS_PHONE = '+97235550199';

describe.skipIf(!serverUrl)('production start', () => {
  let s3: S3Standin;
  let admin: ReturnType<typeof postgres>;
  let db: ReturnType<typeof postgres>;
  let dbName: string;
  let child: ReturnType<typeof Bun.spawn>;
  let base: string;
  let cookie = '';
  let businessId = '';
  const output: string[] = [];
  const stops: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    dbName = `prosaas_smoke_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
    admin = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    const url = new URL(serverUrl as string);
    url.pathname = `/${dbName}`;
    db = postgres(url.toString(), { max: 2, onnotice: () => {} });

    s3 = startS3Standin({ buckets: [BUCKET] });
    const realtime = await startRealtimeStandin({ keepInputAudio: false });
    const rest = await startOpenAiRestStandin();
    stops.push(
      () => s3.stop(),
      () => realtime.stop(),
      () => rest.stop(),
    );
    const port = freePort();
    base = `http://127.0.0.1:${port}`;
    child = Bun.spawn(['bun', join(import.meta.dir, 'main.ts')], {
      cwd: join(import.meta.dir, '..'),
      // Only what a deployment sets: no inherited development settings.
      env: {
        PATH: Bun.env.PATH,
        HOME: Bun.env.HOME,
        TZ: 'UTC',
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATABASE_URL: url.toString(),
        JWT_SECRET: 'smoke-jwt-secret-that-is-long-enough-0123456789',
        SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
        PUBLIC_BASE_URL: base,
        TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
        OPENAI_API_KEY: 'sk-smoke',
        OPENAI_REALTIME_URL: realtime.url,
        OPENAI_BASE_URL: rest.baseUrl,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        RECORDINGS_URL: `s3://${BUCKET}/calls`,
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_REGION: 'auto',
        // Where the image's DATA_DIR would be: production must write nothing there.
        DATA_DIR: '/nonexistent/prosaas-data',
      },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    stops.push(async () => {
      child.kill('SIGTERM');
      await child.exited;
    });
    void collect(child.stdout as ReadableStream<Uint8Array>, output);
    void collect(child.stderr as ReadableStream<Uint8Array>, output);
    await waitUntil(
      () => output.some((l) => l.includes('"msg":"listening"')) || child.exitCode !== null,
      'the production server to listen',
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output.join('')}`);

    cookie = await login();
    const created = await api('POST', '/api/businesses', {
      name: 'מספרה בייצור',
      phoneNumbers: [BUSINESS_PHONE],
    });
    expect(created.status).toBe(201);
    businessId = ((await created.json()) as { business: { id: string } }).business.id;
  }, 120_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await db?.end();
    await admin?.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin?.end();
  });

  const login = () => loginAt(base, ADMIN);
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    apiAt(base, cookie, method, path, body, headers);

  interface CallItem {
    id: string;
    recording: { status: string; durationMs: number; sizeBytes: number; missingMs: number } | null;
  }
  const calls = async () =>
    ((await (await api('GET', `/api/calls?businessId=${businessId}`)).json()) as { calls: CallItem[] }).calls;

  /** One call as Twilio makes it: signed webhook, media stream, the caller speaks, hangs up. */
  async function call(during?: () => Promise<void>): Promise<CallItem> {
    const before = (await calls()).length;
    const caller = await startTwilioCaller({
      baseUrl: base,
      publicBaseUrl: base,
      authToken: TWILIO_TOKEN,
      to: BUSINESS_PHONE,
      from: '+972541234567',
    });
    expect(caller.report().webhook?.status).toBe(200);
    await waitUntil(() => caller.report().heardAudio.length > 8000, 'the greeting heard', {
      timeoutMs: 20_000,
    });
    await caller.say('caller-booking');
    await during?.();
    await Bun.sleep(1500);
    await caller.hangup();
    return waitUntil(
      async () => {
        const list = await calls();
        return list.length > before && list[0]?.recording ? list[0] : undefined;
      },
      'the call recorded',
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  const recordingKey = (callId: string) => `calls/${businessId}/${callId}.wav`;

  test('started in production without writing DATA_DIR, and said where recordings go', () => {
    const listening = output.find((l) => l.includes('"msg":"listening"')) ?? '';
    expect(listening).toContain(`s3://${BUCKET}/calls/`);
    // No credential in anything the server printed.
    expect(output.join('')).not.toContain(s3.credentials.secretAccessKey);
  });

  test('a signed call is recorded into the bucket, segment by segment, and played with ranges', async () => {
    const item = await call(async () => {
      // While the call goes on, its audio is already in the bucket.
      await waitUntil(
        () => s3.keys(BUCKET, `calls/parts/${businessId}/`).length > 0,
        'a segment in the bucket during the call',
        { timeoutMs: 15_000, intervalMs: 100 },
      );
    });
    expect(item.recording?.status).toBe('complete');
    const object = s3.object(BUCKET, recordingKey(item.id));
    expect(object?.bytes.length).toBe(item.recording?.sizeBytes);
    expect(parseWavHeader(object?.bytes ?? new Uint8Array())?.sampleRate).toBe(8000);
    expect(s3.keys(BUCKET, `calls/parts/${businessId}/${item.id}/`)).toEqual([]);

    const path = `/api/calls/${item.id}/recording?businessId=${businessId}`;
    const whole = await api('GET', path);
    expect(whole.status).toBe(200);
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(object?.bytes as Uint8Array<ArrayBuffer>);
    const ranged = await api('GET', path, undefined, { range: 'bytes=44-1043' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 44-1043/${object?.bytes.length}`);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(
      object?.bytes.slice(44, 1044) as Uint8Array<ArrayBuffer>,
    );
  }, 120_000);

  test('the storage unreachable for a few seconds mid-call: the call goes on and the recording is whole', async () => {
    const item = await call(async () => {
      s3.down();
      try {
        // Down until a segment (10 s of the call) has failed to go up at least once.
        await waitUntil(
          () => output.join('').includes('segment upload failed, retrying'),
          'a failed upload',
          {
            timeoutMs: 30_000,
            intervalMs: 100,
          },
        );
      } finally {
        s3.up();
      }
    });
    expect(item.recording?.status).toBe('complete');
    expect(item.recording?.missingMs).toBe(0);
    const bytes = s3.object(BUCKET, recordingKey(item.id))?.bytes as Uint8Array;
    expect(bytes.length).toBe(WAV_HEADER_BYTES + (parseWavHeader(bytes)?.samples ?? -1) * 2);
    expect(output.join('')).not.toContain(s3.credentials.secretAccessKey);
  }, 120_000);

  test('retention removes the object, then the player is told it is gone', async () => {
    const [item] = await calls();
    const id = item?.id as string;
    expect(s3.object(BUCKET, recordingKey(id))).toBeDefined();
    await db`update call_recordings set created_at = now() - interval '8 days' where call_id = ${id}`;
    await db`update jobs set run_at = now() where kind = 'recordings.retention' and status = 'queued'`;
    await waitUntil(
      () => s3.object(BUCKET, recordingKey(id)) === undefined,
      'retention to delete the object',
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    const res = await api('GET', `/api/calls/${id}/recording?businessId=${businessId}`);
    expect(res.status).toBe(404);
  }, 60_000);
});
