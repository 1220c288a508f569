import { levelDb, ulawToLinear } from '../ulaw-level.ts';

/** 20 ms of 8 kHz μ-law: the detector's unit of decision. */
const FRAME_BYTES = 160;
const FRAME_MS = 20;

export interface SpeechDetectorConfig {
  /** A frame at or above this level counts as voiced. */
  thresholdDb: number;
  /** Voiced audio needed, consecutively, before speech is declared. */
  minSpeechMs: number;
  /** Unvoiced audio needed, consecutively, before speech is declared over. */
  silenceMs: number;
  /** How far before the onset `audio_start_ms` points, as OpenAI's `prefix_padding_ms`. */
  prefixPaddingMs: number;
}

/**
 * Defaults chosen against the fixtures: continuous line noise (~48 dB) stays below the
 * threshold, while a cough or a one-word backchannel crosses it, as OpenAI's server VAD
 * is known to do (the false barge-ins the relay must survive).
 */
export const DEFAULT_SPEECH_DETECTOR: SpeechDetectorConfig = {
  thresholdDb: 52,
  minSpeechMs: 60,
  silenceMs: 500,
  prefixPaddingMs: 300,
};

export type SpeechEvent =
  | { type: 'started'; audioStartMs: number; onsetMs: number }
  | { type: 'stopped'; audioEndMs: number };

export interface SpeechDetector {
  /** Feeds appended audio; returns the transitions it completed (usually none). */
  push(bytes: Uint8Array): readonly SpeechEvent[];
  /** Milliseconds of audio fed so far: OpenAI's clock for `audio_start_ms`/`audio_end_ms`. */
  positionMs(): number;
  speaking(): boolean;
  configure(config: Partial<SpeechDetectorConfig>): void;
}

const NONE: readonly SpeechEvent[] = Object.freeze([]);

function append(events: SpeechEvent[] | undefined, event: SpeechEvent): SpeechEvent[] {
  if (!events) return [event];
  events.push(event);
  return events;
}

/**
 * Energy-based detector over 20 ms frames of μ-law. Allocates nothing per frame; a
 * returned array exists only when a transition happened.
 * Invariant: events alternate started/stopped, and `audioEndMs` > the matching `audioStartMs`.
 */
export function createSpeechDetector(initial: Partial<SpeechDetectorConfig> = {}): SpeechDetector {
  const config = { ...DEFAULT_SPEECH_DETECTOR };
  let frames = 0;
  let sum = 0;
  let count = 0;
  let speaking = false;
  let run = 0;

  function frameDone(events: SpeechEvent[] | undefined): SpeechEvent[] | undefined {
    const voiced = levelDb(sum / FRAME_BYTES) >= config.thresholdDb;
    frames++;
    sum = 0;
    count = 0;
    if (!speaking) {
      run = voiced ? run + 1 : 0;
      if (run * FRAME_MS >= config.minSpeechMs) {
        speaking = true;
        const onsetMs = (frames - run) * FRAME_MS;
        run = 0;
        const event: SpeechEvent = {
          type: 'started',
          onsetMs,
          audioStartMs: Math.max(0, onsetMs - config.prefixPaddingMs),
        };
        return append(events, event);
      }
      return events;
    }
    run = voiced ? 0 : run + 1;
    if (run * FRAME_MS >= config.silenceMs) {
      speaking = false;
      run = 0;
      return append(events, { type: 'stopped', audioEndMs: frames * FRAME_MS });
    }
    return events;
  }

  const configure = (next: Partial<SpeechDetectorConfig>) => {
    // Only numbers override: an absent or undefined setting keeps the current value.
    for (const [key, value] of Object.entries(next)) {
      if (typeof value === 'number') config[key as keyof SpeechDetectorConfig] = value;
    }
  };
  configure(initial);

  return {
    push(bytes) {
      let events: SpeechEvent[] | undefined;
      for (let i = 0; i < bytes.length; i++) {
        const v = ulawToLinear(bytes[i] as number);
        sum += v * v;
        if (++count === FRAME_BYTES) events = frameDone(events);
      }
      return events ?? NONE;
    },
    positionMs: () => (frames * FRAME_BYTES + count) / 8,
    speaking: () => speaking,
    configure,
  };
}
