/**
 * The assistant's own voice coming back on the caller's line (a handset's sidetone, a
 * speakerphone, a hybrid's echo) is speech to any VAD, neural or not. The relay knows what it
 * played and when, so it can tell: the echo's level follows the reference's level a fixed
 * delay later. Each frame, the caller's level envelope (the last `windowFrames` frames) is
 * correlated with the reference's at every delay up to `maxDelayMs`; where they match
 * (`minCorrelation`) at the same delay `confirmations` frames running, quieter than the
 * reference by at least `minLossDb` (an echo is always attenuated; a caller who starts
 * talking when the assistant does is not), the delay and the echo's loss (reference minus
 * caller, in dB) are learned. While the assistant is audible, the caller then has to be `marginDb` above the
 * echo the reference predicts for this frame to count as loud: double talk, not echo.
 *
 * Levels are the VAD's (pre-emphasised dBFS per 20 ms frame). Allocation-free; ~600
 * multiply-adds a frame.
 */
const FLOOR_DB = -75;
/** Ring size 64 (1.28 s of 20 ms slots), indexed by `slot & MASK`. */
const MASK = 63;

export interface EchoGuardOptions {
  maxDelayMs?: number;
  windowFrames?: number;
  minCorrelation?: number;
  marginDb?: number;
  minLossDb?: number;
  confirmations?: number;
  /**
   * An echo is the reference attenuated by a fixed loss: over the frames where the caller's
   * level stands out of the line's floor, reference minus caller must stay within this spread
   * (dB, standard deviation). A caller who starts talking while the assistant does matches the
   * reference's envelope by chance, not its level frame by frame.
   */
  maxSpreadDb?: number;
}

export interface EchoGuard {
  /** The assistant audio that plays in the 20 ms slot starting at `atMs` had this level. */
  reference(atMs: number, levelDb: number): void;
  /** Nothing played from `atMs` on after all (a clear dropped it). */
  cut(atMs: number): void;
  /**
   * The caller's frame heard at `atMs` with `levelDb`. Returns the level it must reach to be
   * more than echo (-Infinity while no echo has been found).
   */
  inbound(atMs: number, levelDb: number): number;
  readonly delayMs: number | null;
  readonly lossDb: number | null;
}

export function createEchoGuard(o: EchoGuardOptions = {}): EchoGuard {
  const maxDelay = Math.round((o.maxDelayMs ?? 600) / 20);
  const win = o.windowFrames ?? 20;
  const minCorr = o.minCorrelation ?? 0.85;
  const margin = o.marginDb ?? 6;
  const minLoss = o.minLossDb ?? 4;
  const confirmations = o.confirmations ?? 6;
  const maxSpread = o.maxSpreadDb ?? 2.5;
  let candidate = -1;
  let streak = 0;
  const size = MASK + 1;
  if (size < maxDelay + win + 4) throw new RangeError('echo guard: maxDelayMs too long');
  const xs = new Float64Array(win);
  const ys = new Float64Array(win + maxDelay + 1);
  const refDb = new Float64Array(size).fill(FLOOR_DB);
  const refSlot = new Float64Array(size).fill(-1);
  const inDb = new Float64Array(size).fill(FLOOR_DB);
  let delay = -1;
  let loss = 0;
  let lastSlot = -1;

  const slotOf = (ms: number) => Math.floor(ms / 20);
  /** Spread (dB) of reference minus caller at `lag`, over the window's frames clear of its floor. */
  function spreadAt(lag: number): number {
    let low = Number.POSITIVE_INFINITY;
    for (let k = 0; k < win; k++) if ((xs[k] as number) < low) low = xs[k] as number;
    let n = 0;
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < win; k++) {
      const x = xs[k] as number;
      if (x < low + 6) continue;
      const d = (ys[k + lag] as number) - x;
      n++;
      s1 += d;
      s2 += d * d;
    }
    if (n < win / 4) return Number.POSITIVE_INFINITY;
    return Math.sqrt(Math.max(0, s2 / n - (s1 / n) ** 2));
  }
  function ref(slot: number): number {
    const i = slot & MASK;
    return refSlot[i] === slot ? (refDb[i] as number) : FLOOR_DB;
  }

  return {
    reference(atMs, levelDb) {
      const slot = slotOf(atMs);
      const i = slot & MASK;
      refSlot[i] = slot;
      refDb[i] = Math.max(levelDb, FLOOR_DB);
    },
    cut(atMs) {
      const from = slotOf(atMs);
      for (let i = 0; i < size; i++) if ((refSlot[i] as number) > from) refSlot[i] = -1;
    },
    inbound(atMs, levelDb) {
      const t = slotOf(atMs);
      if (t === lastSlot) return delay < 0 ? Number.NEGATIVE_INFINITY : ref(t - delay) - loss + margin;
      lastSlot = t;
      inDb[t & MASK] = Math.max(levelDb, FLOOR_DB);
      // The caller's envelope over the window, against the reference's at each delay; both
      // copied out of their rings once, newest first.
      let sx = 0;
      let sxx = 0;
      let refActive = false;
      for (let k = 0; k < win; k++) {
        const x = inDb[(t - k) & MASK] as number;
        xs[k] = x;
        sx += x;
        sxx += x * x;
      }
      for (let k = 0; k < win + maxDelay; k++) {
        const y = ref(t - k);
        ys[k] = y;
        if (y > FLOOR_DB) refActive = true;
      }
      const vx = sxx - (sx * sx) / win;
      if (refActive && vx > win * 4) {
        let best = -1;
        let bestLag = -1;
        let bestDiff = 0;
        for (let lag = 0; lag <= maxDelay; lag++) {
          let sy = 0;
          let syy = 0;
          let sxy = 0;
          for (let k = 0; k < win; k++) {
            const y = ys[k + lag] as number;
            sy += y;
            syy += y * y;
            sxy += (xs[k] as number) * y;
          }
          const vy = syy - (sy * sy) / win;
          if (vy <= win * 4) continue;
          const r = (sxy - (sx * sy) / win) / Math.sqrt(vx * vy);
          if (r > best) {
            best = r;
            bestLag = lag;
            bestDiff = (sy - sx) / win;
          }
        }
        if (best >= minCorr && bestDiff >= minLoss && spreadAt(bestLag) <= maxSpread) {
          streak = bestLag === candidate ? streak + 1 : 1;
          candidate = bestLag;
          if (streak >= confirmations) {
            loss = delay === bestLag ? loss + 0.3 * (bestDiff - loss) : bestDiff;
            delay = bestLag;
          }
        } else {
          streak = 0;
        }
      }
      if (delay < 0) return Number.NEGATIVE_INFINITY;
      // The loudest the echo can be now (a slot either side for the envelope's slack).
      const predicted = Math.max(ref(t - delay - 1), ref(t - delay), ref(t - delay + 1));
      return predicted <= FLOOR_DB ? Number.NEGATIVE_INFINITY : predicted - loss + margin;
    },
    get delayMs() {
      return delay < 0 ? null : delay * 20;
    },
    get lossDb() {
      return delay < 0 ? null : loss;
    },
  };
}
