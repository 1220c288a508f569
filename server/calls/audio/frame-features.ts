import { MULAW_DECODE } from './mulaw.ts';

/**
 * Per-frame measurements the VAD decides on, computed in one pass over a 20 ms μ-law frame.
 * Stateful only for continuity across frames (pre-emphasis memory, pitch history); every
 * buffer is allocated once, when the analyser is created.
 */
export interface FrameFeatures {
  /** Energy of the pre-emphasised frame in dBFS (full-scale sine ≈ -3). Pre-emphasis
   * removes mains hum and the low-frequency bulk of line noise, which carries no speech. */
  energyDb: number;
  /** Zero crossings in the frame, above ~130 Hz: ח/כ/ש/ס/צ 60-110, voiced speech and coughs 30-50, line noise < 40. */
  zcr: number;
  /** Peak normalised autocorrelation over pitch lags 68-444 Hz (0..1), or 0 when not measured. */
  voicing: number;
}

/** Pre-emphasis coefficient: the usual speech tilt; attenuates 50 Hz by ~20 dB. */
const PRE_EMPHASIS = 0.9;
/** Pitch search on the 4 kHz decimated signal: lags 9..59 ↔ 444..68 Hz (peak must be a local max). */
/** One-pole high-pass for the pitch signal: cut-off ≈ 130 Hz. */
const HIGH_PASS_POLE = 0.9;
const MIN_LAG = 8;
const MAX_LAG = 60;
const HALF = 80; // decimated samples per frame
const FULL_SCALE_SQ = 32768 * 32768;

export interface FrameAnalyser {
  /** Measures energy and zero crossings of `frame` (160 μ-law bytes) into `out`, and sets
   * `out.voicing` to 0. */
  analyse(frame: Uint8Array, out: FrameFeatures): void;
  /** Pitch autocorrelation of the frame last analysed. Costs ~4k multiply-adds, so callers ask
   * only for frames loud enough to matter. */
  voicing(): number;
  reset(): void;
}

export function createFrameAnalyser(): FrameAnalyser {
  const hist = new Float64Array(2 * HALF); // previous frame's decimated samples, then this frame's
  let prevSample = 0;
  let highPassed = 0;

  return {
    analyse(frame, out) {
      hist.copyWithin(0, HALF, 2 * HALF);
      const n = frame.length;
      let energy = 0;
      let crossings = 0;
      let positive = highPassed >= 0;
      let prev = prevSample;
      let pair = 0;
      for (let i = 0; i < n; i++) {
        const raw = MULAW_DECODE[frame[i] as number] as number;
        const emphasised = raw - PRE_EMPHASIS * prev;
        energy += emphasised * emphasised;
        // Zero crossings and pitch use a gently high-passed signal: it drops hum and the low
        // bulk of line noise (whose slow swings would hide a fricative's crossings) but keeps
        // pitch harmonics, where pre-emphasis would boost the friction noise of voiced ר/ג/ע.
        highPassed = raw - prev + HIGH_PASS_POLE * highPassed;
        prev = raw;
        if (highPassed >= 0 !== positive) {
          crossings++;
          positive = !positive;
        }
        // 2:1 decimation by pair averaging: low-pass enough for a pitch search.
        if ((i & 1) === 0) pair = highPassed;
        else hist[HALF + (i >> 1)] = (pair + highPassed) * 0.5;
      }
      prevSample = prev;
      out.energyDb = 10 * Math.log10(energy / (n || 1) / FULL_SCALE_SQ + 1e-12);
      out.zcr = crossings;
      out.voicing = 0;
    },
    voicing() {
      return peakAutocorrelation(hist);
    },
    reset() {
      hist.fill(0);
      prevSample = 0;
      highPassed = 0;
    },
  };
}

/** Highest local maximum of the normalised cross-correlation between this frame and the
 * signal `lag` samples earlier; requiring a local maximum stops low-frequency noise, whose
 * correlation simply decays with lag, from looking periodic. */
function peakAutocorrelation(h: Float64Array): number {
  let xx = 0;
  for (let j = HALF; j < 2 * HALF; j++) xx += (h[j] as number) * (h[j] as number);
  if (xx === 0) return 0;
  let yy = 0;
  for (let j = HALF - MIN_LAG; j < 2 * HALF - MIN_LAG; j++) yy += (h[j] as number) * (h[j] as number);
  let best = 0;
  let before = -1;
  let current = -1;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    if (lag > MIN_LAG) {
      const leaving = h[2 * HALF - lag] as number;
      const entering = h[HALF - lag] as number;
      yy += entering * entering - leaving * leaving;
    }
    let xy = 0;
    for (let j = HALF; j < 2 * HALF; j++) xy += (h[j] as number) * (h[j - lag] as number);
    const r = yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
    if (lag > MIN_LAG + 1 && current > before && current >= r && current > best) best = current;
    before = current;
    current = r;
  }
  return best;
}
