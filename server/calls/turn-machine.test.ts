import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import type { CallEvent, TurnCommand } from './events.ts';
import { createTurnMachine, type TurnMachine } from './turn-machine.ts';
import { formatPlaybackMark } from './twilio-codec.ts';

const created = (responseId: string): CallEvent => ({ type: 'response_created', responseId });
const done = (responseId: string, status = 'completed'): CallEvent => ({
  type: 'response_done',
  responseId,
  status,
});
const item = (responseId: string, itemId: string, itemType = 'message'): CallEvent => ({
  type: 'output_item_added',
  responseId,
  itemId,
  itemType,
});
const audio = (responseId: string, itemId: string, ms: number): CallEvent => ({
  type: 'assistant_audio',
  responseId,
  itemId,
  audioBase64: '',
  byteLength: ms * 8,
});
const audioDone = (responseId: string, itemId: string): CallEvent => ({
  type: 'assistant_audio_done',
  responseId,
  itemId,
});
/** Twilio echoing the pacer's mark for `ms` of audio sent in `generation`. */
const played = (generation: number, ms: number): CallEvent => ({
  type: 'mark',
  name: formatPlaybackMark(generation, ms * 8),
});
const START: CallEvent = { type: 'local_speech_start' };
const CONFIRMED: CallEvent = { type: 'local_speech_confirmed' };
const END: CallEvent = { type: 'local_speech_end' };
const UPSTREAM_SPEECH: CallEvent = { type: 'upstream_speech_started', itemId: 'u', audioStartMs: 0 };

function feed(m: TurnMachine, events: CallEvent[], now = 0): TurnCommand[] {
  return events.flatMap((e) => [...m.step(e, now)]);
}

/** Commands other than audio plumbing (enqueue/append). */
function decisions(commands: TurnCommand[]): TurnCommand[] {
  return commands.filter((c) => c.type !== 'playback_enqueue' && c.type !== 'upstream_append_audio');
}

