/**
 * Records a call as one mixed track, the way a listener on the line would hear it: the
 * caller's frames placed by Twilio's timestamps, the assistant's frames placed at the moment
 * they play (the pacer's estimate when it sends them), and assistant audio that a `clear`
 * dropped from Twilio's buffer erased again. Output is 16-bit PCM at 8 kHz, mono (what
 * browsers play), written in one-second chunks as the call goes.
 *
 * Hot path: both directions land in two preallocated μ-law rings covering the last
 * `windowMs`; a second that no frame can touch any more (behind the caller's frames and
 * behind now: assistant frames are never placed in the past) is mixed by table lookup into a
 * reused buffer and handed to the file. Nothing allocates per frame.
 *
 * Time origin: the recorder's creation (the stream's `start`) = Twilio's timestamp 0.
 */
import { MULAW_DECODE } from '../audio/mulaw.ts';

const RATE = 8; // samples per ms
const SILENCE = 0xff;

/** Where the mixed PCM goes; `write` must copy or consume `pcm` before returning. */
export interface RecordingSink {
  write(pcm: Uint8Array): void;
}

export interface CallRecorderOptions {
  sink: RecordingSink;
  now(): number;
  /** How far audio may arrive out of order (default 4000 ms). */
  windowMs?: number;
  /** Mixed and written this much at a time (default 1000 ms). */
  chunkMs?: number;
  /** Longer calls are recorded up to this (default 2 hours). */
  maxMs?: number;
  /** The `now()` time of Twilio's timestamp 0 (default: the recorder's creation). */
  origin?: number;
}

export interface RecorderStats {
  /** Samples written to the sink (the recording's length so far). */
  samples: number;
  /** Audio that arrived after its place was written (bytes), per direction. */
  lateCaller: number;
  lateAssistant: number;
  full: boolean;
}

export interface CallRecorder {
  /** One caller frame (strict base64 μ-law) with Twilio's `timestamp` (ms since the stream began). */
  caller(payloadBase64: string, timestampMs: number): void;
  /** One assistant frame as sent to Twilio, and when it starts playing (the `now()` clock). */
  assistant(frame: Uint8Array, length: number, playsAtMs: number): void;
  /** Twilio dropped its buffer at `atMs`: assistant audio placed after it was never heard. */
  assistantCleared(atMs: number): void;
  /** Writes everything up to `atMs` (the hang-up) and stops. Returns the length in samples. */
  finish(atMs: number): number;
  readonly stats: Readonly<RecorderStats>;
}

export function createCallRecorder(o: CallRecorderOptions): CallRecorder {
  const capacity = Math.round((o.windowMs ?? 4000) * RATE);
  const chunk = Math.round((o.chunkMs ?? 1000) * RATE);
  const maxSamples = Math.round((o.maxMs ?? 2 * 3600_000) * RATE);
  const t0 = o.origin ?? o.now();
  const callerRing = new Uint8Array(capacity).fill(SILENCE);
  const assistantRing = new Uint8Array(capacity).fill(SILENCE);
  const out = new Uint8Array(chunk * 2);
  const outView = new DataView(out.buffer);
  let scratch = Buffer.alloc(1024);
  let flushed = 0; // absolute sample index: everything before it is written
  let callerHead = 0;
  let assistantHead = 0;
  let finished = false;
  const stats: RecorderStats = { samples: 0, lateCaller: 0, lateAssistant: 0, full: false };

  const posOf = (ms: number) => Math.round((ms - t0) * RATE);

  /** Mixes and writes [flushed, to), in chunks; ring slots are reset to silence behind it. */
  function flushTo(to: number): void {
    const end = Math.min(to, maxSamples);
    while (flushed < end) {
      const n = Math.min(chunk, end - flushed);
      for (let i = 0; i < n; i++) {
        const slot = (flushed + i) % capacity;
        let v =
          (MULAW_DECODE[callerRing[slot] as number] as number) +
          (MULAW_DECODE[assistantRing[slot] as number] as number);
        if (v > 32767) v = 32767;
        else if (v < -32768) v = -32768;
        outView.setInt16(i * 2, v, true);
        callerRing[slot] = SILENCE;
        assistantRing[slot] = SILENCE;
      }
      o.sink.write(out.subarray(0, n * 2));
      flushed += n;
      stats.samples = flushed;
    }
    if (flushed >= maxSamples) stats.full = true;
  }

  /** Writes complete chunks that nothing can change any more. */
  function maybeFlush(): void {
    const nowPos = posOf(o.now());
    let safe = Math.min(callerHead, nowPos);
    // Caller frames stalled (Twilio hiccup): do not let the window overflow waiting for them.
    if (nowPos - flushed > capacity - chunk) safe = Math.max(safe, nowPos - capacity + 2 * chunk);
    if (safe - flushed >= chunk) flushTo(flushed + Math.floor((safe - flushed) / chunk) * chunk);
  }

  /** Copies `n` bytes of `src` into `ring` at absolute position `pos` (clipped to the window). */
  function place(ring: Uint8Array, src: Uint8Array, n: number, pos: number): number {
    let skip = 0;
    if (pos < flushed) skip = Math.min(n, flushed - pos);
    if (pos + n - flushed > capacity) flushTo(pos + n - capacity);
    for (let i = skip; i < n; i++) ring[(pos + i) % capacity] = src[i] as number;
    return skip;
  }

  function assistantCleared(atMs: number): void {
    if (finished) return;
    const from = Math.max(flushed, posOf(atMs));
    for (let p = from; p < assistantHead; p++) assistantRing[p % capacity] = SILENCE;
    if (assistantHead > from) assistantHead = from;
  }

  return {
    caller(payloadBase64, timestampMs) {
      if (finished || stats.full) return;
      const need = (payloadBase64.length >>> 2) * 3;
      if (need > scratch.length) scratch = Buffer.alloc(need);
      const n = scratch.write(payloadBase64, 0, 'base64');
      const stamped = Number.isFinite(timestampMs) ? Math.round(timestampMs * RATE) : callerHead;
      // Twilio's clock places the frame; a gap (lost frames) stays silent, a jump back is ignored.
      const pos = stamped > callerHead && stamped - callerHead < capacity / 2 ? stamped : callerHead;
      stats.lateCaller += place(callerRing, scratch, n, pos);
      callerHead = pos + n;
      maybeFlush();
    },
    assistant(frame, length, playsAtMs) {
      if (finished || stats.full) return;
      const pos = posOf(playsAtMs);
      stats.lateAssistant += place(assistantRing, frame, length, pos);
      if (pos + length > assistantHead) assistantHead = pos + length;
    },
    assistantCleared,
    finish(atMs) {
      if (!finished) {
        // Audio sent to Twilio but not yet played at the hang-up was never heard.
        assistantCleared(atMs);
        flushTo(Math.max(callerHead, posOf(atMs)));
        finished = true;
      }
      return stats.samples;
    },
    stats,
  };
}
