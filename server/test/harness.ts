/**
 * Builds the real app on a fresh test database with two businesses and a user of every
 * role in each, and logs users in through the real login route.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Brain } from '../agent/brain';
import { createApp } from '../app';
import { createLoginThrottle, type ThrottleLimits } from '../auth/login-throttle';
import { mailerFor } from '../auth/mailer';
import { createPasswordHasher } from '../auth/passwords';
import type { Role } from '../auth/permissions';
import { createTokenService } from '../auth/tokens';
import { createBusiness } from '../businesses/service';
import type { RecordingStore } from '../calls/recording/store';
import { loadConfig } from '../config';
import type { Database } from '../db/database';
import type { RateLimit } from '../integrations/rate-limit';
import { createLogger } from '../lib/logger';
import { createFakeWhatsApp, type FakeWhatsApp } from '../standins/baileys/fake-whatsapp';
import { type GraphStandin, startGraphStandin } from '../standins/graph/index';
import { createUser } from '../users/service';
import type { Transcriber } from '../whatsapp/media/pipeline';
import { createMediaStore } from '../whatsapp/media/store';
import { createWhatsApp, type WhatsApp } from '../whatsapp/module';
import { createTestDatabase } from './database';

export const TEST_PASSWORD = 'Correct-Horse-Battery-9';
export const TEST_ORIGIN = 'http://localhost:3000';
/** Signs the Meta webhooks tests POST (the Graph stand-in's customerSends). */
export const TEST_META_APP_SECRET = 'test-meta-app-secret';
/** Cheap argon2id so the suite stays fast; production uses DEFAULT_HASH_COST. */
export const TEST_HASHER = createPasswordHasher({ memoryCost: 256, timeCost: 1 });

export interface TenantFixture {
  id: string;
  phone: string;
  users: Record<Exclude<Role, 'system_admin'>, { id: string; email: string }>;
}

export interface Harness {
  db: Database;
  app: ReturnType<typeof createApp>['app'];
  routes: ReturnType<typeof createApp>['routes'];
  sysadmin: { id: string; email: string };
  a: TenantFixture;
  b: TenantFixture;
  /** WhatsApp as production wires it, on the stand-ins: a fake WhatsApp Web and a Graph API server. */
  whatsapp: WhatsApp & { fake: FakeWhatsApp; graph: GraphStandin };
  /** Logs in through POST /api/auth/login and returns the Cookie header value. */
  login(email: string, password?: string): Promise<string>;
  /** A JSON request with the session cookie and a same-origin Origin header. */
  request(method: string, path: string, opts?: { cookie?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: TEST_ORIGIN,
    JWT_SECRET: 'test-secret-that-is-long-enough-to-be-accepted-0123456789',
    SECRETS_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    TWILIO_AUTH_TOKEN: 'test-twilio-auth-token',
    META_APP_SECRET: TEST_META_APP_SECRET,
    META_WEBHOOK_VERIFY_TOKEN: 'test-meta-verify-token',
    ...overrides,
  });
}

