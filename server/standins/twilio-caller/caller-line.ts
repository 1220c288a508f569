import { ULAW_SILENCE } from '../fixtures.ts';

/**
 * The caller's microphone: silence, with speech placed at given times (ms since the
 * stream started). Later speech overwrites earlier speech where they overlap.
 */
export function createCallerLine() {
  const speech: Array<{ startByte: number; audio: Uint8Array }> = [];
  return {
    /** Places speech at `atMs`. */
    sayAt(atMs: number, audio: Uint8Array): void {
      speech.push({ startByte: Math.round(atMs * 8), audio });
    },
    /** Fills `out` with the audio of frame `index` (each frame is `out.length` bytes). Allocates nothing. */
    frame(index: number, out: Uint8Array): void {
      out.fill(ULAW_SILENCE);
      const from = index * out.length;
      const to = from + out.length;
      for (const s of speech) {
        const end = s.startByte + s.audio.length;
        if (end <= from || s.startByte >= to) continue;
        const a = Math.max(from, s.startByte);
        const b = Math.min(to, end);
        out.set(s.audio.subarray(a - s.startByte, b - s.startByte), a - from);
      }
    },
    /** When the last placed speech ends (ms), 0 when none. */
    speechEndMs(): number {
      return speech.reduce((end, s) => Math.max(end, (s.startByte + s.audio.length) / 8), 0);
    },
  };
}
