import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/database';
import { loadUlaw } from '../../standins/fixtures.ts';
import { heardMsBetween, startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
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

/** Pause marks every 100 ms of audio; the echo of the last one may still be on its way. */
const MARK_INTERVAL_MS = 100;
const ECHO_SLACK_MS = 40;
/**
 * How far past what the caller heard a truncation may reach: the relay's heard point runs on the
 * playback clock between echoed marks, and the stand-in caller's own playback timer can fire a
 * few ms late when the machine is busy (4 ms seen in CI). The product's bound is 20 ms (issue 9).
 */
const HEARD_TOLERANCE_MS = 20;

/**
 * `heard` is `sent` played in full: every 20 ms of it appears, in order, allowing stretches
 * heard twice around a rewind.
 */
function heardInFull(heard: Uint8Array, sent: Uint8Array): boolean {
  const h = Buffer.from(heard);
  let from = 0;
  for (let o = 0; o + 160 <= sent.length; o += 160) {
    const at = h.indexOf(Buffer.from(sent.subarray(o, o + 160)), Math.max(0, from - 400 * 8));
    if (at < 0) return false;
    from = at + 160;
  }
  return true;
}

/** The audio items upstream produced, in order (from the stand-in's record). */
function assistantItems(server: PhoneServer): string[] {
  const sent = server.standin.sessions[0]?.sent ?? [];
  return sent.flatMap((e) => (e.type === 'response.output_item.added' && e.item.id ? [e.item.id] : []));
}

describe('barge-in', () => {
  test('the caller talking over the greeting stops it, and upstream keeps only what was heard', async () => {
    const script = await shortScript([{ audio: 'assistant-greeting', ms: 3000 }]);
    server = await startPhoneServer(db, { standin: { script } });
    const speakAt = 600;
    const caller = await startTwilioCaller(
      server.caller({ actions: [{ atMs: speakAt, say: 'caller-interrupt' }] }),
    );
    const record = () => server?.standin.sessions[0];
    await waitUntil(() => (record()?.truncations.length ?? 0) > 0, 'a truncate', { timeoutMs: 6000 });
    await waitUntil(() => caller.nowMs() > 3200, 'the greeting would have ended');
    const report = await caller.hangup();

    // The caller heard the greeting up to the barge-in, then nothing more of it. "רגע... רגע":
    // short words with gaps. Each onset stops the greeting at once (a soft clear); a gap longer
    // than the continuation wait lets it resume until the words add up to a barge-in. The last
    // clear came while the caller was still talking, and nothing of the greeting played after it.
    const spoken = (await loadUlaw('caller-interrupt')).length / 8;
    const lastClear = report.clears.at(-1) ?? Number.POSITIVE_INFINITY;
    expect(lastClear).toBeGreaterThan(speakAt);
    expect(lastClear).toBeLessThan(speakAt + spoken);
    expect(heardMsBetween(report.heard, lastClear, 3200)).toBe(0);

    // Truncated at what the caller heard, by echoed marks and the playback clock: not beyond it by
    // more than the tolerance, at most a mark behind.
    const heardMs = report.heardAudio.length / 8;
    const [truncate] = record()?.truncations ?? [];
    expect(truncate?.itemId).toBe(assistantItems(server)[0] as string);
    expect(truncate?.accepted).toBe(true);
    expect(truncate?.audioEndMs ?? 1e9).toBeLessThanOrEqual(heardMs + HEARD_TOLERANCE_MS);
    expect(truncate?.audioEndMs ?? 0).toBeGreaterThanOrEqual(heardMs - MARK_INTERVAL_MS - ECHO_SLACK_MS);
    expect(record()?.errors).toEqual([]);
    await waitUntil(() => server?.ended.length === 1, 'the call summary');
    expect(server.ended[0]).toMatchObject({ bargeIns: 1, truncates: 1 });
  });

  for (const noise of ['line-noise', 'cough'] as const) {
    test(`no barge-in on ${noise} while the assistant talks`, async () => {
      const script = await shortScript([{ audio: 'assistant-greeting', ms: 2000 }]);
      server = await startPhoneServer(db, { standin: { script } });
      const sound = (await loadUlaw(noise)).subarray(0, 1500 * 8);
      const caller = await startTwilioCaller(server.caller({ actions: [{ atMs: 200, say: sound }] }));
      const greeting = script.greeting?.audio ?? new Uint8Array();
      await waitUntil(() => heardInFull(caller.report().heardAudio, greeting), 'the whole greeting heard', {
        timeoutMs: 4000,
      });
      const report = await caller.hangup();
      // A soft pause (Twilio cleared, rewound to the heard point) may come and go; the caller
      // still hears every byte of the greeting, in order, at most a few ms twice.
      expect(heardInFull(report.heardAudio, greeting)).toBe(true);
      expect(report.heardAudio.length - 2000 * 8).toBeLessThanOrEqual(40 * 8);
      expect(server.standin.sessions[0]?.truncations).toEqual([]);
      expect(server.standin.sessions[0]?.cancels).toEqual([]);
    });
  }

  test('an interruption right after an uninterrupted reply truncates the new reply, not a stale one', async () => {
    const script = await shortScript([
      { audio: 'assistant-greeting', ms: 600 },
      { audio: 'assistant-greeting', ms: 2500 },
    ]);
    server = await startPhoneServer(db, {
      standin: { script },
      session: { upstreamVad: { silenceDurationMs: 200 } },
    });
    const caller = await startTwilioCaller(
      server.caller({
        actions: [
          { atMs: 1000, say: 'backchannel-ken' }, // after the greeting: answered with the second reply
          { atMs: 2500, say: 'caller-interrupt' },
        ],
      }),
    );
    const record = () => server?.standin.sessions[0];
    await waitUntil(() => (record()?.truncations.length ?? 0) > 0, 'a truncate', { timeoutMs: 4000 });
    const report = await caller.hangup();

    const [greeting, reply] = assistantItems(server);
    expect(record()?.truncations).toHaveLength(1);
    const [truncate] = record()?.truncations ?? [];
    expect(truncate?.itemId).toBe(reply as string);
    expect(truncate?.itemId).not.toBe(greeting as string);
    // What was heard of the reply: everything heard minus the greeting, heard in full before.
    const heardOfReply = report.heardAudio.length / 8 - 600;
    expect(heardOfReply).toBeGreaterThan(300);
    expect(truncate?.accepted).toBe(true);
    expect(truncate?.audioEndMs ?? 1e9).toBeLessThanOrEqual(heardOfReply + HEARD_TOLERANCE_MS);
    expect(truncate?.audioEndMs ?? 0).toBeGreaterThanOrEqual(heardOfReply - MARK_INTERVAL_MS - ECHO_SLACK_MS);
  });

  test('a barge-in before the first frame played deletes the item instead of truncating it', async () => {
    const script = await shortScript([{ audio: 'assistant-greeting', ms: 3000 }]);
    server = await startPhoneServer(db, {
      standin: { script, pacing: { firstAudioDelayMs: 150 } },
      session: { speech: { confirmMs: 600 } },
    });
    const caller = await startTwilioCaller(server.caller({ actions: [{ atMs: 0, say: 'caller-booking' }] }));
    const record = () => server?.standin.sessions[0];
    await waitUntil(() => (record()?.deletions.length ?? 0) > 0, 'a delete', { timeoutMs: 3000 });
    await Bun.sleep(300);
    const report = await caller.hangup();

    expect(record()?.deletions).toEqual([{ itemId: assistantItems(server)[0] as string, accepted: true }]);
    expect(record()?.truncations).toEqual([]);
    expect(record()?.cancels[0]?.wasActive).toBe(true);
    expect(report.heardAudio.length).toBe(0);
  });
});
