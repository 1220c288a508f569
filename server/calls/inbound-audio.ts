/**
 * The analysis side of the caller's audio. The payload itself goes upstream untouched; here
 * it is decoded once into a reused buffer, cut into 20 ms frames (Twilio sends 160-byte
 * frames, but nothing relies on it), kept as linear PCM in a ring (the last seconds: pre-roll
 * and analysis windows for later stages) and fed to the VAD through the speech tracker.
 * Allocates nothing per frame; the scratch buffer only grows for an oversized payload.
 */
import { FRAME_SAMPLES, SAMPLE_RATE } from './audio/format.ts';
import { decodeInto } from './audio/mulaw.ts';
import { createPcmRing, type PcmRing } from './audio/ring-buffer.ts';
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
  /** Seconds of linear audio kept in the ring. */
  ringSeconds?: number;
}

export interface InboundAudio {
  /**
   * Analyses one strictly validated base64 μ-law payload; `onFrame` runs once per complete
   * 20 ms frame with that frame's events (the same object each time).
   */
  push(payloadBase64: string, assistantSpeaking: boolean): void;
  readonly tracker: SpeechTracker;
  readonly ring: PcmRing;
  readonly framesAnalysed: number;
}

export function createInboundAudio(
  options: InboundAudioOptions,
  onFrame: (events: SpeechFrameEvents) => void,
): InboundAudio {
  const tracker = createSpeechTracker(createVad(options.vad), options.speech);
  const ring = createPcmRing(Math.round((options.ringSeconds ?? 4) * SAMPLE_RATE));
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
        decodeInto(frame, pcm);
        ring.write(pcm);
        onFrame(tracker.push(frame, assistantSpeaking));
      }
    },
    tracker,
    ring,
    get framesAnalysed() {
      return frames;
    },
  };
}