export async function createHarness(
  opts: {
    poolSize?: number;
    throttle?: ThrottleLimits;
    now?: () => number;
    dashboardDir?: string;
    /** Where call recordings are read from (a temporary folder in tests that serve them). */
    recordings?: RecordingStore;
    /** Answers customers' WhatsApp messages (whatsapp.inbound); a test builds one on the OpenAI stand-in. */
    brain?: (db: Database) => Pick<Brain, 'replyToText'>;
    /** Requests per API key. */
    apiKeyLimit?: RateLimit;
    /** Transcribes WhatsApp voice notes (a test builds one on the OpenAI stand-in). */
    transcriber?: Transcriber;
    /**
     * An already open database to build on (the data bench's kept one); the fixtures are
     * created once and found again on the next run.
     */
    database?: Database;
    /** Reset mail through SMTP (a test's SMTP stand-in); default: the log, as in development. */
    smtpUrl?: string;
    /** No mailer at all, as in production without SMTP_URL. */
    noMail?: boolean;
  } = {},
): Promise<Harness> {
  const config = testConfig(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {});
  const db = opts.database ?? (await createTestDatabase({ poolSize: opts.poolSize }));
  const log = createLogger('silent');
  const fake = createFakeWhatsApp();
  const graph = await startGraphStandin();
  const mediaDir = await mkdtemp(join(tmpdir(), 'prosaas-whatsapp-media-'));
  const whatsapp = {
    ...(await createWhatsApp({
      config,
      db,
      log,
      socketFactory: fake.factory,
      graphBaseUrl: graph.baseUrl,
      brain: opts.brain?.(db),
      transcriber: opts.transcriber,
      mediaStore: createMediaStore(mediaDir),
    })),
    fake,
    graph,
  };
  const { app, routes } = createApp({
    config,
    db,
    log,
    hasher: TEST_HASHER,
    tokens: createTokenService(config.jwt, opts.now),
    throttle: createLoginThrottle(db, opts.throttle, opts.now),
    dashboardDir: opts.dashboardDir,
    recordings: opts.recordings,
    whatsapp,
    apiKeyLimit: opts.apiKeyLimit,
    mailer: opts.noMail ? undefined : mailerFor(config.mail, config, log),
  });

  const sysadminEmail = 'root@prosaas.test';
  const found = opts.database ? await existingFixtures(db, sysadminEmail) : undefined;
  const { root, a, b } = found ?? (await createFixtures(db, sysadminEmail));

  const request: Harness['request'] = (method, path, o = {}) => {
    const headers: Record<string, string> = { origin: TEST_ORIGIN };
    if (o.cookie) headers.cookie = o.cookie;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    return Promise.resolve(
      app.request(`${TEST_ORIGIN}${path}`, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      }),
    );
  };
  const login: Harness['login'] = async (email, password = TEST_PASSWORD) => {
    const res = await request('POST', '/api/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
    const set = res.headers.get('set-cookie') ?? '';
    return set.split(';')[0] ?? '';
  };
  return {
    db,
    app,
    routes,
    sysadmin: { id: root.id, email: sysadminEmail },
    a,
    b,
    whatsapp,
    login,
    request,
    async close() {
      await whatsapp.sessions.stopAll();
      await graph.stop();
      await fake.stop();
      await db.close();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

async function createFixtures(db: Database, sysadminEmail: string) {
  const passwordHash = await TEST_HASHER.hash(TEST_PASSWORD);
  const { users } = await import('../../db/schema');
  const [root] = await db.withSystem((tx) =>
    tx
      .insert(users)
      .values({ email: sysadminEmail, name: 'Root', passwordHash, role: 'system_admin' })
      .returning(),
  );
  if (!root) throw new Error('no sysadmin');
  const actor = {
    userId: root.id,
    email: root.email,
    name: root.name,
    role: 'system_admin' as const,
    businessId: null,
    ip: '127.0.0.1',
    userAgent: 'test',
  };
  const ctx = { db, actor };
  const tenant = async (label: string, phone: string): Promise<TenantFixture> => {
    const biz = await createBusiness(ctx, { name: `Business ${label}`, phoneNumbers: [phone] });
    const make = async (role: Exclude<Role, 'system_admin'>) => {
      const u = await createUser(
        ctx,
        { hasher: TEST_HASHER },
        {
          email: `${role}@${label}.test`,
          password: TEST_PASSWORD,
          name: `${role} ${label}`,
          role,
          businessId: biz.id,
        },
      );
      return { id: u.id, email: u.email };
    };
    return {
      id: biz.id,
      phone,
      users: { owner: await make('owner'), admin: await make('admin'), agent: await make('agent') },
    };
  };
  const a = await tenant('a', '+97235550111');
  const b = await tenant('b', '+97235550122');
  return { root: { id: root.id }, a, b };
}

/** The fixtures createFixtures made in this database on an earlier run, if any. */
async function existingFixtures(db: Database, sysadminEmail: string) {
  const { businesses, users } = await import('../../db/schema');
  const { eq, inArray } = await import('drizzle-orm');
  return db.withSystem(async (tx) => {
    const [root] = await tx.select({ id: users.id }).from(users).where(eq(users.email, sysadminEmail));
    if (!root) return undefined;
    const tenant = async (label: string, phone: string): Promise<TenantFixture> => {
      const [biz] = await tx
        .select({ id: businesses.id })
        .from(businesses)
        .where(eq(businesses.name, `Business ${label}`));
      if (!biz) throw new Error(`no Business ${label} beside an existing sysadmin`);
      const rows = await tx
        .select({ id: users.id, email: users.email, role: users.role })
        .from(users)
        .where(
          inArray(
            users.email,
            ['owner', 'admin', 'agent'].map((r) => `${r}@${label}.test`),
          ),
        );
      const of = (role: string) => {
        const u = rows.find((r) => r.role === role);
        if (!u) throw new Error(`no ${role}@${label}.test`);
        return { id: u.id, email: u.email };
      };
      return { id: biz.id, phone, users: { owner: of('owner'), admin: of('admin'), agent: of('agent') } };
    };
    return { root, a: await tenant('a', '+97235550111'), b: await tenant('b', '+97235550122') };
  });
}
