/**
 * A small μ-law decoder kept inside the stand-ins on purpose: the stand-in's speech
 * detection models OpenAI's server VAD, not ours, and must not change when ours does.
 */
const DECODE = (() => {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) {
    const u = ~i & 0xff;
    const exponent = (u >> 4) & 0x07;
    const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
    table[i] = u & 0x80 ? -magnitude : magnitude;
  }
  return table;
})();

/** Linear value of one μ-law byte. */
export function ulawToLinear(byte: number): number {
  return DECODE[byte & 0xff] as number;
}

/** Level in dB of a mean square of 16-bit samples; silence (0xFF bytes) is 0 dB, full-scale speech ~75. */
export function levelDb(meanSquare: number): number {
  return 10 * Math.log10(meanSquare + 1);
}
