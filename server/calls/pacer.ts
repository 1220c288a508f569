/**
 * The outbound transmit queue: assistant audio to Twilio at the pace it plays. Upstream
 * produces speech faster than real time; sending it all at once would leave `clear` as the
 * only way to stop it and make marks meaningless, so frames go out on a deadline clock that
 * keeps at most `leadMs` buffered at Twilio ahead of real time.
 *
 * Invariants:
 * - Offsets count bytes since the last `clear(generation)`. Every mark is named
 *   `formatPlaybackMark(generation, offset)` where `offset` is the bytes sent before it, and
 *   every byte sent is followed by a mark (at least every `markEveryMs`, when the queue runs
 *   dry, and on pause), so the turn machine's played position always catches up.
 * - Offsets stay aligned with the bytes enqueued: overflow drops the oldest queued audio but
 *   counts it as sent, and a base64 chunk that decodes short is padded with μ-law silence.
 * - A rewind (soft barge-in) sends `clear` and moves the read position back to the byte the
 *   caller heard: what Twilio dropped is queued again, in order, and nothing is lost. The ring
 *   keeps the last `retainMs` sent behind its read position for that (never overwritten).
 * - The queue is one byte ring, 8 s to begin with and doubled (one copy, in order, history
 *   kept) when a reply outgrows it, up to `maxQueueMs`; a frame is copied into one reused
 *   buffer and base64-encoded from it. No per-frame allocation beyond the outgoing string.
 */
import { ULAW_BYTES_PER_MS } from './events.ts';
import { createTwilioEncoder, formatPlaybackMark } from './twilio-codec.ts';
import { sometimes } from './types.ts';

const ULAW_SILENCE = 0xff;

