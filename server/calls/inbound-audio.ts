/**
 * The analysis side of the caller's audio. The payload itself goes upstream untouched; here
 * it is decoded once into a reused buffer, cut into 20 ms frames (Twilio sends 160-byte
 * frames, but nothing relies on it), decoded to linear PCM for the neural VAD and fed to the
 * VAD through the speech tracker. Nothing of the audio is kept beyond the frame at hand.
 * Allocates nothing per frame; the scratch buffer only grows for an oversized payload.
 */

import { createEchoGuard, type EchoGuard } from './audio/echo-guard.ts';
import { FRAME_SAMPLES } from './audio/format.ts';
import { createFrameAnalyser, type FrameFeatures } from './audio/frame-features.ts';
import { decodeInto } from './audio/mulaw.ts';
import type { NeuralVad, NeuralVadStream } from './audio/neural-vad.ts';
import { createVad, type VadParams } from './audio/vad.ts';
import {
  createSpeechTracker,
  type SpeechFrameEvents,
  type SpeechTracker,
  type SpeechTrackerOptions,
} from './speech-tracker.ts';

export interface InboundAudioOptions {
  vad?: Partial<VadParams>;
  speech?: SpeechTrackerOptions;
  /** The process's neural VAD; absent (or its model missing): the energy VAD alone. */
  neural?: NeuralVad | null;
  gateReliefDb?: number;
  gateHoldMs?: number;
  /** Monotonic ms (the playback clock's), for telling the assistant's echo from the caller. */
  now?: () => number;
}

export interface InboundAudio {
  /**
   * Analyses one strictly validated base64 μ-law payload; `onFrame` runs once per complete
   * 20 ms frame with that frame's events (the same object each time).
   */
  push(payloadBase64: string, assistantSpeaking: boolean): void;
  readonly tracker: SpeechTracker;
  readonly framesAnalysed: number;
  /** Frames whose window the neural gate let through. */
  readonly framesGated: number;
  /** A frame of the assistant's audio, sent to play from `playsAt`: the echo's reference. */
  reference(frame: Uint8Array, length: number, playsAt: number): void;
  /** A clear dropped what was to play from `atMs` on. */
  cut(atMs: number): void;
  readonly echo: EchoGuard;
  /** The call ended: its neural stream is closed. */
  close(): void;
}

export function createInboundAudio(
  options: InboundAudioOptions,
  onFrame: (events: SpeechFrameEvents) => void,
): InboundAudio {
  const now = options.now ?? (() => performance.now());
  const echo = createEchoGuard();
  const vad = createVad(options.vad, (level) => echo.inbound(now(), level));
  const refAnalyser = createFrameAnalyser();
  const refFeatures: FrameFeatures = { energyDb: -120, zcr: 0, voicing: 0 };

  const tracker = createSpeechTracker(vad, options.speech);
  const gateDb = vad.params.thresholdDb - (options.gateReliefDb ?? 6);
  const gateHoldFrames = Math.round((options.gateHoldMs ?? 300) / 20);
  let gateLeft = 0;
  let gated = 0;
  const stream: NeuralVadStream | null =
    options.neural?.open((probability) => onFrame(tracker.neural(probability))) ?? null;
  tracker.setNeuralActive(stream !== null);
  const frame = new Uint8Array(FRAME_SAMPLES);
  const pcm = new Int16Array(FRAME_SAMPLES);
  let scratch = Buffer.alloc(1024);
  let filled = 0;
  let frames = 0;

  return {
    push(payloadBase64, assistantSpeaking) {
      const need = (payloadBase64.length >>> 2) * 3;
      if (need > scratch.length) scratch = Buffer.alloc(need);
      const n = scratch.write(payloadBase64, 0, 'base64');
      for (let i = 0; i < n; ) {
        const take = Math.min(FRAME_SAMPLES - filled, n - i);
        scratch.copy(frame, filled, i, i + take);
        filled += take;
        i += take;
        if (filled < FRAME_SAMPLES) break;
        filled = 0;
        frames++;
        if (stream !== null) decodeInto(frame, pcm);
        const events = tracker.push(frame, assistantSpeaking);
        if (stream !== null) {
          // While the assistant is audible the model runs on every window, so its state is warm
          // when the caller starts: its first verdict on a voice then comes a window sooner.
          if (assistantSpeaking || tracker.inSpeech || tracker.marginDb >= gateDb) gateLeft = gateHoldFrames;
          else if (gateLeft > 0) gateLeft--;
          if (gateLeft > 0) gated++;
          stream.push(pcm, gateLeft > 0);
        }
        onFrame(events);
      }
    },
    tracker,
    get framesAnalysed() {
      return frames;
    },
    get framesGated() {
      return gated;
    },
    reference(frame, length, playsAt) {
      if (length !== FRAME_SAMPLES) return;
      refAnalyser.analyse(frame.length === length ? frame : frame.subarray(0, length), refFeatures);
      echo.reference(playsAt, refFeatures.energyDb);
    },
    cut: (atMs) => echo.cut(atMs),
    echo,
    close() {
      stream?.close();
    },
  };
}
