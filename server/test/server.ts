/**
 * A real server on a random port for browser and WebSocket tests: a fresh test database
 * with the demo business and its users (one of every role), the built dashboard, the API.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBrain } from '../agent/brain';
import { createChatModel, createOpenAiClient } from '../agent/text/model';
import { createApp } from '../app';
import { createLoginThrottle } from '../auth/login-throttle';
import { createSmtpMailer } from '../auth/mailer';
import type { Role } from '../auth/permissions';
import { createTokenService } from '../auth/tokens';
import { createCallAnalysisJob } from '../calls/analysis/setup';
import { createCallFeed } from '../calls/live/call-feed';
import { createLiveCalls } from '../calls/live/live-calls';
import { createPhone } from '../calls/phone';
import { createRecordingStore } from '../calls/recording/store';
import type { Database } from '../db/database';
import { DEMO_BUSINESS, DEMO_PASSWORD, DEMO_USERS, seed } from '../demo/seed';
import { webhookDeliverJob } from '../integrations/deliver';
import type { BackoffPolicy } from '../jobs/backoff';
import { createJobHandlers } from '../jobs/handlers';
import { createJobRunner } from '../jobs/runner';
import { createLogger } from '../lib/logger';
import { outboxMessaging } from '../reminders/messaging';
import { createFakeWhatsApp, type FakeWhatsApp } from '../standins/baileys/fake-whatsapp';
import { type GraphStandin, startGraphStandin } from '../standins/graph/index';
import { type OpenAiRestStandin, startOpenAiRestStandin } from '../standins/openai-rest/index';
import { type LoadedScript, startRealtimeStandin } from '../standins/realtime/index';
import { type SmtpStandin, startSmtpStandin } from '../standins/smtp/server';
import type { TwilioCallerOptions } from '../standins/twilio-caller/index';
import { createMediaStore } from '../whatsapp/media/store';
import { createOpenAiTranscriber } from '../whatsapp/media/transcriber';
import { createWhatsApp } from '../whatsapp/module';
import { createTestDatabase } from './database';
import { TEST_HASHER, testConfig } from './harness';

/** A phone line for browser tests: the Realtime stand-in answers, the Twilio caller stand-in dials. */
export interface TestPhone {
  /** Options for `startTwilioCaller` dialling the demo business through this server. */
  caller(extra?: Partial<TwilioCallerOptions>): TwilioCallerOptions;
  /** Resolves once every call has ended and its record is written. */
  whenIdle(): Promise<void>;
  /** Calls whose record, recording and memory are written. */
  ended: number;
}

export interface TestServer {
  /** Present when started with `{ phone }`. */
  phone?: TestPhone;
  url: string;
  stop(): Promise<void>;
  users: Record<Role, { email: string; password: string }>;
  /** The WhatsApp stand-ins: register a Meta number, scan a QR, watch what was sent. */
  whatsapp: { graph: GraphStandin; fake: FakeWhatsApp };
  /** Where reset links are mailed (an SMTP stand-in the server sends to). */
  mail: SmtpStandin;
  /** The server's database and its demo business, to queue what a test needs. */
  db: Database;
  demoBusinessId: string;
}

export interface TestServerOptions {
  /** The job runner's retry waits (short, for a test that watches a retry happen). */
  backoff?: BackoffPolicy;
  /** Answer calls: the Realtime stand-in plays this script; recordings go to a temporary directory. */
  phone?: { script: LoadedScript };
  /**
   * Answer WhatsApp customers: a real brain and transcriber talking to the OpenAI REST
   * stand-in, which answers every message with `reply` and transcribes the committed voice
   * notes; customers' media go to a temporary directory.
   */
  whatsappAssistant?: { reply: string };
}

