import { describe, expect, test } from 'bun:test';
import { createEchoGuard } from './echo-guard.ts';
import { createFrameAnalyser, type FrameFeatures } from './frame-features.ts';
import { loadFixture, mixUlaw, scaleUlaw } from './test-audio.ts';

/** Frame levels (the VAD's measure) of a μ-law clip. */
function levels(ulaw: Uint8Array): number[] {
  const a = createFrameAnalyser();
  const f: FrameFeatures = { energyDb: 0, zcr: 0, voicing: 0 };
  const out: number[] = [];
  for (let i = 0; (i + 1) * 160 <= ulaw.length; i++) {
    a.analyse(ulaw.subarray(i * 160, (i + 1) * 160), f);
    out.push(f.energyDb);
  }
  return out;
}

describe('echo guard', () => {
  test('finds the assistant’s voice echoed 160 ms later, 10 dB down, and bars it', async () => {
    const reply = await loadFixture('assistant-greeting');
    const ref = levels(reply);
    const echo = levels(
      mixUlaw(new Uint8Array(160 * 8).fill(0xff), scaleUlaw(reply, 10 ** (-10 / 20)), 160 * 8),
    );
    const guard = createEchoGuard();
    const bars: number[] = [];
    // The pacer sends ~200 ms ahead of playback: references arrive before the echo.
    echo.slice(0, ref.length).forEach((db, i) => {
      if (i + 10 < ref.length) guard.reference((i + 10) * 20, ref[i + 10] as number);
      if (i === 0) for (let k = 0; k < 10; k++) guard.reference(k * 20, ref[k] as number);
      bars.push(guard.inbound(i * 20, db));
    });
    expect(guard.delayMs).toBe(160);
    expect(guard.lossDb ?? 0).toBeGreaterThan(4); // μ-law quantisation lifts the quieter copy a little
    expect(guard.lossDb ?? 0).toBeLessThan(13);
    // Once learned, no audible echo frame reaches its bar.
    const learnedAt = bars.findIndex((b) => Number.isFinite(b));
    expect(learnedAt).toBeLessThan(40);
    const over = echo
      .slice(learnedAt, ref.length)
      .filter((db, i) => db > -60 && db >= (bars[learnedAt + i] as number));
    expect(over).toEqual([]);
  });

  test('a caller talking over a line with no echo is never barred', async () => {
    const ref = levels(await loadFixture('assistant-greeting'));
    const caller = levels(await loadFixture('caller-booking'));
    const guard = createEchoGuard();
    const bars = caller.map((db, i) => {
      guard.reference(i * 20, ref[i] ?? -120);
      return guard.inbound(i * 20, db);
    });
    expect(bars.every((b) => b === Number.NEGATIVE_INFINITY)).toBe(true);
    expect(guard.delayMs).toBeNull();
  });

  test('a caller who starts talking from a silent line while the assistant talks is not taken for its echo', async () => {
    const ref = levels(await loadFixture('assistant-greeting'));
    const caller = levels(await loadFixture('caller-interrupt'));
    const learned: number[] = [];
    // Whenever the caller starts, their envelope's rise must not pass for the reference's.
    for (let start = 10; start + 20 < ref.length; start += 7) {
      const guard = createEchoGuard();
      for (let i = 0; i < ref.length; i++) {
        guard.reference(i * 20, ref[i] as number);
        const k = i - start;
        guard.inbound(i * 20, k >= 0 && k < caller.length ? (caller[k] as number) : -120);
      }
      if (guard.delayMs !== null) learned.push(start);
    }
    expect(learned).toEqual([]);
  });
});
