/**
 * VAD tuning, stored per business later: plain JSON-serialisable numbers only.
 * Levels are dBFS of the pre-emphasised signal; durations are ms, rounded to 20 ms frames.
 */
export interface VadParams {
  /** A frame is loud enough for speech when this far above the noise floor. */
  thresholdDb: number;
  /** Once speech is declared it continues down to `thresholdDb - releaseDb` (hysteresis). */
  releaseDb: number;
  /** Voiced frame: peak pitch autocorrelation at least this (0..1). Noise and coughs stay below ~0.5. */
  voicingMin: number;
  /** Fricative frame (ח כ ש ס צ): at least this many zero crossings per 20 ms frame... */
  fricativeZcr: number;
  /** ...and may be this much quieter than `thresholdDb`. */
  fricativeReliefDb: number;
  /** Onset needs an unbroken run of loud frames this long... */
  minSpeechMs: number;
  /** ...containing at least this much voiced or fricative evidence. */
  minEvidenceMs: number;
  /** Speech ends after this long without a loud frame. */
  hangoverMs: number;
  /** Noise floor before any audio has been measured. */
  floorInitialDb: number;
  /** The floor never tracks below this, so digital silence does not make every click speech. */
  floorMinDb: number;
  /** Upward tracking, capped: a louder line is learned slowly, so speech does not raise it. */
  floorRiseDbPerSec: number;
  /** Downward tracking time constant: a quieter line is learned quickly. */
  floorFallMs: number;
  /** While the assistant talks (line echo, speakerphone): extra bar above `thresholdDb`. */
  assistantExtraDb: number;
  /**
   * Speech (voice, counted from the onset) that barges in while the assistant is audible. The
   * onset itself only stops playback for a verdict; shorter speech ("כן") resumes it. Until
   * 2026-12 this was the onset's minimum run while the assistant talked (stored values keep
   * their number and now mean this).
   */
  assistantMinSpeechMs: number;
}

/**
 * Chosen by measurement on server/calls/fixtures (espeak-ng Hebrew, 8 kHz μ-law) with the
 * tests in vad.test.ts; dB are pre-emphasised dBFS.
 * - Onset lag after the first frame above -60 dBFS: caller-booking 60 ms, caller-interrupt
 *   60, caller-phone 80, backchannel-ken 60; the same (60-100 ms) with the speech mixed over
 *   line-noise. Without the fricative path caller-phone is 320 ms late and ש of caller-booking
 *   160 ms: ZCR counts (per frame, >130 Hz) are 77-114 for ש/ס/צ, ≤45 for line noise, ≤55 for
 *   the cough even 10 dB louder, hence `fricativeZcr` 65 (60-80 gave identical results).
 * - Voicing: cough ≤0.47, line noise ≤0.03 (≤0.62 at +12 dB, before the floor catches up),
 *   voiced speech 0.7-0.99, hence 0.65 (0.7 lost caller-interrupt over noise).
 * - Zero onsets on silence, line-noise, the cough (both modes, also over line-noise), and a
 *   step from silence to line noise (also 12 dB louder) with the floor rising at 3 dB/s;
 *   6 dB/s let the floor climb during speech and lost caller-interrupt over noise while the
 *   assistant talks; `thresholdDb` 15 instead of 12 delayed it by 1 s.
 * - Assistant talking: 3 dB extra and 400 ms keep "כן" (360 ms of sound) from barging in while
 *   booking/phone/interrupt over line noise still do (380-1240 ms); 6 dB lost interrupt over
 *   noise. The assistant's own voice echoed at -20 dB gives no onset; at -10 dB it does (3 in
 *   12 s): loud echo needs echo cancellation or a reference signal, not a VAD threshold.
 * - `assistantMinSpeechMs` 520 (was 400, as the onset's run): chosen on the tune split of the
 *   turn battery (scripts/fixtures/make-turn-battery.sh), where the longest backchannel had
 *   512 ms of voice by Silero's windows and every interruption more than 600 ms. The soft
 *   barge-in silences the assistant at the onset, so a longer bar costs the caller nothing.
 * - Known misses: speech 20 dB quieter than the fixtures (-60 dBFS) falls under the floor
 *   clamp at -70 + 12: caller-interrupt's first "רגע" is missed (onset at 920 ms).
 */
export const DEFAULT_VAD_PARAMS: Readonly<VadParams> = Object.freeze({
  thresholdDb: 12,
  releaseDb: 6,
  voicingMin: 0.65,
  fricativeZcr: 65,
  fricativeReliefDb: 6,
  minSpeechMs: 80,
  minEvidenceMs: 60,
  hangoverMs: 240,
  floorInitialDb: -65,
  floorMinDb: -70,
  floorRiseDbPerSec: 3,
  floorFallMs: 60,
  assistantExtraDb: 3,
  assistantMinSpeechMs: 520,
});

/** Defaults overlaid with the finite numbers present in `partial`; anything else is ignored,
 * so a stale or hand-edited stored row cannot switch the VAD off with a NaN. */
export function resolveVadParams(partial: Partial<Record<keyof VadParams, unknown>> = {}): VadParams {
  const out: VadParams = { ...DEFAULT_VAD_PARAMS };
  for (const key of Object.keys(DEFAULT_VAD_PARAMS) as (keyof VadParams)[]) {
    const value = partial[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return out;
}