const TEST_TWILIO_TOKEN = 'twilio-auth-token-for-browser-tests';

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const log = createLogger('silent');
  const { demoBusinessId } = await seed({ db, hasher: TEST_HASHER, log, demo: true });
  if (!demoBusinessId) throw new Error('the demo business was not created');
  // Bind first: the app checks origins against the public URL, which needs the port.
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: () => new Response('starting', { status: 503 }),
  });
  const url = `http://127.0.0.1:${server.port}`;
  const config = {
    ...testConfig(opts.phone ? { TWILIO_AUTH_TOKEN: TEST_TWILIO_TOKEN, PUBLIC_BASE_URL: url } : {}),
    publicBaseUrl: url,
  };
  const recordingsDir = opts.phone ? await mkdtemp(join(tmpdir(), 'prosaas-e2e-recordings-')) : null;
  const recordings = recordingsDir ? createRecordingStore(recordingsDir) : undefined;
  const callFeed = createCallFeed({ db, log });
  const liveCalls = createLiveCalls({ feed: callFeed });
  const standin = opts.phone
    ? await startRealtimeStandin({ vad: { eventDelayMs: 20 }, script: opts.phone.script })
    : null;
  let ended = 0;
  const phone = standin
    ? createPhone({
        config,
        db,
        log,
        realtime: { url: standin.url, apiKey: 'sk-test' },
        recordings,
        session: { upstream: { backoffMs: 10, connectTimeoutMs: 1000 }, live: liveCalls },
        onCallEnd: () => {
          ended++;
        },
      })
    : null;
  // WhatsApp on the stand-ins; a test scans the QR with `whatsapp.fake.scan`.
  const graph = await startGraphStandin();
  const fake = createFakeWhatsApp();
  const openAiRest: OpenAiRestStandin | null = opts.whatsappAssistant
    ? await startOpenAiRestStandin({
        apiKey: 'sk-test',
        script: { fallback: { content: opts.whatsappAssistant.reply } },
      })
    : null;
  const openAi = openAiRest ? createOpenAiClient({ baseUrl: openAiRest.baseUrl, apiKey: 'sk-test' }) : null;
  const mediaDir = openAi ? await mkdtemp(join(tmpdir(), 'prosaas-e2e-whatsapp-media-')) : null;
  const whatsapp = await createWhatsApp({
    config,
    db,
    log,
    socketFactory: fake.factory,
    graphBaseUrl: graph.baseUrl,
    ...(openAi && mediaDir
      ? {
          brain: createBrain({
            db,
            chat: {
              model: createChatModel({ client: openAi, timeoutMs: 5000 }),
              modelName: 'gpt-4o-mini',
              dateModelName: 'gpt-4o-mini',
            },
          }),
          transcriber: createOpenAiTranscriber({ client: openAi, model: 'gpt-4o-mini-transcribe' }),
          mediaStore: createMediaStore(mediaDir),
        }
      : {}),
  });
  const mail = await startSmtpStandin();
  const { app } = createApp({
    mailer: createSmtpMailer({ smtpUrl: mail.url, from: 'ProSaaS <no-reply@prosaas.test>' }),
    config,
    db,
    log,
    hasher: TEST_HASHER,
    tokens: createTokenService(config.jwt),
    throttle: createLoginThrottle(db),
    dashboardDir: join(import.meta.dir, '../../client/dist'),
    whatsapp,
    calls: phone?.webhook,
    recordings,
    callFeed,
    liveCalls,
  });
  if (phone)
    server.reload({
      fetch: (req, srv) => phone.stream.upgrade(req, srv as never) ?? app.fetch(req, srv),
      websocket: phone.stream.websocket as never,
    });
  else server.reload({ fetch: app.fetch });
  // Post-call analysis from the OpenAI REST stand-in, which reads it off the transcript.
  const openai = await startOpenAiRestStandin();
  const analysis = createCallAnalysisJob({
    db,
    log,
    client: createOpenAiClient({ baseUrl: openai.baseUrl, apiKey: 'sk-test' }),
    modelName: 'gpt-test',
  });
  // Jobs run as in production (notifications reach the open dashboard through them).
  const runner = createJobRunner({
    db,
    log,
    handlers: createJobHandlers({
      messaging: outboxMessaging,
      deliver: whatsapp.deliver,
      inbound: whatsapp.inbound,
      webhooks: webhookDeliverJob({ db, box: whatsapp.box, log, production: false }),
      analysis,
    }),
    backoff: opts.backoff,
  });
  await runner.start();
  const users = Object.fromEntries(
    Object.entries(DEMO_USERS).map(([role, u]) => [role, { email: u.email, password: DEMO_PASSWORD }]),
  ) as TestServer['users'];
  return {
    url,
    users,
    whatsapp: { graph, fake },
    mail,
    db,
    demoBusinessId,
    phone: phone
      ? {
          caller: (extra = {}) => ({
            baseUrl: url,
            publicBaseUrl: url,
            authToken: TEST_TWILIO_TOKEN,
            to: DEMO_BUSINESS.phone,
            ...extra,
          }),
          whenIdle: () => phone.stream.calls.whenIdle(10_000).then(() => {}),
          get ended() {
            return ended;
          },
        }
      : undefined,
    async stop() {
      if (phone) {
        phone.stream.calls.endAll('test over');
        await phone.stream.calls.whenIdle(5000);
      }
      await server.stop(true);
      await standin?.stop();
      if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
      await runner.stop();
      await openai.stop();
      await whatsapp.sessions.stopAll();
      await graph.stop();
      await fake.stop();
      await mail.stop();
      await openAiRest?.stop();
      if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
      await db.close();
    },
  };
}
