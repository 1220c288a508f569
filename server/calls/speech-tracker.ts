/**
 * Turns the local VAD's per-frame verdicts, and the neural model's per-window speech
 * probabilities when it runs, into the turn machine's caller-speech events:
 *
 * - `start`: the VAD's onset (80 ms of loud sound with voiced or fricative evidence, a few dB
 *   higher while the assistant is audible). Cheap and early on purpose: the machine stops what
 *   the caller hears at once and opens its verdict window.
 * - `confirmed`: enough speech to be a turn or a barge-in: `confirmMs` of voice with the
 *   assistant silent, `bargeInMs` while it is audible. Voice is the neural model's verdict
 *   when it runs (a 32 ms window at or above `neuralOn`), otherwise a loud (or fricative)
 *   frame after an onset, which needed voiced evidence. Voice heard in a burst of onsets (gaps under `burstGapMs`) adds up, so "רגע... רגע"
 *   confirms on the second word while a lone "כן" does not.
 * - `end`: the caller stopped. While the assistant is audible that is `quickEndMs` without
 *   voice, so a resumed reply waits no longer than it must; otherwise the VAD's own hangover.
 *   With the model running, an onset whose first `notSpeechWindows` windows are all below
 *   `neuralOff` (a cough, a click, a step in line noise) ends then and there.
 *
 * Allocation-free; the returned object is reused.
 */
import { FRAME_MS } from './audio/format.ts';
import type { Vad } from './audio/vad.ts';

export interface SpeechTrackerOptions {
  /** Voice needed to confirm speech while the assistant is silent (from the run's first frame). */
  confirmMs?: number;
  /** Voice needed for a barge-in while the assistant is audible (default: the VAD's `assistantMinSpeechMs`). */
  bargeInMs?: number;
  /** While the assistant is audible, speech ends after this long without voice. */
  quickEndMs?: number;
  /** Onsets closer than this to the last end continue the same burst (their voice adds up). */
  burstGapMs?: number;
  /** Neural probability at or above which a window is voice... */
  neuralOn?: number;
  /** ...and below which it is not (between: keeps the last verdict). */
  neuralOff?: number;
  /** An onset whose first this many windows are all below `neuralOff` is not speech. */
  notSpeechWindows?: number;
  /**
   * The model this sure of a voice starts speech on a loud frame without the VAD's own onset
   * run: under loud line noise (brown noise, hum) the frame's level flickers around the
   * threshold and the run never completes, while the model hears the voice plainly. Not while
   * the assistant's echo is on the line: there the model's voice may be the assistant's own.
   */
  neuralSure?: number;
  /**
   * Within a burst (an earlier word of it had voice, the gap under `burstGapMs`), the next word
   * starts on its first loud voiced (or fricative) frame, without waiting for the VAD's onset
   * run or the model: the caller is already talking, and every 20 ms of a resumed reply before
   * the new onset is heard over them.
   */
  quickBurstOnset?: boolean;
}

/** What one frame (or one neural window) caused. The same object is returned every time. */
export interface SpeechFrameEvents {
  start: boolean;
  confirmed: boolean;
  end: boolean;
  /** With `end`: the sound had voice (a word), not only noise. */
  endVoiced: boolean;
}

export interface SpeechTracker {
  /** One 20 ms frame of 160 μ-law bytes. Allocates nothing. */
  push(frame: Uint8Array, assistantSpeaking: boolean): SpeechFrameEvents;
  /** The neural model's probability for the next 32 ms window (results arrive in order). */
  neural(probability: number): SpeechFrameEvents;
  /** The model is running for this call: neural evidence replaces the energy heuristic. */
  readonly neuralActive: boolean;
  setNeuralActive(on: boolean): void;
  /** The tracker thinks the caller is (maybe) talking: the neural gate stays open meanwhile. */
  readonly inSpeech: boolean;
  /** Voice (ms) heard in the current burst. */
  readonly voiceMs: number;
  /** The last frame's level above the noise floor (dB): the neural gate's input. */
  readonly marginDb: number;
}

export const DEFAULT_SPEECH_TRACKER: Required<Omit<SpeechTrackerOptions, 'bargeInMs'>> = Object.freeze({
  confirmMs: 200,
  quickEndMs: 100,
  burstGapMs: 500,
  neuralOn: 0.5,
  neuralOff: 0.35,
  notSpeechWindows: 3,
  neuralSure: 0.9,
  quickBurstOnset: true,
});

const NEURAL_WINDOW_MS = 32;