describe('turn machine', () => {
  test('queues assistant audio for playback and relays caller audio upstream', () => {
    const m = createTurnMachine();
    expect(feed(m, [created('r1'), audio('r1', 'i1', 100)])).toEqual([
      { type: 'playback_enqueue', itemId: 'i1', audioBase64: '', byteLength: 800 },
    ]);
    expect(feed(m, [{ type: 'caller_audio', payload: 'AAAA', timestampMs: 20 }])).toEqual([
      { type: 'upstream_append_audio', audioBase64: 'AAAA' },
    ]);
  });

  test('a barge-in clears, cancels the active response and truncates at the last confirmed mark', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), item('r1', 'i1'), audio('r1', 'i1', 3000), played(0, 700), played(0, 800)]);
    expect(feed(m, [START])).toEqual([{ type: 'playback_pause' }]);
    feed(m, [played(0, 900)]);
    expect(feed(m, [CONFIRMED])).toEqual([
      { type: 'twilio_clear', generation: 1 },
      { type: 'upstream_cancel', responseId: 'r1' },
      { type: 'upstream_truncate', itemId: 'i1', audioEndMs: 900 },
    ]);
    expect(m.heardMs('i1')).toBe(900);
    expect(m.playbackPaused).toBe(false);
  });

  test('a blip pauses and resumes without clearing or losing anything', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'i1', 2000)]);
    expect(decisions(feed(m, [START, END]))).toEqual([
      { type: 'playback_pause' },
      { type: 'playback_resume' },
    ]);
    expect(m.stats.blipsResumed).toBe(1);
    expect(m.stats.enqueuedBytes).toBe(16000);
    expect(m.stats.interruptions).toBe(0);
  });

  test('a pause the VAD never resolves is lifted after the timeout', () => {
    const m = createTurnMachine({ unconfirmedPauseTimeoutMs: 1000 });
    feed(m, [created('r1'), audio('r1', 'i1', 2000)]);
    m.step(START, 100);
    expect(m.step({ type: 'tick' }, 1000)).toEqual([]);
    expect(m.step({ type: 'tick' }, 1100)).toEqual([{ type: 'playback_resume' }]);
    // The voided onset does not pause the next delta again.
    expect(decisions([...m.step(audio('r1', 'i1', 100), 1120)])).toEqual([]);
  });

  test('barge-in before any audio was heard deletes the item instead of truncating at 0 ms', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), item('r1', 'i1'), audio('r1', 'i1', 400)]);
    expect(decisions(feed(m, [START, CONFIRMED]))).toEqual([
      { type: 'playback_pause' },
      { type: 'twilio_clear', generation: 1 },
      { type: 'upstream_cancel', responseId: 'r1' },
      { type: 'upstream_delete_item', itemId: 'i1' },
    ]);
  });

  test('a reply arriving during an unconfirmed onset is held before its first frame', () => {
    const m = createTurnMachine();
    expect(feed(m, [START, created('r1')])).toEqual([]);
    expect(feed(m, [audio('r1', 'i1', 200)])).toEqual([
      { type: 'playback_pause' },
      { type: 'playback_enqueue', itemId: 'i1', audioBase64: '', byteLength: 1600 },
    ]);
  });

  test('cancels only a response in progress, and only once', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'i1', 1500), audioDone('r1', 'i1'), done('r1'), played(0, 500)]);
    const first = feed(m, [START, CONFIRMED, UPSTREAM_SPEECH, CONFIRMED]);
    expect(decisions(first)).toEqual([
      { type: 'playback_pause' },
      { type: 'twilio_clear', generation: 1 },
      { type: 'upstream_truncate', itemId: 'i1', audioEndMs: 500 },
    ]);
    expect(m.stats.cancelsSent).toBe(0);
  });

  test('does not interrupt a response that only calls a tool', () => {
    const m = createTurnMachine();
    expect(
      feed(m, [created('r2'), item('r2', 'fc', 'function_call'), START, CONFIRMED, UPSTREAM_SPEECH]),
    ).toEqual([]);
  });

  test('after a reply played to the end, the next barge-in truncates relative to the new reply', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'i1', 1500), audioDone('r1', 'i1'), done('r1'), played(0, 1500)]);
    expect(m.heardMs('i1')).toBe(1500);
    feed(m, [created('r2'), audio('r2', 'i2', 2000), played(0, 1500 + 640)]);
    expect(decisions(feed(m, [UPSTREAM_SPEECH]))).toEqual([
      { type: 'twilio_clear', generation: 1 },
      { type: 'upstream_cancel', responseId: 'r2' },
      { type: 'upstream_truncate', itemId: 'i2', audioEndMs: 640 },
    ]);
  });

  test('a multi-item reply: a finished item is left alone, the heard one truncated, the queued one deleted', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'a', 500), audioDone('r1', 'a'), audio('r1', 'b', 800)]);
    feed(m, [audio('r1', 'c', 300), played(0, 500 + 250)]);
    expect(decisions(feed(m, [UPSTREAM_SPEECH]))).toEqual([
      { type: 'twilio_clear', generation: 1 },
      { type: 'upstream_cancel', responseId: 'r1' },
      { type: 'upstream_truncate', itemId: 'b', audioEndMs: 250 },
      { type: 'upstream_delete_item', itemId: 'c' },
    ]);
  });

  test('drops late deltas of a cancelled response and deletes items it adds after the cancel', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'i1', 500), played(0, 200), UPSTREAM_SPEECH]);
    expect(feed(m, [audio('r1', 'i1', 500), audio('r1', 'i1', 500), item('r1', 'i9')])).toEqual([
      { type: 'upstream_delete_item', itemId: 'i9' },
    ]);
    expect(m.stats.lateDeltasDropped).toBe(2);
    expect(m.stats.lateBytesDropped).toBe(8000);
    expect(m.stats.enqueuedBytes).toBe(0);
  });

  test('marks of a cleared generation never move the new clock', () => {
    const m = createTurnMachine();
    feed(m, [
      created('r1'),
      audio('r1', 'i1', 2000),
      played(0, 900),
      UPSTREAM_SPEECH,
      done('r1', 'cancelled'),
    ]);
    feed(m, [created('r2'), audio('r2', 'i2', 1000), played(0, 1000), played(0, 1100), played(1, 300)]);
    expect(m.stats.staleMarksIgnored).toBe(2);
    expect(m.heardMs('i2')).toBe(300);
  });

  test('a mark claiming more than was queued is clamped to the audio that exists', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'i1', 400), played(0, 9999)]);
    expect(decisions(feed(m, [UPSTREAM_SPEECH]))).toContainEqual({
      type: 'upstream_truncate',
      itemId: 'i1',
      audioEndMs: 400,
    });
  });

  test("ignores marks that are not the pacer's", () => {
    const m = createTurnMachine();
    feed(m, [audio('r1', 'i1', 400), { type: 'mark', name: 'greeting-done' }]);
    expect(m.stats.foreignMarksIgnored).toBe(1);
    expect(m.stats.playedBytes).toBe(0);
  });

  test('interleaved deltas of two items are attributed to the right item', () => {
    const m = createTurnMachine();
    feed(m, [audio('r1', 'a', 100), audio('r1', 'b', 100), audio('r1', 'a', 100), played(0, 250)]);
    expect(m.heardMs('a')).toBe(150);
    expect(m.heardMs('b')).toBe(100);
  });

  test('whatever the event order, truncation stays within the audio sent and cancels are never repeated', () => {
    const ids = ['r1', 'r2', 'r3'];
    const items = ['i1', 'i2', 'i3', 'i4'];
    const event = fc.oneof(
      fc.constantFrom(...ids).map(created),
      fc.constantFrom(...ids).map((r) => done(r)),
      fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...items)).map(([r, i]) => item(r, i)),
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...ids), fc.constantFrom(...items), fc.integer({ min: 1, max: 500 }))
          .map(([r, i, ms]) => audio(r, i, ms)),
      },
      fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...items)).map(([r, i]) => audioDone(r, i)),
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3000 }))
          .map(([g, ms]) => played(g, ms)),
      },
      fc.constantFrom<CallEvent>(START, CONFIRMED, END, UPSTREAM_SPEECH, { type: 'tick' }),
    );
    let truncates = 0;
    fc.assert(
      fc.property(fc.array(event, { minLength: 10, maxLength: 80 }), (events) => {
        const m = createTurnMachine();
        let sentMs = new Map<string, number>();
        let sentBeforeClear = new Map<string, number>();
        const cancelled = new Set<string>();
        events.forEach((e, t) => {
          for (const c of m.step(e, t * 10)) {
            if (c.type === 'twilio_clear') {
              sentBeforeClear = sentMs;
              sentMs = new Map();
            }
            if (c.type === 'playback_enqueue')
              sentMs.set(c.itemId, (sentMs.get(c.itemId) ?? 0) + c.byteLength / 8);
            if (c.type === 'upstream_truncate') {
              truncates++;
              expect(c.audioEndMs).toBeGreaterThanOrEqual(1);
              // Truncates follow the clear in the same batch: compare with what was queued before it.
              expect(c.audioEndMs).toBeLessThanOrEqual(sentBeforeClear.get(c.itemId) ?? -1);
            }
            if (c.type === 'upstream_cancel') {
              expect(cancelled.has(c.responseId)).toBe(false);
              cancelled.add(c.responseId);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
    expect(truncates).toBeGreaterThan(30); // the property was exercised, not vacuous
  });
});
