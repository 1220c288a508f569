import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { PHONE_TRANSCRIPTION_HINT } from '../../agent/hebrew-numbers';
import type { Database } from '../../db/database';
import { startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import { type PhoneServer, seedPhoneBusinesses, shortScript, startPhoneServer } from './phone-server.ts';

let db: Database;
let ids: { active: string; suspended: string };
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

describe('answering a call', () => {
  test('the caller hears the greeting, paced in real time, and hang-up closes the upstream session', async () => {
    const script = await shortScript([{ audio: 'assistant-greeting', ms: 1200 }]);
    server = await startPhoneServer(db, { standin: { script } });
    const caller = await startTwilioCaller(server.caller());
    expect(caller.report().stream?.customParameters.businessId).toBe(ids.active);
    await waitUntil(() => caller.report().heardAudio.length >= 1200 * 8, 'the whole greeting heard', {
      timeoutMs: 4000,
    });
    const report = await caller.hangup();

    // Exactly the greeting's audio, in one unbroken stretch, starting soon after the call.
    expect(Buffer.from(report.heardAudio).equals(Buffer.from(script.greeting?.audio ?? []))).toBe(true);
    expect(report.heard).toHaveLength(1);
    expect(report.heard[0]?.startMs ?? 1e9).toBeLessThan(500);
    expect(report.errors).toEqual([]);
    expect(report.clears).toEqual([]);
    // Paced: marks arrive as it plays, never far ahead of playback. Sent all at once, the last
    // marks would wait at the phone for most of the greeting; paced, each waits a fraction of it
    // (the pacer's lead), however slow this machine is.
    expect(report.marks.length).toBeGreaterThanOrEqual(12);
    const greetingMs = (script.greeting?.audio?.length ?? 0) / 8;
    for (const m of report.marks)
      expect((m.echoedAtMs ?? 0) - m.receivedAtMs).toBeLessThanOrEqual(greetingMs / 2);

    const session = server.standin.sessions[0];
    expect(server.standin.sessions).toHaveLength(1);
    expect(session?.session.audio?.input?.format?.type).toBe('audio/pcmu');
    expect(session?.session.audio?.output?.format?.type).toBe('audio/pcmu');
    expect(session?.session.audio?.output?.voice).toBe('cedar');
    // Hebrew transcription, hinted to write dictated phone numbers as digits.
    expect(session?.session.audio?.input?.transcription).toMatchObject({
      language: 'he',
      prompt: PHONE_TRANSCRIPTION_HINT,
    });
    expect(session?.session.instructions).toContain('מספרת בדיקה');
    // The caller's audio reached upstream byte for byte (silence here), frame by frame.
    expect(session?.appendedAudioBytes).toBeGreaterThanOrEqual((report.framesSent - 2) * 160);
    await waitUntil(() => (session?.closedAt ?? null) !== null, 'the upstream session closed');
    await waitUntil(() => server?.ended.length === 1, 'the call summary');
    expect(server.ended[0]).toMatchObject({ reason: 'caller hung up', malformed: 0, bargeIns: 0 });
    expect(server.phone.stream.calls.size).toBe(0);
  });
});