export function createSpeechTracker(vad: Vad, options: SpeechTrackerOptions = {}): SpeechTracker {
  const o = { ...DEFAULT_SPEECH_TRACKER, ...definedOnly(options) };
  const bargeInMs = options.bargeInMs ?? vad.params.assistantMinSpeechMs;
  const p = vad.params;
  const out: SpeechFrameEvents = { start: false, confirmed: false, end: false, endVoiced: false };
  /** Voice heard since this onset began. */
  let onsetVoiceMs = 0;
  let neuralActive = false;
  let assistant = false;
  let speaking = false;
  let confirmed = false;
  let voiceMs = 0;
  let quietMs = 0;
  /** Ms since the last end (large: no recent burst). */
  let sinceEndMs = Number.POSITIVE_INFINITY;
  /** The last sound that ended had voice: a word of a burst still open for `burstGapMs`. */
  let lastEndVoiced = false;
  let neuralVoice = false;
  let neuralSure = false;
  let windowsSinceStart = 0;
  let voicedWindowsSinceStart = 0;
  let marginDb = -100;
  let vadSpeech = false;
  let lastLoud = false;
  /** The model alone may start speech (no echo on the line that it could mistake for a voice). */
  let sureStarts = true;

  function reset(): void {
    out.start = false;
    out.confirmed = false;
    out.end = false;
    out.endVoiced = false;
  }

  function need(): number {
    return assistant ? bargeInMs : o.confirmMs;
  }

  function addVoice(ms: number): void {
    voiceMs += ms;
    onsetVoiceMs += ms;
    if (!confirmed && voiceMs >= need()) {
      confirmed = true;
      out.confirmed = true;
    }
  }

  function finish(): void {
    speaking = false;
    out.end = true;
    out.endVoiced = onsetVoiceMs > 0;
    lastEndVoiced = out.endVoiced;
    sinceEndMs = 0;
    // Confirmed speech ends its burst; a short one leaves its voice to the next onset.
    if (confirmed) voiceMs = 0;
    confirmed = false;
  }

  function begin(): void {
    speaking = true;
    out.start = true;
    onsetVoiceMs = 0;
    confirmed = false;
    quietMs = 0;
    windowsSinceStart = 0;
    voicedWindowsSinceStart = 0;
    if (sinceEndMs > o.burstGapMs) voiceMs = 0;
  }

  return {
    push(frame, assistantSpeaking) {
      assistant = assistantSpeaking;
      vad.setAssistantSpeaking(assistantSpeaking);
      const r = vad.push(frame);
      reset();
      const margin = r.energyDb - r.noiseFloorDb;
      marginDb = margin;
      const loud = margin >= p.thresholdDb + (assistantSpeaking ? p.assistantExtraDb : 0) && r.aboveEcho;
      const energyVoice =
        (loud && r.voicing >= p.voicingMin) ||
        (r.zcr >= p.fricativeZcr && margin >= p.thresholdDb - p.fricativeReliefDb && r.aboveEcho);
      vadSpeech = r.speech;
      lastLoud = loud;
      sureStarts = !r.echoOnLine;
      if (!speaking) {
        sinceEndMs += FRAME_MS;
        const inBurst = o.quickBurstOnset && lastEndVoiced && sinceEndMs <= o.burstGapMs && voiceMs > 0;
        if (inBurst && assistant && energyVoice && sinceEndMs >= 2 * FRAME_MS) {
          // The next word of a burst: its voice is counted as the model (or the VAD) hears it.
          begin();
          if (!neuralActive) addVoice(FRAME_MS);
        } else if (neuralActive) {
          // Both must agree: the VAD hears loud sound above the echo, the model hears a voice.
          if (loud && (r.speech ? neuralVoice : neuralSure && sureStarts)) begin();
        } else if (r.onset || (r.speech && energyVoice && sinceEndMs >= 2 * FRAME_MS && assistant)) {
          // The VAD's onset, or (its hangover still running after a quick end) a fresh voiced run.
          begin();
          addVoice(r.onset ? r.speechFrames * FRAME_MS : FRAME_MS);
        }
        return out;
      }
      // Without the model, loud frames of a run that began with voiced evidence count as voice.
      if (!neuralActive && (loud || energyVoice)) addVoice(FRAME_MS);
      const voiceNow = neuralActive ? neuralVoice : loud || energyVoice;
      // With the model, quiet counts from its first voiced window: its verdicts trail the frames,
      // and an onset it never calls voice ends by `notSpeechWindows` instead.
      const waiting = neuralActive && voicedWindowsSinceStart === 0;
      quietMs = voiceNow || waiting ? 0 : quietMs + FRAME_MS;
      if (r.ended || (assistant && quietMs >= o.quickEndMs)) finish();
      return out;
    },
    neural(probability) {
      reset();
      if (probability >= o.neuralOn) neuralVoice = true;
      else if (probability < o.neuralOff) neuralVoice = false;
      neuralSure = probability >= o.neuralSure;
      if (!neuralActive) return out;
      if (!speaking) {
        if (!(lastLoud && (vadSpeech ? neuralVoice : neuralSure && sureStarts))) return out;
        begin();
      }
      windowsSinceStart++;
      if (neuralVoice) {
        voicedWindowsSinceStart++;
        addVoice(NEURAL_WINDOW_MS);
        quietMs = 0;
      }
      if (windowsSinceStart >= o.notSpeechWindows && voicedWindowsSinceStart === 0 && !confirmed) finish();
      return out;
    },
    get neuralActive() {
      return neuralActive;
    },
    setNeuralActive(on) {
      neuralActive = on;
    },
    get inSpeech() {
      return speaking;
    },
    get voiceMs() {
      return voiceMs;
    },
    get marginDb() {
      return marginDb;
    },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
