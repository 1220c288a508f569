/**
 * A real server on a random port for browser and WebSocket tests: a fresh test database
 * with the demo business and its users (one of every role), the built dashboard, the API.
 */
import { join } from 'node:path';
import { createApp } from '../app';
import { createLoginThrottle } from '../auth/login-throttle';
import type { Role } from '../auth/permissions';
import { createTokenService } from '../auth/tokens';
import type { Database } from '../db/database';
import { DEMO_PASSWORD, DEMO_USERS, seed } from '../demo/seed';
import { createJobHandlers } from '../jobs/handlers';
import { createJobRunner } from '../jobs/runner';
import { createLogger } from '../lib/logger';
import { outboxMessaging } from '../reminders/messaging';
import { createFakeWhatsApp, type FakeWhatsApp } from '../standins/baileys/fake-whatsapp';
import { type GraphStandin, startGraphStandin } from '../standins/graph/index';
import { createWhatsApp } from '../whatsapp/module';
import { createTestDatabase } from './database';
import { TEST_HASHER, testConfig } from './harness';

export interface TestServer {
  url: string;
  stop(): Promise<void>;
  users: Record<Role, { email: string; password: string }>;
  /** The WhatsApp stand-ins: register a Meta number, scan a QR, watch what was sent. */
  whatsapp: { graph: GraphStandin; fake: FakeWhatsApp };
  /** The server's database and its demo business, to queue what a test needs. */
  db: Database;
  demoBusinessId: string;
}

export async function startTestServer(): Promise<TestServer> {
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
  const config = { ...testConfig(), publicBaseUrl: url };
  // WhatsApp on the stand-ins; a test scans the QR with `whatsapp.fake.scan`.
  const graph = await startGraphStandin();
  const fake = createFakeWhatsApp();
  const whatsapp = await createWhatsApp({
    config,
    db,
    log,
    socketFactory: fake.factory,
    graphBaseUrl: graph.baseUrl,
  });
  const { app } = createApp({
    config,
    db,
    log,
    hasher: TEST_HASHER,
    tokens: createTokenService(config.jwt),
    throttle: createLoginThrottle(),
    dashboardDir: join(import.meta.dir, '../../client/dist'),
    whatsapp,
  });
  server.reload({ fetch: app.fetch });
  // Jobs run as in production (notifications reach the open dashboard through them).
  const runner = createJobRunner({
    db,
    log,
    handlers: createJobHandlers({ messaging: outboxMessaging, deliver: whatsapp.deliver }),
  });
  await runner.start();
  const users = Object.fromEntries(
    Object.entries(DEMO_USERS).map(([role, u]) => [role, { email: u.email, password: DEMO_PASSWORD }]),
  ) as TestServer['users'];
  return {
    url,
    users,
    whatsapp: { graph, fake },
    db,
    demoBusinessId,
    async stop() {
      await server.stop(true);
      await runner.stop();
      await whatsapp.sessions.stopAll();
      await graph.stop();
      await db.close();
    },
  };
}
