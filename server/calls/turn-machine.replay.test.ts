import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Replay, type ReplayRun, runReplay } from './replays/harness.ts';

const DIR = join(import.meta.dir, 'replays');
const TRUNCATION_TOLERANCE_MS = 20;
const LEAD_MS = 200;

function load(name: string): Replay {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Replay;
}

function matchesPartially(actual: Record<string, unknown>, expected: Record<string, unknown>): void {
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    if (typeof want === 'object' && want !== null && ('min' in want || 'max' in want)) {
      const range = want as { min?: number; max?: number };
      expect(got).toBeGreaterThanOrEqual(range.min ?? Number.NEGATIVE_INFINITY);
      expect(got).toBeLessThanOrEqual(range.max ?? Number.POSITIVE_INFINITY);
    } else {
      expect({ [key]: got }).toEqual({ [key]: want });
    }
  }
}

/** What the fake Twilio says the caller heard of `itemId` when the given clear arrived. */
function truthAtClear(run: ReplayRun, itemId: string, clears: number): number {
  const byte = run.itemByte.get(itemId);
  if (byte === undefined) return 0;
  return run.twilio.heardAtClears[clears - 1]?.get(byte) ?? 0;
}

const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

describe('recorded calls replayed through codecs, turn machine and pacer', () => {
  test('the replay folder holds the recordings', () => {
    expect(names.length).toBeGreaterThanOrEqual(9);
  });

  for (const name of names) {
    const replay = load(name);
    test(`${name}: ${replay.description}`, () => {
      const run = runReplay(replay);
      expect(run.rejected).toEqual([]);
      expect(run.upstream.map((u) => u.event.type)).toEqual(replay.expect.upstream.map((e) => e.type));
      replay.expect.upstream.forEach((want, i) => {
        matchesPartially(run.upstream[i]?.event ?? {}, want);
      });
      expect(run.twilio.clears).toBe(replay.expect.clears);
      matchesPartially(run.machine.stats as unknown as Record<string, unknown>, replay.expect.stats ?? {});

      // Truncation never claims more than was heard, and is within 20 ms of it: the heard point
      // is interpolated between marks with the playback clock, the echo's transit learned.
      const tolerance = TRUNCATION_TOLERANCE_MS;
      for (const { event, clears } of run.upstream) {
        const itemId = event.item_id as string;
        if (event.type === 'conversation.item.truncate') {
          const truth = truthAtClear(run, itemId, clears);
          const ms = event.audio_end_ms as number;
          expect(ms).toBeGreaterThanOrEqual(1);
          expect(ms).toBeLessThanOrEqual(truth);
          expect(ms).toBeGreaterThanOrEqual(truth - tolerance);
          expect(ms).toBeLessThanOrEqual(run.itemMs.get(itemId) ?? 0);
        }
        if (event.type === 'conversation.item.delete') {
          expect(truthAtClear(run, itemId, clears)).toBe(0);
        }
      }
      for (const itemId of replay.expect.fullyHeard ?? []) {
        expect(run.twilio.heardMs(run.itemByte.get(itemId) ?? -1)).toBe(run.itemMs.get(itemId) ?? -1);
      }
      // Paced, never burst: Twilio never holds more than the configured lead.
      expect(run.maxBufferedMs).toBeLessThanOrEqual(LEAD_MS);
    });
  }

  test('a barge-in before the first frame sends no assistant audio at all', () => {
    const run = runReplay(load('barge-in-before-first-frame'));
    expect(run.pacer.stats.framesSent).toBe(0);
    expect(run.machine.lastInterruption?.items).toEqual([
      { itemId: 'item_1', sentMs: 800, heardMs: 0, action: 'delete' },
    ]);
  });

  test('caller frames are relayed upstream while the assistant speaks', () => {
    const run = runReplay(load('barge-in-mid-reply'));
    expect(run.appends).toBe(3);
  });

  test('the second reply is truncated by what was heard of it, far below the time since the first reply', () => {
    const run = runReplay(load('second-reply-no-stale-start'));
    const truncate = run.upstream[0]?.event;
    // The second reply started playing at 3510 ms and the caller spoke at 4300 ms.
    expect(truncate?.audio_end_ms).toBeGreaterThan(700);
    expect(truncate?.audio_end_ms).toBeLessThanOrEqual(1000);
  });

  test('a cough leaves nothing dropped: every byte of the reply reaches the caller', () => {
    const run = runReplay(load('blip-resumes'));
    expect(run.pacer.stats.overflowBytes).toBe(0);
    expect(run.twilio.heardMs(run.itemByte.get('item_1') ?? -1)).toBe(2000);
    expect(run.machine.playbackPaused).toBe(false);
  });
});
