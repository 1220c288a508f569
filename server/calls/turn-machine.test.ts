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

/** The caller's speech, confirmed: a barge-in (the onset's hold is part of it). */
const BARGE_IN: CallEvent[] = [START, CONFIRMED];

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
    expect(decisions(feed(m, BARGE_IN)).slice(1)).toEqual([
      { type: 'twilio_clear', generation: 1 },
      { type: 'upstream_cancel', responseId: 'r2' },
      { type: 'upstream_truncate', itemId: 'i2', audioEndMs: 640 },
    ]);
  });

  test('a multi-item reply: a finished item is left alone, the heard one truncated, the queued one deleted', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'a', 500), audioDone('r1', 'a'), audio('r1', 'b', 800)]);
    feed(m, [audio('r1', 'c', 300), played(0, 500 + 250)]);
    expect(decisions(feed(m, BARGE_IN)).slice(1)).toEqual([
      { type: 'twilio_clear', generation: 1 },
      { type: 'upstream_cancel', responseId: 'r1' },
      { type: 'upstream_truncate', itemId: 'b', audioEndMs: 250 },
      { type: 'upstream_delete_item', itemId: 'c' },
    ]);
  });

  test('drops late deltas of a cancelled response and deletes items it adds after the cancel', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'i1', 500), played(0, 200), ...BARGE_IN]);
    expect(feed(m, [audio('r1', 'i1', 500), audio('r1', 'i1', 500), item('r1', 'i9')])).toEqual([
      { type: 'upstream_delete_item', itemId: 'i9' },
    ]);
    expect(m.stats.lateDeltasDropped).toBe(2);
    expect(m.stats.lateBytesDropped).toBe(8000);
    expect(m.stats.enqueuedBytes).toBe(0);
  });

  test('marks of a cleared generation never move the new clock', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'i1', 2000), played(0, 900), ...BARGE_IN, done('r1', 'cancelled')]);
    feed(m, [created('r2'), audio('r2', 'i2', 1000), played(0, 1000), played(0, 1100), played(1, 300)]);
    expect(m.stats.staleMarksIgnored).toBe(2);
    expect(m.heardMs('i2')).toBe(300);
  });

  test('a mark claiming more than was queued is clamped to the audio that exists', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), audio('r1', 'i1', 400), played(0, 9999)]);
    expect(decisions(feed(m, BARGE_IN))).toContainEqual({
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
      // Enough runs that the truncations counted below are many whatever the seed (about 1 run in 7
      // truncates; 300 runs once gave only 30).
      { numRuns: 1000 },
    );
    expect(truncates).toBeGreaterThan(30); // the property was exercised, not vacuous
  });
});

