import { describe, expect, test } from 'bun:test';
import { createPlayback, heardMsBetween, mergeHeard } from './playback.ts';

const ms = (n: number) => new Uint8Array(n * 8).fill(0x55);

describe('phone playback', () => {
  test('plays audio back to back at 8 bytes per ms from when it arrives', () => {
    const p = createPlayback();
    p.media(100, ms(40));
    p.media(110, ms(40)); // arrives while the first still plays: queued behind it
    p.media(500, ms(20)); // arrives after the queue drained: plays at once
    expect(mergeHeard(p.heard(1000))).toEqual([
      { startMs: 100, endMs: 180, bytes: 640 },
      { startMs: 500, endMs: 520, bytes: 160 },
    ]);
    expect(mergeHeard(p.heard(150))).toEqual([{ startMs: 100, endMs: 150, bytes: 400 }]);
  });

  test('echoes a mark only when the audio before it has played', () => {
    const p = createPlayback();
    p.media(0, ms(200));
    p.mark(10, 'a');
    p.media(20, ms(100));
    p.mark(30, 'b');
    expect(p.takeDue(199)).toEqual([]);
    expect(p.nextDueMs()).toBe(200);
    expect(p.takeDue(200)).toEqual(['a']);
    expect(p.takeDue(299)).toEqual([]);
    expect(p.takeDue(300)).toEqual(['b']);
    expect(p.marks.map((m) => [m.name, m.echoedAtMs])).toEqual([
      ['a', 200],
      ['b', 300],
    ]);
  });

  test('echoes a mark at once when nothing is queued before it', () => {
    const p = createPlayback();
    p.mark(50, 'idle');
    expect(p.takeDue(50)).toEqual(['idle']);
  });

  test('clear drops unplayed audio and releases every pending mark at once', () => {
    const p = createPlayback();
    p.media(0, ms(1000));
    p.mark(0, 'first');
    p.media(0, ms(500));
    p.mark(0, 'second');
    expect(p.clear(300)).toEqual(['first', 'second']);
    expect(p.marks.every((m) => m.cleared && m.echoedAtMs === 300)).toBe(true);
    expect(mergeHeard(p.heard(5000))).toEqual([{ startMs: 0, endMs: 300, bytes: 2400 }]);
    expect(p.takeDue(5000)).toEqual([]);
    // Audio after the clear plays immediately, not behind the dropped audio.
    p.media(400, ms(100));
    expect(mergeHeard(p.heard(5000)).at(-1)).toEqual({ startMs: 400, endMs: 500, bytes: 800 });
  });

  test('measures how much audio played after a moment', () => {
    const ranges = [
      { startMs: 0, endMs: 1000, bytes: 8000 },
      { startMs: 2000, endMs: 2500, bytes: 4000 },
    ];
    expect(heardMsBetween(ranges, 800)).toBe(700);
    expect(heardMsBetween(ranges, 800, 2100)).toBe(300);
  });
});
