import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/database';
import { startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import { type PhoneServer, seedPhoneBusinesses, shortScript, startPhoneServer } from './phone-server.ts';

let db: Database;
let server: PhoneServer | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedPhoneBusinesses(db);
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());
afterEach(async () => {
  await server?.stop();
  server = null;
});

const types = (s: PhoneServer, i = 0) => (s.standin.sessions[i]?.received ?? []).map((e) => e.type);

describe('warm start', () => {
  test('the webhook opens the upstream session with its session.update, and the call adopts it', async () => {
    const script = await shortScript([{ audio: 'assistant-greeting', ms: 800 }]);
    server = await startPhoneServer(db, { standin: { script } });
    const caller = await startTwilioCaller(server.caller());
    await waitUntil(() => caller.report().heardAudio.length >= 800 * 8, 'the greeting heard', {
      timeoutMs: 5000,
    });
    await caller.hangup();
    await waitUntil(() => server?.ended.length === 1, 'the call summary');

    // One session for the call: the one the webhook opened, configured once, then the greeting.
    expect(server.standin.sessions).toHaveLength(1);
    const sent = types(server).filter((t) => t !== 'input_audio_buffer.append');
    expect(sent.slice(0, 2)).toEqual(['session.update', 'response.create']);
    expect(sent.filter((t) => t === 'session.update')).toHaveLength(1);
    expect(server.standin.sessions[0]?.session.instructions).toContain('מספרת בדיקה');
    const summary = server.ended[0];
    expect(summary?.warmStart).toBe(1);
    expect(summary?.webhookToStartMs ?? -1).toBeGreaterThanOrEqual(0);
    expect(summary?.webhookToReadyMs ?? -1).toBeGreaterThanOrEqual(0);
    expect(server.phone.warm?.stats).toMatchObject({ opened: 1, adopted: 1, expired: 0 });
    expect(server.phone.warm?.waiting).toBe(0);
  });

  test('a session whose stream never comes is closed after a few seconds', async () => {
    server = await startPhoneServer(db, {
      standin: { script: await shortScript([{ audio: 'assistant-greeting', ms: 300 }]) },
      warmIdleMs: 300,
    });
    await startTwilioCaller(server.caller({ streamUnreachable: true }));
    await waitUntil(() => server?.standin.sessions.length === 1, 'the warm session opened');
    await waitUntil(
      () => (server?.standin.sessions[0]?.closedAt ?? null) !== null,
      'the unused session closed',
      {
        timeoutMs: 5000,
      },
    );
    expect(types(server)).toEqual(['session.update']);
    expect(server.phone.warm?.stats).toMatchObject({ opened: 1, adopted: 0, expired: 1 });
    expect(server.phone.warm?.waiting).toBe(0);
  });

  test('without the warm start, the call opens its own session on start', async () => {
    const script = await shortScript([{ audio: 'assistant-greeting', ms: 500 }]);
    server = await startPhoneServer(db, { standin: { script }, warmStart: false });
    const caller = await startTwilioCaller(server.caller());
    await waitUntil(() => caller.report().heardAudio.length >= 500 * 8, 'the greeting heard', {
      timeoutMs: 5000,
    });
    await caller.hangup();
    await waitUntil(() => server?.ended.length === 1, 'the call summary');
    expect(server.phone.warm).toBeNull();
    expect(server.ended[0]?.warmStart).toBe(0);
    expect(
      types(server)
        .filter((t) => t !== 'input_audio_buffer.append')
        .slice(0, 2),
    ).toEqual(['session.update', 'response.create']);
  });
});
