/**
 * The composition root: the only place that reads the configuration, opens the
 * database, builds the clients and starts listening.
 */
import { join } from 'node:path';
import { createBrainFromConfig } from './agent/setup';
import { createOpenAiClient } from './agent/text/model';
import { createApp } from './app';
import { createLoginThrottle } from './auth/login-throttle';
import { mailerFor } from './auth/mailer';
import { createPasswordHasher } from './auth/passwords';
import { createTokenService } from './auth/tokens';
import { createCallAnalysisJob } from './calls/analysis/setup';
import { loadNeuralVad } from './calls/audio/silero';
import { createCallFeed } from './calls/live/call-feed';
import { createLiveCalls } from './calls/live/live-calls';
import { createLiveShare } from './calls/live/live-share';
import { createPhone } from './calls/phone';
import { recordingStoreFor } from './calls/recording/open-store';
import { recordingRetentionHandler } from './calls/recording/retention';
import { ConfigError, loadConfig } from './config';
import { openDatabase, pgliteDir } from './db/database';
import { DEMO_BUSINESS, demoBanner, seed } from './demo/seed';
import { linkDemoWhatsApp, registerMetaChannels } from './demo/whatsapp';
import { webhookDeliverJob } from './integrations/deliver';
import { dailyJob } from './jobs/daily';
import { createJobHandlers, RECORDING_RETENTION_JOB } from './jobs/handlers';
import { createJobRunner } from './jobs/runner';
import { installLastResort } from './lib/last-resort';
import { createLogger } from './lib/logger';
import { startWorkers, watchParent } from './lib/workers';
import { outboxMessaging } from './reminders/messaging';
import { retentionJobs } from './retention/retention';
import { checkAtStartOrExit, openedOrExit } from './startup-checks';
import { createOpenAiTranscriber } from './whatsapp/media/transcriber';
import { createWhatsApp } from './whatsapp/module';

function configOrExit() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

const config = configOrExit();
// With WORKERS, this process is one of several on the port (0 starts the others).
const primary = config.workerIndex === 0;
const log =
  config.workers > 1
    ? createLogger(config.logLevel).child({ worker: config.workerIndex })
    : createLogger(config.logLevel);
// Nothing that escapes (a driver's timer, a forgotten promise) ends the process and its calls.
installLastResort(log);
// Everything the server must write is proven writable now, not at the first call.
const recordings = recordingStoreFor(config.recordings, log);
await checkAtStartOrExit({ RECORDINGS_URL: () => recordings.check() });
const db = await openedOrExit('DATABASE_URL', () =>
  openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : pgliteDir(config.dataDir),
    poolSize: config.databasePoolSize,
  }),
);
log.info({ database: db.kind }, 'database ready, migrations applied');

const hasher = createPasswordHasher();
// The first process seeds, before it starts the others.
const { demoCreated, demoBusinessId } = primary
  ? await seed({ db, hasher, log, admin: config.admin, demo: config.demoData })
  : { demoCreated: false, demoBusinessId: undefined };

// Development without an OpenAI key: calls are answered by the local Realtime stand-in.
const standin = config.realtimeStandin
  ? await (await import('./standins/realtime/index')).startRealtimeStandin({ keepInputAudio: false })
  : null;
if (standin) log.info({ url: standin.url }, 'realtime stand-in started: calls are answered from its script');
else if (!config.realtime.apiKey)
  log.warn('OPENAI_API_KEY is not set: calls will fail to reach the Realtime API');
// The assistant's brain, shared by calls and WhatsApp; with the Realtime stand-in, its REST twin.
const restStandin = standin
  ? await (await import('./standins/openai-rest/index')).startOpenAiRestStandin()
  : null;
const brain = createBrainFromConfig({
  config,
  db,
  log,
  standin: restStandin ? { baseUrl: restStandin.baseUrl, apiKey: 'stand-in' } : undefined,
});
// Silero, batched across every live call (or the energy VAD alone if it cannot load).
const neuralVad = await loadNeuralVad({ log });
// What open dashboards hear of calls: row changes from every process, live calls from this one.
const callFeed = createCallFeed({ db, log });
// On PostgreSQL every process (WORKERS, machines) shows every call in progress.
const liveCalls = createLiveCalls({
  feed: callFeed,
  share: db.kind === 'postgres' ? createLiveShare({ db, log }) : undefined,
});
const phone = createPhone({
  config,
  db,
  brain,
  recordings,
  log,
  realtime: standin ? { url: standin.url, apiKey: 'stand-in' } : undefined,
  session: { neuralVad, live: liveCalls },
});

// Businesses' WhatsApp: Meta's Graph API and WhatsApp Web (Baileys) in production; in
// development, the Graph stand-in and a fake WhatsApp Web that pairs itself.
// Customers' messages reach the server straight from scripts/demo-whatsapp.ts, not through
// the stand-in, so it cannot know who wrote in the last 24 hours: it does not enforce it.
const graphStandin = config.whatsappStandin
  ? await (await import('./standins/graph/index')).startGraphStandin({ enforceCustomerWindow: false })
  : null;
