import { describe, expect, test } from 'bun:test';
import { createTurnLatency } from './turn-latency.ts';

describe('latency at the ear', () => {
  test('splits caller stopped → heard into upstream, relay and line, the playback start taken from the mark', () => {
    const t = createTurnLatency(1000);
    t.callerStopped(5000);
    t.assistantAudio(5600, 2, 4000); // the answer's bytes start at 4000 in generation 2
    t.assistantAudio(5610, 2, 4800); // later deltas change nothing
    t.sent(5605, 2, 4000); // still the previous answer's bytes
    t.sent(5612, 2, 4160);
    t.mark(5700, 2, 4000); // the end of the previous answer
    t.mark(5730, 2, 4800); // 100 ms of the answer played by then: it started at 5630
    expect(t.turns).toEqual([{ atMs: 4000, upstreamMs: 600, relayMs: 12, lineMs: 18, totalMs: 630 }]);
  });

  test('an answer a clear dropped, or one the caller talked over before it was heard, is not a turn', () => {
    const t = createTurnLatency(0);
    t.callerStopped(100);
    t.assistantAudio(200, 1, 0);
    t.sent(210, 2, 160); // a barge-in's clear: a new generation
    expect(t.turns).toEqual([]);
    t.callerStopped(300);
    t.assistantAudio(400, 2, 0);
    t.callerStopped(450); // spoke again before hearing it
    t.assistantAudio(700, 2, 800);
    t.sent(705, 2, 960);
    t.mark(900, 2, 1600);
    expect(t.unheard).toBe(2);
    expect(t.turns).toEqual([{ atMs: 450, upstreamMs: 250, relayMs: 5, lineMs: 95, totalMs: 350 }]);
  });

  test('assistant audio with no caller turn before it (the greeting) is not counted', () => {
    const t = createTurnLatency(0);
    t.assistantAudio(10, 0, 0);
    t.sent(11, 0, 160);
    t.mark(200, 0, 800);
    expect(t.turns).toEqual([]);
  });
});
