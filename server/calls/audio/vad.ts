import { FRAME_MS, FRAME_SAMPLES } from './format.ts';
import { createFrameAnalyser, type FrameFeatures } from './frame-features.ts';
import { resolveVadParams, type VadParams } from './vad-params.ts';

export { DEFAULT_VAD_PARAMS, resolveVadParams, type VadParams } from './vad-params.ts';

/** What one frame did. The same object is returned (and overwritten) on every push. */
export interface VadFrameResult extends FrameFeatures {
  /** The caller is talking in this frame (including the hangover after the last loud frame). */
  speech: boolean;
  /** Speech was declared on this frame, after the minimum run: a barge-in candidate. */
  onset: boolean;
  /** Speech ended on this frame (the hangover ran out). */
  ended: boolean;
  /** On onset: frames since the run began, so `ring.readLast(speechFrames * 160)` is the pre-roll. */
  speechFrames: number;
  noiseFloorDb: number;
  /** Louder than the echo of the assistant predicted for this frame (always, with no echo bar). */
  aboveEcho: boolean;
  /** The assistant is audible and its echo has been found on the line (an echo bar holds). */
  echoOnLine: boolean;
}

export type VadState = 'silence' | 'speech';

export interface Vad {
  /** Classifies one 20 ms frame of 160 μ-law bytes. Allocates nothing. */
  push(frame: Uint8Array): VadFrameResult;
  /** While on, onsets need a louder run (echo of the assistant, speakerphone). How long a
   * barge-in must be is the speech tracker's business (`assistantMinSpeechMs`). */
  setAssistantSpeaking(on: boolean): void;
  /** While the assistant talks, a frame must reach this level (dB) to be more than its echo. */
  setEchoBarDb(db: number): void;
  /** Back to silence with the initial noise floor, as at the start of a call. */
  reset(): void;
  readonly state: VadState;
  readonly params: Readonly<VadParams>;
}

const frames = (ms: number) => Math.max(1, Math.round(ms / FRAME_MS));

/**
 * Energy/ZCR/pitch voice activity detector for 8 kHz telephone audio (see vad-params.ts for
 * the measured defaults). A frame counts as evidence of speech when it is loud and voiced, or
 * is a quieter high-ZCR fricative; an onset needs a run of loud frames with enough evidence.
 */
export function createVad(
  partial: Partial<VadParams> = {},
  /** Given a frame's level, the level it must reach to be more than the assistant's echo. */
  echoBar?: (energyDb: number) => number,
): Vad {
  const p = resolveVadParams(partial);
  const minRun = frames(p.minSpeechMs);
  const minEvidence = frames(p.minEvidenceMs);
  const hangover = frames(p.hangoverMs);
  const risePerFrame = (p.floorRiseDbPerSec * FRAME_MS) / 1000;
  const fallAlpha = 1 - Math.exp(-FRAME_MS / Math.max(p.floorFallMs, 1));
  const analyser = createFrameAnalyser();
  const result: VadFrameResult = {
    speech: false,
    onset: false,
    ended: false,
    speechFrames: 0,
    noiseFloorDb: p.floorInitialDb,
    energyDb: -120,
    zcr: 0,
    voicing: 0,
    aboveEcho: true,
    echoOnLine: false,
  };
  let echoBarDb = Number.NEGATIVE_INFINITY;

  let state: VadState = 'silence';
  let assistantSpeaking = false;
  let floorDb = p.floorInitialDb;
  let run = 0;
  let evidence = 0;
  let quiet = 0;

  function trackFloor(energyDb: number) {
    if (energyDb < floorDb) floorDb += (energyDb - floorDb) * fallAlpha;
    else floorDb += Math.min(energyDb - floorDb, risePerFrame);
    if (floorDb < p.floorMinDb) floorDb = p.floorMinDb;
  }

  return {
    push(frame) {
      if (frame.length !== FRAME_SAMPLES) {
        throw new RangeError(`vad.push: expected ${FRAME_SAMPLES} bytes, got ${frame.length}`);
      }
      analyser.analyse(frame, result);
      const inSpeech = state === 'speech';
      const bar = p.thresholdDb + (assistantSpeaking ? p.assistantExtraDb : 0) - (inSpeech ? p.releaseDb : 0);
      const margin = result.energyDb - floorDb;
      if (echoBar) echoBarDb = echoBar(result.energyDb);
      result.aboveEcho = !assistantSpeaking || result.energyDb >= echoBarDb;
      result.echoOnLine = assistantSpeaking && echoBarDb !== Number.NEGATIVE_INFINITY;
      const loud = margin >= bar && result.aboveEcho;
      const fricative =
        result.zcr >= p.fricativeZcr && margin >= bar - p.fricativeReliefDb && result.aboveEcho;
      if (loud) result.voicing = analyser.voicing();
      const voiced = result.voicing >= p.voicingMin;

      result.onset = false;
      result.ended = false;
      if (!inSpeech) {
        if (loud || fricative) {
          run++;
          if (voiced || fricative) evidence++;
        } else {
          run = 0;
          evidence = 0;
        }
        if (run >= minRun && evidence >= minEvidence) {
          state = 'speech';
          result.onset = true;
          result.speechFrames = run;
          quiet = 0;
        }
      } else if (loud || fricative) {
        quiet = 0;
      } else if (++quiet >= hangover) {
        state = 'silence';
        result.ended = true;
        run = 0;
        evidence = 0;
      }
      trackFloor(result.energyDb);
      result.speech = state === 'speech';
      result.noiseFloorDb = floorDb;
      return result;
    },
    setAssistantSpeaking(on) {
      assistantSpeaking = on;
    },
    setEchoBarDb(db) {
      echoBarDb = db;
    },
    reset() {
      state = 'silence';
      floorDb = p.floorInitialDb;
      run = 0;
      evidence = 0;
      quiet = 0;
      analyser.reset();
    },
    get state() {
      return state;
    },
    params: p,
  };
}

/**
 * Feeds whole 20 ms frames of `ulaw` through `vad` (a trailing partial frame is ignored) and
 * returns the number of onsets. For tests and benchmarks; copies into one reused buffer.
 */
export function countOnsets(vad: Vad, ulaw: Uint8Array, onOnset?: (frameIndex: number) => void): number {
  const frame = new Uint8Array(FRAME_SAMPLES);
  let onsets = 0;
  for (let f = 0; (f + 1) * FRAME_SAMPLES <= ulaw.length; f++) {
    for (let i = 0; i < FRAME_SAMPLES; i++) frame[i] = ulaw[f * FRAME_SAMPLES + i] as number;
    if (vad.push(frame).onset) {
      onsets++;
      onOnset?.(f);
    }
  }
  return onsets;
}