const fakeWhatsApp = config.whatsappStandin
  ? (await import('./standins/baileys/fake-whatsapp')).createFakeWhatsApp({
      autoPair: { afterMs: 1000, phoneNumber: DEMO_BUSINESS.phone },
    })
  : null;
// One client for the REST calls made outside the assistant (transcription, post-call analysis).
const restClient = createOpenAiClient({
  baseUrl: restStandin?.baseUrl ?? config.openai.baseUrl,
  apiKey: restStandin ? 'stand-in' : (config.openai.apiKey ?? 'missing-openai-api-key'),
});
const whatsapp = await createWhatsApp({
  config,
  db,
  log,
  socketFactory: fakeWhatsApp?.factory ?? (await import('./whatsapp/baileys/socket')).baileysSocketFactory,
  graphBaseUrl: graphStandin?.baseUrl,
  brain,
  transcriber: createOpenAiTranscriber({ client: restClient, model: config.openai.transcribeModel }),
});
if (graphStandin)
  log.info({ url: graphStandin.baseUrl }, 'WhatsApp stand-ins started (Graph API, WhatsApp Web)');
await whatsapp.sessions.resumeAll();
if (graphStandin) {
  if (demoBusinessId) await linkDemoWhatsApp(db, whatsapp.box, graphStandin, demoBusinessId);
  else await registerMetaChannels(db, whatsapp.box, graphStandin);
}

const { app } = createApp({
  config,
  db,
  log,
  hasher,
  tokens: createTokenService(config.jwt),
  throttle: createLoginThrottle(db),
  dashboardDir: join(import.meta.dir, '../client/dist'),
  calls: phone.webhook,
  callFeed,
  liveCalls,
  recordings,
  whatsapp,
  mailer: mailerFor(config.mail, config, log.child({ component: 'mail' })),
});

// The durable job runner (event reactions, reminders, task-due notifications). Every
// process runs one; claims never overlap, so more processes only add capacity.
// Recordings older than the retention period are deleted daily, at 01:00 UTC.
const retention = dailyJob(RECORDING_RETENTION_JOB, recordingRetentionHandler({ store: recordings }), {
  hourUtc: 1,
});
// Finished jobs, long-read notifications and sent messages' payloads, daily at 02:00 UTC.
const dataRetention = retentionJobs(config.retention);
const runner = createJobRunner({
  db,
  log: log.child({ component: 'jobs' }),
  handlers: createJobHandlers({
    messaging: outboxMessaging,
    deliver: whatsapp.deliver,
    inbound: whatsapp.inbound,
    webhooks: webhookDeliverJob({ db, box: whatsapp.box, log, production: config.isProduction }),
    analysis: createCallAnalysisJob({ db, log, client: restClient, modelName: config.openai.chatModel }),
    extra: { [retention.kind]: retention.handler, ...dataRetention.handlers },
  }),
});
await retention.ensure(db, new Date());
await dataRetention.ensure(db, new Date());
await runner.start();

const server = Bun.serve({
  port: config.port,
  hostname: config.host,
  // The Twilio media stream is upgraded here, before Hono; everything else goes to the app.
  fetch(req, srv) {
    const stream = phone.stream.upgrade(req, srv); // undefined once upgraded, null when not the stream
    return stream === null ? app.fetch(req, srv) : stream;
  },
  websocket: phone.stream.websocket,
  // Several processes on one port: the kernel spreads connections between them.
  reusePort: config.workers > 1,
});
log.info(
  {
    url: `http://localhost:${server.port}`,
    publicBaseUrl: config.publicBaseUrl,
    recordings: recordings.where,
  },
  'listening',
);
if (demoCreated && !config.isProduction) console.log(demoBanner(`http://localhost:${server.port}`));
const workers = primary && config.workers > 1 ? startWorkers({ count: config.workers - 1, log }) : null;
if (workers) log.info({ workers: config.workers }, 'server workers started');
// A worker whose first process is gone (killed without a chance to stop it) drains on its own.
if (!primary) watchParent(() => void shutdown('parent gone'));

const CALL_DRAIN_MS = 280_000;
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(
    { signal, liveCalls: phone.stream.calls.size },
    'shutting down: finishing in-flight requests and calls',
  );
  const stopped = server.stop(false); // stops listening at once; open connections carry on
  const workersStopped = workers?.stop(CALL_DRAIN_MS + 15_000); // they drain their own calls meanwhile
  phone.warm?.closeAll(); // no stream can reach us any more to adopt them
  // Live calls get until just before the platform's kill timeout (fly.toml: 5 minutes).
  if (!(await phone.stream.calls.whenIdle(CALL_DRAIN_MS))) phone.stream.calls.endAll('server shutting down');
  await stopped;
  await runner.stop(); // finishes the job in hand; an unfinished claim is retried after its lease
  await whatsapp.sessions.stopAll();
  await graphStandin?.stop();
  await standin?.stop();
  await restStandin?.stop();
  await db.close();
  await workersStopped;
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
