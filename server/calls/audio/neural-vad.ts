/**
 * Neural speech confirmation for every live call of this process, batched: each call's
 * stream cuts its 8 kHz audio into Silero's 32 ms windows (256 samples, with the 32 samples
 * before them as context) and, while its energy gate is open, queues them; one inference per
 * tick runs the queued windows of all calls together (the model takes a batch dimension, and
 * 400 windows cost about 20 times one). Each call keeps its own recurrent state, copied in and
 * out of the batch.
 *
 * The model sits behind a port (`SpeechModel`, silero.ts loads the ONNX one), so tests and
 * benchmarks can count, fake or fail it. Per frame nothing is allocated; per tick, the
 * runtime's tensors.
 */
import { FRAME_SAMPLES } from './format.ts';

export const WINDOW_SAMPLES = 256;
export const CONTEXT_SAMPLES = 32;
export const INPUT_SAMPLES = WINDOW_SAMPLES + CONTEXT_SAMPLES;
/** Floats of recurrent state per stream: [2 layers][128]. */
export const STATE_SIZE = 256;

export interface SpeechModel {
  /**
   * `batch` windows: `input` is [batch][288] floats in -1..1, `state` [2][batch][128]. Resolves
   * each window's speech probability and the new state (same layout as `state`).
   */
  run(
    input: Float32Array,
    state: Float32Array,
    batch: number,
  ): Promise<{ probabilities: ArrayLike<number>; state: ArrayLike<number> }>;
}

export interface NeuralVadStats {
  inferences: number;
  windows: number;
  maxBatch: number;
  /** Windows a stream had to drop because its previous one was still waiting (overload). */
  dropped: number;
  failures: number;
  /** Nanoseconds spent from handing a batch to the model until its results were delivered. */
  inferenceNs: number;
}

export interface NeuralVadStream {
  /**
   * One 20 ms frame of linear PCM (160 samples). `gateOpen`: the caller may be speaking, so
   * the window this frame completes (if it does) is worth a look. Allocates nothing.
   */
  push(pcm: Int16Array, gateOpen: boolean): void;
  /** The call ended: pending windows and late results are dropped. */
  close(): void;
}

export interface NeuralVad {
  /** A stream for one call; `onProbability` gets each looked-at window's probability, in order. */
  open(onProbability: (probability: number) => void): NeuralVadStream;
  readonly stats: Readonly<NeuralVadStats>;
  readonly liveStreams: number;
}

export interface NeuralVadOptions {
  model: SpeechModel;
  timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** How long queued windows wait for others to join their batch (ms). */
  tickMs?: number;
  /** Most windows in one inference; 1 runs every window on its own (the unbatched baseline). */
  maxBatch?: number;
  log?: { warn(fields: object, message: string): void };
  now?: () => bigint | number;
}

interface Stream {
  onProbability: (p: number) => void;
  /** Context then the window being filled. */
  buf: Float32Array;
  filled: number;
  /** The gate was open during the window being filled. */
  wanted: boolean;
  /** The previous window was looked at: the recurrent state carries on (else it restarts). */
  continuous: boolean;
  state: Float32Array;
  /** A complete window waiting for the next tick. */
  queued: Float32Array;
  hasQueued: boolean;
  queuedFresh: boolean;
  inFlight: boolean;
  closed: boolean;
}