describe('turn machine: soft barge-in and the heard position', () => {
  const sent = (endMs: number, bytesMs: number, playsAt: number): CallEvent => ({
    type: 'playback_sent',
    end: endMs * 8,
    bytes: bytesMs * 8,
    playsAt,
  });
  /** A reply whose frames went out on the pacer's schedule: 20 ms frames from t = 0, 200 ms ahead. */
  function playing(m: TurnMachine, ms: number): void {
    feed(m, [created('r1'), item('r1', 'i1'), audio('r1', 'i1', 3000)]);
    for (let t = 0; t < ms + 200; t += 20) m.step(sent(t + 20, 20, t), Math.max(0, t - 200));
  }

  test('an onset rewinds to the heard point interpolated since the last mark, not to the mark', () => {
    const m = createTurnMachine();
    playing(m, 1000);
    m.step(played(0, 900), 900);
    expect(m.step(START, 957)).toEqual([{ type: 'playback_rewind', generation: 1, offset: 957 * 8 }]);
    expect(m.playbackPaused).toBe(true);
    expect(feed(m, [CONFIRMED], 1200)).toEqual([
      { type: 'twilio_clear', generation: 2 },
      { type: 'upstream_cancel', responseId: 'r1' },
      { type: 'upstream_truncate', itemId: 'i1', audioEndMs: 957 },
    ]);
  });

  test('the heard position never passes what was sent, nor runs ahead while Twilio is dry', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), item('r1', 'i1'), audio('r1', 'i1', 500)]);
    m.step(sent(100, 100, 0), 0); // only 100 ms sent, long ago
    m.step(played(0, 60), 60);
    // All that was sent has played: nothing at Twilio to clear, the queue is simply held.
    expect(m.step(START, 5000)).toEqual([{ type: 'playback_pause' }]);
    expect(m.step(CONFIRMED, 5200)).toContainEqual({
      type: 'upstream_truncate',
      itemId: 'i1',
      audioEndMs: 100,
    });
  });

  test('a short voiced sound resumes after the continuation wait, within the pause budget', () => {
    const m = createTurnMachine({ continuationMs: 250, pauseBudgetMs: 460 });
    playing(m, 1000);
    m.step(START, 1000);
    expect(m.step({ type: 'local_speech_end', voiced: true }, 1300)).toEqual([]);
    expect(m.step({ type: 'tick' }, 1440)).toEqual([]);
    expect(m.step({ type: 'tick' }, 1460)).toEqual([{ type: 'playback_resume' }]);
    expect(m.stats.lastPauseMs).toBe(460);
    expect(m.stats.cancelsSent + m.stats.truncatesSent).toBe(0);
  });

  test('a cough (no voice) resumes at once; a second word within the wait keeps the hold', () => {
    const m = createTurnMachine();
    playing(m, 1000);
    m.step(START, 1000);
    expect(m.step(END, 1150)).toEqual([{ type: 'playback_resume' }]);
    m.step(START, 1500);
    m.step({ type: 'local_speech_end', voiced: true }, 1700);
    m.step(START, 1800); // "רגע... רגע"
    expect(m.step({ type: 'tick' }, 1960)).toEqual([]);
    expect(decisions(feed(m, [CONFIRMED], 1990))[0]?.type).toBe('twilio_clear');
  });

  test('upstream speech_started alone never interrupts, however often', () => {
    const m = createTurnMachine();
    playing(m, 1000);
    for (let i = 0; i < 5; i++) expect(m.step(UPSTREAM_SPEECH, 1000 + i * 100)).toEqual([]);
    expect(m.stats.upstreamSpeechNoted).toBe(5);
    expect(m.stats.interruptions).toBe(0);
  });

  test('a keyed digit while the assistant talks is a barge-in at once; with nothing audible it is not', () => {
    const quiet = createTurnMachine();
    expect(quiet.step({ type: 'dtmf', digit: '5' }, 0)).toEqual([]);
    const m = createTurnMachine();
    playing(m, 1000);
    m.step(played(0, 500), 500);
    const commands = m.step({ type: 'dtmf', digit: '5' }, 500);
    expect(commands[0]).toEqual({ type: 'twilio_clear', generation: 1 });
    expect(commands).toContainEqual({ type: 'upstream_cancel', responseId: 'r1' });
    expect(m.lastInterruption?.trigger).toBe('dtmf');
  });

  test('words judged a barge-in after the window interrupt only while the assistant is audible', () => {
    const m = createTurnMachine();
    playing(m, 1000);
    expect(m.step({ type: 'caller_words', verdict: 'backchannel' }, 900)).toEqual([]);
    expect(m.step({ type: 'caller_words', verdict: 'barge_in' }, 900)[0]?.type).toBe('twilio_clear');
    expect(m.stats.transcriptBargeIns).toBe(1);
  });
});