export interface PacerPorts {
  /** Bun `ServerWebSocket.send` semantics: > 0 sent, -1 queued under backpressure (stop and
   * wait for `drain()`), 0 dropped. */
  send(frame: string): number;
  /** Monotonic milliseconds. */
  now(): number;
  timers: {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
  logger: { warn(fields: Record<string, unknown>, message: string): void };
  /** Each frame as it is sent and when it will start playing (the `now()` clock): the recording. */
  sent?(frame: Uint8Array, length: number, playsAtMs: number): void;
}

export interface PacerOptions {
  streamSid: string;
  frameMs?: number;
  /** Most audio kept buffered at Twilio ahead of real time. */
  leadMs?: number;
  /** A mark after every this much audio sent. */
  markEveryMs?: number;
  /** Bound of the queue here; beyond it the oldest audio is dropped and counted. */
  maxQueueMs?: number;
  /** The ring's first size in ms of queue (default 8 s); it doubles up to `maxQueueMs` as needed. */
  initialQueueMs?: number;
  /** Sent audio kept for a rewind (at least the lead plus a mark interval). */
  retainMs?: number;
}

export interface PacerStats {
  generation: number;
  queuedBytes: number;
  /** Bytes sent (or skipped by overflow) in this generation: the offset of the next mark. */
  sentBytes: number;
  framesSent: number;
  marksSent: number;
  clearsSent: number;
  rewinds: number;
  /** Bytes a rewind queued again (sent, dropped by Twilio unheard, sent again later). */
  rewoundBytes: number;
  overflowBytes: number;
  droppedSends: number;
  backpressureWaits: number;
  paused: boolean;
  blocked: boolean;
}

export interface Pacer {
  enqueue(audio: Uint8Array): void;
  /** Decodes straight into the ring. `byteLength` is the exact decoded size (validated base64). */
  enqueueBase64(audioBase64: string, byteLength: number): void;
  /** Stops sending at once (a mark confirms what was sent); the queue is kept. */
  pause(): void;
  resume(): void;
  /** Drops the queue, sends Twilio `clear`, restarts offsets at 0 in `generation`, unpauses. */
  clear(generation: number): void;
  /**
   * Sends Twilio `clear` and rewinds to `offset` (the byte the caller heard): everything after
   * it is queued again. Marks continue in `generation` from `offset`. Leaves the pacer paused.
   */
  rewind(generation: number, offset: number): void;
  /** The socket's `drain` fired: continue after backpressure. */
  drain(): void;
  /** The call ended: cancels the timer; later calls do nothing. */
  close(): void;
  readonly stats: Readonly<PacerStats>;
  /** Ms of audio estimated buffered at Twilio right now. */
  leadMs(): number;
}

export function createPacer(ports: PacerPorts, options: PacerOptions): Pacer {
  const frameBytes = (options.frameMs ?? 20) * ULAW_BYTES_PER_MS;
  const leadMs = options.leadMs ?? 200;
  const markBytes = (options.markEveryMs ?? 100) * ULAW_BYTES_PER_MS;
  const retainBytes = (options.retainMs ?? 2000) * ULAW_BYTES_PER_MS;
  const capacity = (options.maxQueueMs ?? 120_000) * ULAW_BYTES_PER_MS;
  if (
    !(
      frameBytes > 0 &&
      leadMs >= frameBytes / ULAW_BYTES_PER_MS &&
      markBytes > 0 &&
      capacity >= frameBytes &&
      retainBytes >= 0
    )
  ) {
    throw new RangeError(
      'createPacer: need frameMs > 0, leadMs >= frameMs, markEveryMs > 0, maxQueueMs >= frameMs',
    );
  }
  const encoder = createTwilioEncoder(options.streamSid);
  // The ring starts small and doubles when a reply outgrows it, up to `capacity` queued plus
  // the retained history: most calls never queue more than a few seconds, and a ring sized
  // for the bound was most of a live call's memory (120 s = 960 KB).
  let ringSize = Math.min(capacity, (options.initialQueueMs ?? 8_000) * ULAW_BYTES_PER_MS) + retainBytes;
  let ring = Buffer.alloc(ringSize);
  /** Sent bytes still intact behind `head` (a rewind can go back this far). */
  let retained = 0;
  /** Media went out since the last clear or rewind: Twilio may hold some (else a clear is moot). */
  let sentSinceClear = false;
  const frame = Buffer.alloc(frameBytes);
  let scratch = Buffer.alloc(0); // for a base64 chunk that wraps around the ring's end
  let head = 0;
  const stats: PacerStats = {
    generation: 0,
    queuedBytes: 0,
    sentBytes: 0,
    framesSent: 0,
    marksSent: 0,
    clearsSent: 0,
    rewinds: 0,
    rewoundBytes: 0,
    overflowBytes: 0,
    droppedSends: 0,
    backpressureWaits: 0,
    paused: false,
    blocked: false,
  };
  let lastMarkOffset = 0;
  /** When Twilio will have played everything sent so far (estimate, on our clock). */
  let bufferedUntil = ports.now();
  let timer: unknown = null;
  let closed = false;
  let overflowEvents = 0;

  function warnSometimes(count: number, fields: Record<string, unknown>, message: string): void {
    if (sometimes(count)) ports.logger.warn(fields, message);
  }

  /** Sends one frame; false when the socket is under backpressure. */
  function transmit(text: string): boolean {
    const result = ports.send(text);
    if (result === 0) {
      stats.droppedSends++;
      warnSometimes(stats.droppedSends, { dropped: stats.droppedSends }, 'pacer: socket dropped a frame');
    }
    return result !== -1;
  }

  function sendMark(): boolean {
    lastMarkOffset = stats.sentBytes;
    stats.marksSent++;
    return transmit(encoder.mark(formatPlaybackMark(stats.generation, stats.sentBytes)));
  }

  function block(): void {
    stats.blocked = true;
    stats.backpressureWaits++;
  }

  function cancelTimer(): void {
    if (timer !== null) ports.timers.clearTimeout(timer);
    timer = null;
  }

  function pump(): void {
    timer = null;
    if (closed || stats.paused || stats.blocked) return;
    const now = ports.now();
    if (bufferedUntil < now) bufferedUntil = now; // Twilio ran dry
    while (stats.queuedBytes > 0) {
      const n = Math.min(stats.queuedBytes, frameBytes);
      if (bufferedUntil + n / ULAW_BYTES_PER_MS - now > leadMs) break;
      const first = Math.min(n, ringSize - head);
      ring.copy(frame, 0, head, head + first);
      if (first < n) ring.copy(frame, first, 0, n - first);
      head = (head + n) % ringSize;
      retained = Math.min(retained + n, retainBytes);
      stats.queuedBytes -= n;
      stats.sentBytes += n;
      stats.framesSent++;
      ports.sent?.(frame, n, bufferedUntil);
      bufferedUntil += n / ULAW_BYTES_PER_MS;
      sentSinceClear = true;
      let flowing = transmit(encoder.media(frame.toString('base64', 0, n)));
      if (stats.sentBytes - lastMarkOffset >= markBytes || stats.queuedBytes === 0) {
        flowing = sendMark() && flowing;
      }
      if (!flowing) {
        block();
        return;
      }
    }
    if (stats.queuedBytes > 0) {
      const n = Math.min(stats.queuedBytes, frameBytes);
      const due = bufferedUntil + n / ULAW_BYTES_PER_MS - leadMs;
      timer = ports.timers.setTimeout(pump, Math.max(0, due - now));
    }
  }

  function kick(): void {
    if (timer === null && !closed && !stats.paused && !stats.blocked) pump();
  }

  /** Makes room for `n` more bytes by dropping the oldest, which count as sent (see invariants). */
  function makeRoom(n: number): void {
    // The ring has `retainBytes` beyond the queue's bound, so history kept for a rewind is
    // never overwritten: queued + retained stays within the ring.
    const excess = stats.queuedBytes + n - capacity;
    if (excess <= 0) return;
    const drop = Math.min(excess, stats.queuedBytes);
    head = (head + drop) % ringSize;
    stats.queuedBytes -= drop;
    stats.sentBytes += drop;
    stats.overflowBytes += drop;
    overflowEvents++;
    warnSometimes(overflowEvents, { overflowBytes: stats.overflowBytes }, 'pacer: queue overflow');
  }

  /** Grows the ring (keeping its order and the retained history) so `n` more bytes fit. */
  function ensureRoom(n: number): void {
    const need = stats.queuedBytes + n + retainBytes;
    if (need <= ringSize) return;
    const size = Math.min(capacity + retainBytes, Math.max(need, 2 * ringSize));
    const next = Buffer.alloc(size);
    const start = (head - retained + ringSize) % ringSize;
    const length = retained + stats.queuedBytes;
    const first = Math.min(length, ringSize - start);
    ring.copy(next, 0, start, start + first);
    if (first < length) ring.copy(next, first, 0, length - first);
    ring = next;
    ringSize = size;
    head = retained;
  }

  function tail(): number {
    return (head + stats.queuedBytes) % ringSize;
  }

  function enqueue(audio: Uint8Array): void {
    if (closed || audio.length === 0) return;
    let src = audio;
    if (src.length > capacity) {
      // Longer than the whole queue: only its newest `capacity` bytes can be kept.
      makeRoom(capacity);
      const skipped = src.length - capacity;
      stats.sentBytes += skipped;
      stats.overflowBytes += skipped;
      src = src.subarray(skipped);
    } else {
      makeRoom(src.length);
    }
    ensureRoom(src.length);
    const at = tail();
    const first = Math.min(src.length, ringSize - at);
    ring.set(first === src.length ? src : src.subarray(0, first), at);
    if (first < src.length) ring.set(src.subarray(first), 0);
    stats.queuedBytes += src.length;
    kick();
  }

  function enqueueBase64(audioBase64: string, byteLength: number): void {
    if (closed || byteLength <= 0) return;
    if (byteLength > capacity) {
      enqueue(Buffer.from(audioBase64, 'base64'));
      return;
    }
    makeRoom(byteLength);
    ensureRoom(byteLength);
    const at = tail();
    let written: number;
    if (at + byteLength <= ringSize) {
      written = ring.write(audioBase64, at, byteLength, 'base64');
      if (written < byteLength) ring.fill(ULAW_SILENCE, at + written, at + byteLength);
    } else {
      if (scratch.length < byteLength) scratch = Buffer.alloc(Math.max(byteLength, 2 * scratch.length));
      written = scratch.write(audioBase64, 0, byteLength, 'base64');
      if (written < byteLength) scratch.fill(ULAW_SILENCE, written, byteLength);
      const first = ringSize - at;
      scratch.copy(ring, at, 0, first);
      scratch.copy(ring, 0, first, byteLength);
    }
    if (written < byteLength) {
      ports.logger.warn({ expected: byteLength, decoded: written }, 'pacer: base64 chunk decoded short');
    }
    stats.queuedBytes += byteLength;
    kick();
  }

  return {
    enqueue,
    enqueueBase64,
    pause() {
      if (closed || stats.paused) return;
      stats.paused = true;
      cancelTimer();
      if (stats.sentBytes > lastMarkOffset && !stats.blocked && !sendMark()) block();
    },
    resume() {
      if (!stats.paused) return;
      stats.paused = false;
      kick();
    },
    clear(generation) {
      if (closed) return;
      cancelTimer();
      head = 0;
      retained = 0;
      stats.queuedBytes = 0;
      stats.generation = generation;
      stats.sentBytes = 0;
      lastMarkOffset = 0;
      stats.paused = false;
      bufferedUntil = ports.now();
      if (!sentSinceClear) return; // Twilio holds nothing of ours: no message needed
      sentSinceClear = false;
      stats.clearsSent++;
      if (!transmit(encoder.clear()) && !stats.blocked) block();
    },
    rewind(generation, offset) {
      if (closed) return;
      cancelTimer();
      // Only what is still in the ring can be replayed; anything older counts as heard.
      const back = Math.max(0, Math.min(stats.sentBytes - offset, retained));
      head = (head - back + ringSize) % ringSize;
      retained -= back;
      stats.queuedBytes += back;
      stats.sentBytes -= back;
      stats.rewinds++;
      stats.rewoundBytes += back;
      stats.generation = generation;
      lastMarkOffset = stats.sentBytes;
      stats.paused = true;
      bufferedUntil = ports.now();
      sentSinceClear = false;
      stats.clearsSent++;
      if (!transmit(encoder.clear()) && !stats.blocked) block();
    },
    drain() {
      if (!stats.blocked) return;
      stats.blocked = false;
      kick();
    },
    close() {
      closed = true;
      cancelTimer();
    },
    stats,
    leadMs: () => Math.max(0, bufferedUntil - ports.now()),
  };
}
