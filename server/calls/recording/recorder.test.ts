import { describe, expect, test } from 'bun:test';
import { MULAW_DECODE } from '../audio/mulaw.ts';
import { createCallRecorder } from './recorder.ts';

const SILENCE = 0xff;

/** A recorder on a manual clock, collecting what it writes as PCM. */
function rig(opts: { windowMs?: number; chunkMs?: number; maxMs?: number } = {}) {
  let t = 1000;
  const chunks: Uint8Array[] = [];
  const recorder = createCallRecorder({
    sink: { write: (pcm) => chunks.push(pcm.slice()) },
    now: () => t,
    ...opts,
  });
  const pcm = () => {
    const bytes = Buffer.concat(chunks);
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  };
  /** Caller frames of `byte` for `ms`, at Twilio's pace, with time advancing. */
  const callerFor = (ms: number, byte = SILENCE, assistant?: (atMs: number) => void) => {
    const frame = Buffer.alloc(160, byte).toString('base64');
    for (let i = 0; i < ms / 20; i++) {
      const stamp = t - 1000;
      assistant?.(t);
      recorder.caller(frame, stamp);
      t += 20;
    }
  };
  return { recorder, pcm, callerFor, now: () => t, setNow: (v: number) => (t = v) };
}

const level = (byte: number) => MULAW_DECODE[byte] as number;

describe('call recorder', () => {
  test('places the caller by timestamp and the assistant where it plays, mixed into one track', () => {
    const r = rig();
    const assistantFrame = new Uint8Array(160).fill(0x20); // loud
    r.callerFor(500, 0x70, (t) => {
      // The pacer sends 100 ms ahead: a frame sent at t plays at t + 100, from 200 ms on.
      if (t - 1000 >= 100 && t - 1000 < 300) r.recorder.assistant(assistantFrame, 160, t + 100);
    });
    const samples = r.recorder.finish(r.now());
    expect(samples).toBe(500 * 8);
    const pcm = r.pcm();
    expect(pcm.length).toBe(500 * 8);
    const caller = level(0x70);
    const both = Math.max(-32768, Math.min(32767, caller + level(0x20)));
    expect(pcm[100 * 8]).toBe(caller); // before the assistant
    expect(pcm[250 * 8]).toBe(both); // while both are on the line
    expect(pcm[450 * 8]).toBe(caller); // after it
    expect([...pcm.subarray(200 * 8, 400 * 8)].every((v) => v === both)).toBe(true);
  });

  test('assistant audio that a clear dropped from Twilio is erased from the recording', () => {
    const r = rig();
    const loud = new Uint8Array(160).fill(0x20);
    r.callerFor(100);
    // 200 ms of assistant audio queued at Twilio from 100 ms, cleared at 150 ms.
    for (let i = 0; i < 10; i++) r.recorder.assistant(loud, 160, r.now() + i * 20);
    r.callerFor(50);
    r.recorder.assistantCleared(r.now());
    r.callerFor(250);
    r.recorder.finish(r.now());
    const pcm = r.pcm();
    const heard = (ms: number) => pcm[ms * 8] !== level(SILENCE);
    expect(heard(120)).toBe(true);
    expect(heard(140)).toBe(true);
    expect(heard(160)).toBe(false);
    expect(heard(290)).toBe(false);
  });

  test('writes as the call goes, in whole chunks, and a gap in caller frames stays silent', () => {
    const r = rig({ chunkMs: 100 });
    r.callerFor(300, 0x70);
    expect(r.recorder.stats.samples).toBeGreaterThanOrEqual(200 * 8); // written while the call is live
    r.setNow(r.now() + 200); // 200 ms of lost frames
    r.callerFor(100, 0x70);
    r.recorder.finish(r.now());
    const pcm = r.pcm();
    expect(pcm.length).toBe(600 * 8);
    expect(pcm[400 * 8]).toBe(level(SILENCE));
    expect(pcm[550 * 8]).toBe(level(0x70));
  });

  test('audio placed behind what was written is counted as late, and recording stops at the limit', () => {
    const r = rig({ chunkMs: 100, maxMs: 400 });
    r.callerFor(300);
    r.recorder.assistant(new Uint8Array(160).fill(0x20), 160, 1000 + 10);
    expect(r.recorder.stats.lateAssistant).toBe(160);
    r.callerFor(400);
    expect(r.recorder.stats.full).toBe(true);
    expect(r.recorder.finish(r.now())).toBe(400 * 8);
  });
});