describe('turn machine: the states a real line brings', () => {
  const sent = (endMs: number, bytesMs: number, playsAt: number): CallEvent => ({
    type: 'playback_sent',
    end: endMs * 8,
    bytes: bytesMs * 8,
    playsAt,
  });
  /** `ms` of reply sent on the pacer's schedule (20 ms frames, 200 ms ahead of playing). */
  function playing(m: TurnMachine, ms: number, responseId = 'r1', itemId = 'i1'): void {
    feed(m, [created(responseId), item(responseId, itemId), audio(responseId, itemId, 3000)]);
    for (let t = 0; t < ms + 200; t += 20) m.step(sent(t + 20, 20, t), Math.max(0, t - 200));
  }
  const truncateOf = (commands: TurnCommand[]) =>
    commands.find((c) => c.type === 'upstream_truncate') as { audioEndMs: number } | undefined;

  test('marks lost on the way: the heard point follows the playback clock, never past what was sent', () => {
    const m = createTurnMachine();
    playing(m, 800); // no mark ever echoed
    const rewind = m.step(START, 600);
    expect(rewind).toEqual([{ type: 'playback_rewind', generation: 1, offset: 600 * 8 }]);
    expect(truncateOf(feed(m, [CONFIRMED], 900))?.audioEndMs).toBe(600);
  });

  test('marks out of order never move the heard point back', () => {
    const m = createTurnMachine();
    playing(m, 1000);
    m.step(played(0, 700), 700);
    m.step(played(0, 300), 705); // an older echo, late
    expect(m.stats.playedBytes).toBe(700 * 8);
    expect(m.step(START, 720)).toEqual([{ type: 'playback_rewind', generation: 1, offset: 720 * 8 }]);
  });

  test('a late mark from before the soft clear cannot push the truncation past what was heard', () => {
    const m = createTurnMachine();
    playing(m, 1000);
    m.step(played(0, 400), 400);
    m.step(START, 450); // rewound at 450 ms: Twilio dropped the rest
    // Twilio echoes the marks of the audio it dropped when it clears: they claim more than played.
    m.step(played(0, 900), 460);
    expect(truncateOf(feed(m, [CONFIRMED], 700))?.audioEndMs).toBe(450);
  });

  test('a delta racing the soft clear is queued behind the hold, and plays after a resume', () => {
    const m = createTurnMachine();
    playing(m, 600);
    m.step(START, 500);
    const during = feed(m, [audio('r1', 'i1', 100)], 520);
    expect(decisions(during)).toEqual([]);
    expect(during.map((c) => c.type)).toEqual(['playback_enqueue']);
    expect(m.playbackPaused).toBe(true);
    expect(m.step(END, 560)).toEqual([{ type: 'playback_resume' }]);
    expect(m.stats.cancelsSent + m.stats.truncatesSent + m.stats.deletesSent).toBe(0);
  });

  test('a delta racing the barge-in clear of its response is dropped, never played', () => {
    const m = createTurnMachine();
    playing(m, 600);
    feed(m, BARGE_IN, 500);
    expect(feed(m, [audio('r1', 'i1', 100)], 510)).toEqual([]);
    expect(m.stats.lateDeltasDropped).toBe(1);
  });

  test('onset during a tool call (nothing audible): no hold, no cancel; the tool reply then waits for the verdict', () => {
    const m = createTurnMachine();
    feed(m, [created('r1'), item('r1', 'fc1', 'function_call')]);
    expect(m.step(START, 100)).toEqual([]);
    feed(m, [done('r1')], 150);
    feed(m, [created('r2'), item('r2', 'i2')], 200);
    // The caller is still mid-onset when the tool's spoken reply begins: it is held, not played.
    expect(decisions(feed(m, [audio('r2', 'i2', 200)], 210))).toEqual([{ type: 'playback_pause' }]);
    const verdict = feed(m, [CONFIRMED], 400);
    expect(verdict).toContainEqual({ type: 'upstream_cancel', responseId: 'r2' });
    expect(verdict).toContainEqual({ type: 'upstream_delete_item', itemId: 'i2' });
  });

  test('onset over the greeting before its first mark rewinds to the start; a cough resumes it whole', () => {
    const m = createTurnMachine();
    playing(m, 150);
    expect(m.step(START, 0)).toEqual([{ type: 'playback_rewind', generation: 1, offset: 0 }]);
    expect(m.step(END, 120)).toEqual([{ type: 'playback_resume' }]);
    expect(m.stats.cancelsSent + m.stats.truncatesSent + m.stats.deletesSent).toBe(0);
  });

  test('a response the server created during the hold: the barge-in cancels it and forgets its unheard item', () => {
    const m = createTurnMachine();
    playing(m, 800);
    m.step(played(0, 500), 500);
    m.step(START, 520);
    feed(m, [created('r2'), item('r2', 'i2'), audio('r2', 'i2', 300)], 560);
    const verdict = feed(m, [CONFIRMED], 700);
    expect(verdict[0]).toEqual({ type: 'twilio_clear', generation: 2 });
    expect(verdict).toContainEqual({ type: 'upstream_cancel', responseId: 'r2' });
    expect(verdict).toContainEqual({ type: 'upstream_truncate', itemId: 'i1', audioEndMs: 520 });
    expect(verdict).toContainEqual({ type: 'upstream_delete_item', itemId: 'i2' });
  });
});
