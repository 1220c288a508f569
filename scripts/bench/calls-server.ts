/**
 * The relay side of the calls benchmark: the real app and media stream on a port, with the
 * measurement probes attached (per-frame handling time, pacer timer lateness, send drops).
 */
import type { Server } from 'bun';
import { createApp } from '../../server/app';
import { createLoginThrottle } from '../../server/auth/login-throttle';
import { createTokenService } from '../../server/auth/tokens';
import type { Timers } from '../../server/calls/call-session-types.ts';
import {
  ACTIVE_NUMBER,
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  seedPhoneBusinesses,
} from '../../server/calls/e2e/phone-server.ts';
import { createPhone } from '../../server/calls/phone.ts';
import type { StreamSocketData } from '../../server/calls/twilio-stream.ts';
import { createLogger } from '../../server/lib/logger';
import { createTestDatabase } from '../../server/test/database';
import { TEST_HASHER, testConfig } from '../../server/test/harness';

export interface RelayProbes {
  inbound: number[];
  outbound: number[];
  lateness: number[];
  droppedSends: number;
}

export async function startRelayServer(realtimeUrl: string) {
  // PGlite in process by default; with DATABASE_URL, a fresh PostgreSQL database (as production).
  const db = await createTestDatabase({ poolSize: 20 });
  await seedPhoneBusinesses(db);
  const log = createLogger('warn');
  const config = testConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL });
  const probes: RelayProbes = { inbound: [], outbound: [], lateness: [], droppedSends: 0 };
  const pacerTimers: Timers = {
    setTimeout(fn, ms) {
      const due = performance.now() + ms;
      return setTimeout(() => {
        probes.lateness.push(performance.now() - due);
        fn();
      }, ms);
    },
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const phone = createPhone({
    config,
    db,
    log,
    realtime: { url: realtimeUrl, apiKey: 'sk-bench' },
    session: {
      pacerTimers,
      probe: { inbound: (ns) => probes.inbound.push(ns), outbound: (ns) => probes.outbound.push(ns) },
    },
    onCallEnd: (s) => {
      probes.droppedSends += s.droppedSends + s.upstreamDropped;
    },
  });
  const { app } = createApp({
    config,
    db,
    log,
    hasher: TEST_HASHER,
    tokens: createTokenService(config.jwt),
    throttle: createLoginThrottle(db),
    calls: phone.webhook,
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
  return {
    url: `http://127.0.0.1:${server.port}`,
    publicBaseUrl: PUBLIC_BASE_URL,
    authToken: AUTH_TOKEN,
    number: ACTIVE_NUMBER,
    probes,
    live: () => phone.stream.calls.size,
    async stop() {
      await phone.stream.calls.whenIdle(5000);
      await server.stop(true);
      await db.close();
    },
  };
}