export function createNeuralVad(o: NeuralVadOptions): NeuralVad {
  const tickMs = o.tickMs ?? 8;
  const maxBatch = Math.max(1, o.maxBatch ?? 512);
  const streams = new Set<Stream>();
  const stats: NeuralVadStats = {
    inferences: 0,
    windows: 0,
    maxBatch: 0,
    dropped: 0,
    failures: 0,
    inferenceNs: 0,
  };
  let input = new Float32Array(INPUT_SAMPLES * 64);
  let state = new Float32Array(STATE_SIZE * 64);
  let timer: unknown = null;
  let running = false;
  let pending = 0;

  function schedule(): void {
    if (timer !== null || running || pending === 0) return;
    timer = o.timers.setTimeout(flush, tickMs);
  }

  function flush(): void {
    timer = null;
    if (running || pending === 0) return;
    const batch: Stream[] = [];
    for (const s of streams) {
      if (!s.hasQueued || s.inFlight) continue;
      batch.push(s);
      if (batch.length >= maxBatch) break;
    }
    if (batch.length === 0) return;
    const n = batch.length;
    if (input.length < n * INPUT_SAMPLES) {
      input = new Float32Array(2 * n * INPUT_SAMPLES);
      state = new Float32Array(2 * n * STATE_SIZE);
    }
    const half = n * 128;
    for (let b = 0; b < n; b++) {
      const s = batch[b] as Stream;
      input.set(s.queued, b * INPUT_SAMPLES);
      if (s.queuedFresh) s.state.fill(0);
      state.set(s.state.subarray(0, 128), b * 128);
      state.set(s.state.subarray(128), half + b * 128);
      s.hasQueued = false;
      s.inFlight = true;
      pending--;
    }
    stats.inferences++;
    stats.windows += n;
    if (n > stats.maxBatch) stats.maxBatch = n;
    running = true;
    const t0 = Bun.nanoseconds();
    o.model
      .run(input.subarray(0, n * INPUT_SAMPLES), state.subarray(0, 2 * half), n)
      .then(
        (out) => {
          for (let b = 0; b < n; b++) {
            const s = batch[b] as Stream;
            s.inFlight = false;
            if (s.closed) continue;
            for (let k = 0; k < 128; k++) {
              s.state[k] = out.state[b * 128 + k] as number;
              s.state[128 + k] = out.state[half + b * 128 + k] as number;
            }
            s.onProbability(out.probabilities[b] as number);
          }
        },
        (err) => {
          stats.failures++;
          if ((stats.failures & (stats.failures - 1)) === 0)
            o.log?.warn({ err: String(err), failures: stats.failures }, 'neural vad: inference failed');
          for (const s of batch) s.inFlight = false;
        },
      )
      .finally(() => {
        stats.inferenceNs += Bun.nanoseconds() - t0;
        running = false;
        if (pending > 0) {
          // Streams whose window waited behind this run go in the next one, without another wait.
          timer = o.timers.setTimeout(flush, 0);
        }
      });
  }

  function open(onProbability: (p: number) => void): NeuralVadStream {
    const s: Stream = {
      onProbability,
      buf: new Float32Array(INPUT_SAMPLES),
      filled: 0,
      wanted: false,
      continuous: false,
      state: new Float32Array(STATE_SIZE),
      queued: new Float32Array(INPUT_SAMPLES),
      hasQueued: false,
      queuedFresh: false,
      inFlight: false,
      closed: false,
    };
    streams.add(s);
    return {
      push(pcm, gateOpen) {
        if (s.closed) return;
        if (gateOpen) s.wanted = true;
        const buf = s.buf;
        for (let i = 0; i < FRAME_SAMPLES; i++) {
          buf[CONTEXT_SAMPLES + s.filled++] = (pcm[i] as number) / 32768;
          if (s.filled < WINDOW_SAMPLES) continue;
          s.filled = 0;
          if (s.wanted) {
            if (s.hasQueued) stats.dropped++;
            else pending++;
            s.queued.set(buf);
            s.hasQueued = true;
            s.queuedFresh = !s.continuous;
            s.continuous = true;
            schedule();
          } else {
            s.continuous = false;
          }
          s.wanted = gateOpen;
          buf.copyWithin(0, WINDOW_SAMPLES, INPUT_SAMPLES); // the window's tail is the next context
        }
      },
      close() {
        if (s.closed) return;
        s.closed = true;
        if (s.hasQueued) pending--;
        s.hasQueued = false;
        streams.delete(s);
      },
    };
  }

  return {
    open,
    stats,
    get liveStreams() {
      return streams.size;
    },
  };
}
