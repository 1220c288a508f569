import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { callSettings } from '../../../db/schema';
import type { Database } from '../../db/database';
import { loadUlaw } from '../../standins/fixtures.ts';
import { heardMsBetween, startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import type { CallControl } from '../call-control.ts';
import { APOLOGY } from '../call-ending.ts';
import { CONTINUATION_NOTE } from '../transcript.ts';
import { type PhoneServer, seedPhoneBusinesses, startPhoneServer } from './phone-server.ts';
import { script } from './script-turns.ts';

let db: Database;
let ids: { active: string };
let server: PhoneServer | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  ids = await seedPhoneBusinesses(db);
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());
afterEach(async () => {
  await server?.stop();
  server = null;
});

const greetingThenReply = () =>
  script({ audio: { name: 'assistant-greeting', ms: 500 }, transcript: 'שלום, כאן העוזר' }, [], {
    audio: { name: 'assistant-offer', ms: 600 },
    transcript: 'יש מקום מחר',
  });

describe('when the Realtime session goes away', () => {
  test('a session dropped mid-call is replaced, with the conversation so far, and the call goes on', async () => {
    server = await startPhoneServer(db, {
      standin: { script: await greetingThenReply(), failures: { dropAfterMs: 900, dropConnections: 1 } },
      session: { upstreamVad: { silenceDurationMs: 200 } },
    });
    const speech = (await loadUlaw('caller-booking')).subarray(0, 900 * 8);
    const caller = await startTwilioCaller(server.caller({ actions: [{ atMs: 1300, say: speech }] }));
    await waitUntil(() => heardMsBetween(caller.report().heard, 2200, 1e9) >= 400, 'a reply after the drop', {
      timeoutMs: 5000,
    });
    await caller.hangup();
    await waitUntil(() => server?.ended.length === 1, 'the call record');

    const [first, second] = server.standin.sessions;
    expect(server.standin.sessions).toHaveLength(2);
    expect(first?.closedAt).not.toBeNull();
    // The new session knows it continues a call, and what was said in it.
    expect(second?.session.instructions).toContain(CONTINUATION_NOTE);
    const items = (second?.received ?? []).filter((e) => e.type === 'conversation.item.create');
    expect(JSON.stringify(items)).toContain('שלום, כאן העוזר');
    // The caller's speech after the drop reached the new session, and it answered.
    expect(second?.appendedAudioBytes ?? 0).toBeGreaterThan(900 * 8);
    // Upstream commits the turn; the relay asks for the response (server VAD creates none).
    expect(second?.responses.some((r) => r.trigger === 'response.create' && r.audioBytes > 0)).toBe(true);
    expect(server.ended[0]).toMatchObject({
      reason: 'caller hung up',
      upstreamSessions: 2,
      upstreamReconnects: 1,
    });
  });

  test('a session is replaced before the service ends it at its time limit, at a quiet moment', async () => {
    server = await startPhoneServer(db, {
      standin: { script: await greetingThenReply(), failures: { maxSessionMs: 1300 } },
      session: { sessionLimitMs: 1200 },
    });
    const caller = await startTwilioCaller(server.caller());
    await waitUntil(() => (server?.standin.sessions.length ?? 0) >= 2, 'a second session', {
      timeoutMs: 3000,
    });
    await Bun.sleep(100);
    expect(caller.report().closed).toBeNull(); // the call was not cut
    await caller.hangup();
    await waitUntil(() => server?.ended.length === 1, 'the call record');

    const [first] = server.standin.sessions;
    // Closed by us, before the service's limit: no session_expired error ever reached the call.
    expect(first?.errors.map((e) => e.code)).not.toContain('session_expired');
    expect((first?.closedAt ?? 0) - (first?.openedAt ?? 0)).toBeLessThan(1300);
    expect(server.standin.sessions[1]?.appendedAudioBytes ?? 0).toBeGreaterThan(0); // audio kept flowing
    expect(server.ended[0]).toMatchObject({
      reason: 'caller hung up',
      upstreamRotations: 1,
      upstreamReconnects: 0,
    });
  });

  test('when no new session can be had, the caller hears an apology and the call ends', async () => {
    const said: string[] = [];
    const control: CallControl = {
      hangUp: async () => 'ended',
      async sayAndHangUp(_sid, text) {
        said.push(text);
        return 'ended';
      },
      redirect: async () => {},
    };
    server = await startPhoneServer(db, {
      control,
      standin: { script: await greetingThenReply() },
      session: { upstream: { backoffMs: 10, connectTimeoutMs: 300, attempts: 2 } },
    });
    const caller = await startTwilioCaller(server.caller());
    await waitUntil(() => caller.report().heardAudio.length >= 500 * 8, 'the greeting heard');
    await server.standin.stop(); // the service is gone: the session drops, reconnecting fails
    await waitUntil(() => caller.report().closed !== null, 'the call ended', { timeoutMs: 3000 });
    await waitUntil(() => server?.ended.length === 1, 'the call record');
    expect(said).toEqual([APOLOGY]);
    expect(caller.report().closed?.code).toBe(1011);
    expect(server.ended[0]?.reason).toMatch(/^realtime unavailable after 2 attempts/);
  });
});

describe('per-business VAD settings', () => {
  test('a stored VAD threshold applies to the next call: set very high, talking over the greeting is no barge-in', async () => {
    const talkOver = async () => {
      server = await startPhoneServer(db, {
        standin: { script: await script({ audio: { name: 'assistant-greeting', ms: 1600 } }) },
      });
      const caller = await startTwilioCaller(
        server.caller({ actions: [{ atMs: 300, say: 'caller-interrupt' }] }),
      );
      await waitUntil(() => caller.nowMs() > 1900, 'the greeting would have ended', { timeoutMs: 4000 });
      // A busy machine may start the greeting late: give it time to play out if it was not cut.
      await waitUntil(
        () => caller.report().heardAudio.length >= 1600 * 8 || caller.nowMs() > 3500,
        'the greeting played out or cut',
        { timeoutMs: 5000 },
      );
      const report = await caller.hangup();
      await server.stop();
      server = null;
      return report;
    };
    // With the measured defaults, the caller interrupts the greeting...
    expect((await talkOver()).clears.length).toBeGreaterThanOrEqual(1);
    // ...with a 40 dB threshold and 30 dB more while the assistant talks stored for the
    // business, the same words do not even pause it.
    await db.withTenant(ids.active, (tx) =>
      tx
        .insert(callSettings)
        .values({ businessId: ids.active, vad: { thresholdDb: 40, assistantExtraDb: 30 } }),
    );
    const report = await talkOver();
    expect(report.clears).toEqual([]);
    expect(report.heardAudio.length).toBe(1600 * 8);
  });
});
