import { describe, expect, test } from 'bun:test';
import type { UpstreamEvent } from '../events.ts';
import {
  createGreetingCapture,
  greetingCommandFrames,
  greetingPlaybackEvents,
  heardPart,
} from './cached-greeting.ts';
import { cachedGreeting } from './greeting-store.ts';

const TEXT = 'שלום, הגעתם למספרה. במה אפשר לעזור?';
const key = { text: TEXT, voice: 'cedar', model: 'gpt-realtime' };

function audio(ms: number): Uint8Array {
  return new Uint8Array(ms * 8).map((_, i) => i % 251);
}

describe('cached greeting playback', () => {
  test('plays as one complete response whose deltas add up to the cached audio', () => {
    const g = cachedGreeting(key, audio(1250));
    const events = greetingPlaybackEvents(g, 'greet_1');
    expect(events[0]).toMatchObject({ type: 'response_created' });
    expect(events.at(-1)).toMatchObject({ type: 'response_done', status: 'completed' });
    const bytes = events.flatMap((e) =>
      e.type === 'assistant_audio' ? [...Buffer.from(e.audioBase64, 'base64')] : [],
    );
    expect(Buffer.from(bytes).equals(Buffer.from(g.audio))).toBe(true);
  });

  test("a barge-in's truncate of the greeting becomes a delete and the words heard", () => {
    const greeting = { itemId: 'greet_1', text: TEXT, durationMs: 3000 };
    const frames = greetingCommandFrames(
      { type: 'upstream_truncate', itemId: 'greet_1', audioEndMs: 1000 },
      greeting,
    );
    expect(frames?.map((f) => JSON.parse(f).type)).toEqual([
      'conversation.item.delete',
      'conversation.item.create',
    ]);
    expect(JSON.parse(frames?.[1] ?? '{}').item.content[0].text).toBe('שלום, הגעתם…');
    const deleted = greetingCommandFrames({ type: 'upstream_delete_item', itemId: 'greet_1' }, greeting);
    expect(deleted?.map((f) => JSON.parse(f).type)).toEqual(['conversation.item.delete']);
    expect(greetingCommandFrames({ type: 'upstream_delete_item', itemId: 'item_2' }, greeting)).toBeNull();
  });

  test('the words heard never exceed the text', () => {
    expect(heardPart(TEXT, 5000, 3000)).toBe(TEXT);
    expect(heardPart(TEXT, 1, 3000)).toBe('שלום,…');
  });
});

describe('capturing the greeting', () => {
  function run(events: UpstreamEvent[], interruptions = () => 0) {
    const kept: Uint8Array[] = [];
    const rejected: string[] = [];
    const c = createGreetingCapture({
      text: TEXT,
      interruptions,
      onCaptured: (a) => kept.push(a),
      onRejected: (r) => rejected.push(r),
    });
    for (const e of events) c.observe(e);
    return { kept, rejected };
  }
  const delta = (responseId: string, bytes: Uint8Array): UpstreamEvent => ({
    type: 'assistant_audio',
    responseId,
    itemId: 'i',
    audioBase64: Buffer.from(bytes).toString('base64'),
    byteLength: bytes.length,
  });
  const said = (responseId: string, transcript: string): UpstreamEvent => ({
    type: 'assistant_transcript_done',
    responseId,
    itemId: 'i',
    transcript,
  });
  const a = audio(800);

  test("keeps the first response's audio when it said the greeting (punctuation aside) and completed", () => {
    const { kept } = run([
      { type: 'response_created', responseId: 'r1' },
      delta('r1', a.subarray(0, 3200)),
      delta('other', audio(100)),
      delta('r1', a.subarray(3200)),
      said('r1', 'שלום הגעתם למספרה במה אפשר לעזור'),
      { type: 'response_done', responseId: 'r1', status: 'completed' },
    ]);
    expect(kept).toHaveLength(1);
    expect(Buffer.from(kept[0] as Uint8Array).equals(Buffer.from(a))).toBe(true);
  });

  test('refuses a cancelled, interrupted, different or silent greeting', () => {
    const base = (status: string, transcript = TEXT, bytes = a): UpstreamEvent[] => [
      { type: 'response_created', responseId: 'r1' },
      delta('r1', bytes),
      said('r1', transcript),
      { type: 'response_done', responseId: 'r1', status },
    ];
    expect(run(base('cancelled')).kept).toEqual([]);
    expect(run(base('completed', 'שלום, מה נשמע?')).kept).toEqual([]);
    expect(run(base('completed', TEXT, audio(100))).kept).toEqual([]);
    let n = 0;
    const interrupted = run(base('completed'), () => n++);
    expect(interrupted.kept).toEqual([]);
    expect(interrupted.rejected).toEqual(['the caller interrupted the greeting']);
  });

  test('a long greeting arriving in many deltas is kept whole; one longer than 15 s is not kept', () => {
    const long = audio(9000); // 72 KB: grows the capture several times
    const deltas = (bytes: Uint8Array) =>
      Array.from({ length: Math.ceil(bytes.length / 800) }, (_, i) =>
        delta('r1', bytes.subarray(i * 800, (i + 1) * 800)),
      );
    const ok = run([
      { type: 'response_created', responseId: 'r1' },
      ...deltas(long),
      said('r1', TEXT),
      { type: 'response_done', responseId: 'r1', status: 'completed' },
    ]);
    expect(ok.kept).toHaveLength(1);
    expect(Buffer.from(ok.kept[0] as Uint8Array).equals(Buffer.from(long))).toBe(true);
    const tooLong = run([
      { type: 'response_created', responseId: 'r1' },
      ...deltas(audio(15_100)),
      said('r1', TEXT),
      { type: 'response_done', responseId: 'r1', status: 'completed' },
    ]);
    expect(tooLong.kept).toEqual([]);
    expect(tooLong.rejected).toEqual(['the greeting is longer than the cache keeps']);
  });
});
