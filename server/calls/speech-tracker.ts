/**
 * Turns the local VAD's per-frame verdicts into the turn machine's caller-speech events, and
 * decides when upstream's own `speech_started` may act as a barge-in trigger.
 *
 * Local events: the VAD's onset is `local_speech_start` (playback pauses). Confirmation counts
 * the speech run from its first frame, so the VAD's own minimum duration counts toward
 * `confirmMs` rather than adding to it: while the assistant talks the VAD already demands
 * 400 ms, so onset and confirmation land on the same frame; otherwise confirmation follows
 * `confirmMs` into the run. The VAD's end is `local_speech_end`.
 *
 * Upstream trigger: OpenAI's server VAD fires on coughs and one-word backchannels (the
 * stand-in models that). Its `speech_started` is forwarded only once the local signal
 * corroborates it: at least `corroborateMs` of frames with evidence of a voice (loud and
 * voiced, or fricative) since shortly before it arrived and before its `speech_stopped`,
 * counted even when they are not one unbroken run. A cough (unvoiced), line noise, or "כן"
 * (~360 ms) stays under 400 ms; speech the local VAD is slow to confirm because its words
 * are short with gaps ("רגע... רגע": no 400 ms run until 1.2 s) gets through sooner.
 */
import { FRAME_MS } from './audio/format.ts';
import type { Vad } from './audio/vad.ts';

export interface SpeechTrackerOptions {
  /** Speech run needed before a barge-in is confirmed (from the run's first frame). */
  confirmMs?: number;
  /** Sound above the floor needed to accept upstream's speech_started. */
  corroborateMs?: number;
  /** How far back sound counts when upstream's event arrives (its detection delay). */
  lookbackMs?: number;
  /** Upstream's event stops counting after this long without `speech_stopped`. */
  windowMs?: number;
}

/** What one frame caused. The same object is returned (and overwritten) on every push. */
export interface SpeechFrameEvents {
  start: boolean;
  confirmed: boolean;
  end: boolean;
  /** Upstream's pending speech_started is now corroborated: forward it to the turn machine. */
  upstreamTrigger: boolean;
}

export interface SpeechTracker {
  /** One 20 ms frame of 160 μ-law bytes. Allocates nothing. */
  push(frame: Uint8Array, assistantSpeaking: boolean): SpeechFrameEvents;
  /** Upstream heard speech; true when it is corroborated already (forward it now). */
  upstreamSpeechStarted(): boolean;
  upstreamSpeechStopped(): void;
}

const toFrames = (ms: number) => Math.max(1, Math.ceil(ms / FRAME_MS));

export function createSpeechTracker(vad: Vad, options: SpeechTrackerOptions = {}): SpeechTracker {
  const confirmFrames = toFrames(options.confirmMs ?? 200);
  const corroborateFrames = toFrames(options.corroborateMs ?? 400);
  const lookbackFrames = toFrames(options.lookbackMs ?? 600);
  const windowFrames = toFrames(options.windowMs ?? 3000);
  const p = vad.params;
  const out: SpeechFrameEvents = { start: false, confirmed: false, end: false, upstreamTrigger: false };
  const recentLoud = new Uint8Array(lookbackFrames);
  let frameIndex = 0;
  let runFrames = 0;
  let confirmed = false;
  let pending = false;
  let pendingLoud = 0;
  let pendingUntil = 0;

  return {
    push(frame, assistantSpeaking) {
      vad.setAssistantSpeaking(assistantSpeaking);
      const r = vad.push(frame);
      out.start = false;
      out.confirmed = false;
      out.end = false;
      out.upstreamTrigger = false;

      if (r.onset) {
        out.start = true;
        runFrames = r.speechFrames;
        confirmed = false;
      } else if (r.speech) {
        runFrames++;
      }
      if (r.speech && !confirmed && runFrames >= confirmFrames) {
        confirmed = true;
        out.confirmed = true;
      }
      if (r.ended) {
        out.end = true;
        runFrames = 0;
        confirmed = false;
      }

      // Evidence of a voice: the VAD's speech, a loud voiced frame, or a fricative. Not mere
      // loudness: a cough is unvoiced, and a step in line noise is loud until the floor adapts.
      const margin = r.energyDb - r.noiseFloorDb;
      const loud =
        r.speech ||
        (margin >= p.thresholdDb && r.voicing >= p.voicingMin) ||
        (r.zcr >= p.fricativeZcr && margin >= p.thresholdDb - p.fricativeReliefDb);
      recentLoud[frameIndex % lookbackFrames] = loud ? 1 : 0;
      frameIndex++;
      if (pending) {
        if (loud) pendingLoud++;
        if (pendingLoud >= corroborateFrames) {
          pending = false;
          out.upstreamTrigger = true;
        } else if (frameIndex >= pendingUntil) {
          pending = false;
        }
      }
      return out;
    },
    upstreamSpeechStarted() {
      let loud = 0;
      for (let i = 0; i < lookbackFrames; i++) loud += recentLoud[i] as number;
      if (loud >= corroborateFrames) {
        pending = false;
        return true;
      }
      pending = true;
      pendingLoud = loud;
      pendingUntil = frameIndex + windowFrames;
      return false;
    },
    upstreamSpeechStopped() {
      pending = false;
    },
  };
}
