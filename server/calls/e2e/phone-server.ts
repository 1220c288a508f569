/**
 * End-to-end rig for the phone path: the real app (webhook mounted by `createApp`) and the
 * media-stream WebSocket on a real port, relaying to a Realtime stand-in, with the logs
 * captured. One database per test file (PGlite); a server and a stand-in per test.
 */
import type { Server } from 'bun';
import { businesses, businessPhoneNumbers } from '../../../db/schema';
import { createApp } from '../../app';
import { createLoginThrottle } from '../../auth/login-throttle';
import { createTokenService } from '../../auth/tokens';
import type { Database } from '../../db/database';
import { createLogger } from '../../lib/logger';
import { loadUlaw } from '../../standins/fixtures.ts';
import {
  type LoadedScript,
  type RealtimeStandin,
  type RealtimeStandinOptions,
  startRealtimeStandin,
} from '../../standins/realtime/index.ts';
import type { TwilioCallerOptions } from '../../standins/twilio-caller/index.ts';
import { TEST_HASHER, testConfig } from '../../test/harness';
import type { CallControl } from '../call-control.ts';
import type { CallSummary } from '../call-session-types.ts';
import { type CallFeed, createCallFeed } from '../live/call-feed.ts';
import { createLiveCalls, type LiveCalls } from '../live/live-calls.ts';
import { createPhone, type Phone, type PhoneOptions } from '../phone.ts';
import type { RecordingStore } from '../recording/store.ts';
import type { StreamSocketData } from '../twilio-stream.ts';

export const AUTH_TOKEN = 'twilio-auth-token-for-tests';
export const PUBLIC_BASE_URL = 'https://calls.example.test';
export const ACTIVE_NUMBER = '+97235550111';
export const SUSPENDED_NUMBER = '+97235550122';

/** Two businesses: one answering calls, one suspended. */
export async function seedPhoneBusinesses(db: Database): Promise<{ active: string; suspended: string }> {
  return db.withSystem(async (tx) => {
    const [a, s] = await tx
      .insert(businesses)
      .values([
        { name: 'מספרת בדיקה', status: 'active' },
        { name: 'עסק מושעה', status: 'suspended' },
      ])
      .returning({ id: businesses.id });
    if (!a || !s) throw new Error('businesses not created');
    await tx.insert(businessPhoneNumbers).values([
      { businessId: a.id, e164: ACTIVE_NUMBER },
      { businessId: s.id, e164: SUSPENDED_NUMBER },
    ]);
    return { active: a.id, suspended: s.id };
  });
}

/** A script whose turns are the first `ms` of real fixtures (short, so tests stay fast). */
export async function shortScript(turns: { audio: string; ms: number }[]): Promise<LoadedScript> {
  const loaded = await Promise.all(
    turns.map(async (t) => ({
      audio: (await loadUlaw(t.audio)).subarray(0, t.ms * 8),
      transcript: `${t.audio} (${t.ms} ms)`,
      functionCall: null,
      afterOutput: null,
    })),
  );
  const [greeting, ...rest] = loaded;
  return { loaded: true, greeting: greeting ?? null, turns: rest, fallback: rest.at(-1) ?? greeting ?? null };
}

export interface PhoneServer {
  url: string;
  phone: Phone;
  /** The calls in progress, as the dashboard's GET /api/calls/live and call stream see them. */
  liveCalls: LiveCalls;
  callFeed: CallFeed;
  standin: RealtimeStandin;
  logs: Array<Record<string, unknown>>;
  /** Summaries of calls whose record, recording and memory are written. */
  ended: CallSummary[];
  /** Options for a Twilio caller stand-in dialling this server. */
  caller(extra?: Partial<TwilioCallerOptions>): TwilioCallerOptions;
  stop(): Promise<void>;
}

export async function startPhoneServer(
  db: Database,
  opts: {
    standin?: RealtimeStandinOptions;
    session?: PhoneOptions['session'];
    recordings?: RecordingStore;
    control?: CallControl;
    brain?: PhoneOptions['brain'];
    warmStart?: boolean;
    warmIdleMs?: number;
    /** Twilio's REST API (the stand-in, with AUTH_TOKEN): calls are controlled through it, as configured in production. */
    rest?: { accountSid: string; baseUrl: string };
  } = {},
): Promise<PhoneServer> {
  const standin = await startRealtimeStandin({ vad: { eventDelayMs: 20 }, ...opts.standin });
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line)) });
  const config = testConfig({
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    ...(opts.rest
      ? { TWILIO_ACCOUNT_SID: opts.rest.accountSid, TWILIO_API_BASE_URL: opts.rest.baseUrl }
      : {}),
  });
  const ended: CallSummary[] = [];
  const callFeed = createCallFeed({ db, log });
  const liveCalls = createLiveCalls({ feed: callFeed });
  const phone = createPhone({
    config,
    db,
    log,
    realtime: { url: standin.url, apiKey: 'sk-test' },
    recordings: opts.recordings,
    control: opts.control,
    brain: opts.brain,
    warmStart: opts.warmStart,
    warmIdleMs: opts.warmIdleMs,
    session: { upstream: { backoffMs: 10, connectTimeoutMs: 1000 }, live: liveCalls, ...opts.session },
    onCallEnd: (s) => ended.push(s),
  });
  const { app } = createApp({
    config,
    db,
    log,
    hasher: TEST_HASHER,
    tokens: createTokenService(config.jwt),
    throttle: createLoginThrottle(db),
    calls: phone.webhook,
    callFeed,
    liveCalls,
    recordings: opts.recordings,
  });
  const server: Server<StreamSocketData> = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch(req, srv) {
      const stream = phone.stream.upgrade(req, srv);
      return stream === null ? app.fetch(req, srv) : stream;
    },
    websocket: phone.stream.websocket,
  });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    phone,
    liveCalls,
    callFeed,
    standin,
    logs,
    ended,
    caller: (extra = {}) => ({
      baseUrl: url,
      publicBaseUrl: PUBLIC_BASE_URL,
      authToken: AUTH_TOKEN,
      to: ACTIVE_NUMBER,
      ...extra,
    }),
    async stop() {
      phone.stream.calls.endAll('test over');
      await phone.stream.calls.whenIdle(5000); // records written before the database closes
      await server.stop(true);
      await standin.stop();
    },
  };
}
