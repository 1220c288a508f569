/**
 * G.711 μ-law, the codec Twilio Media Streams and the Realtime API (`audio/pcmu`) carry.
 * Decoding is a table lookup because it runs for every inbound byte; encoding is only
 * for tests and stand-ins, so it stays a plain function.
 */

const BIAS = 0x84;
const CLIP = 32635;

function decodeByte(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** Linear 16-bit PCM for each μ-law byte: `MULAW_DECODE[0xff] === 0`, range ±32124. */
export const MULAW_DECODE: Int16Array = (() => {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) table[i] = decodeByte(i);
  return table;
})();

/**
 * Decodes `src` into `dst[0 .. src.length)`. Allocates nothing.
 * Invariant: `dst.length >= src.length` (throws otherwise, rather than silently truncating).
 */
export function decodeInto(src: Uint8Array, dst: Int16Array): void {
  const n = src.length;
  if (dst.length < n) throw new RangeError(`decodeInto: dst holds ${dst.length} samples, need ${n}`);
  for (let i = 0; i < n; i++) dst[i] = MULAW_DECODE[src[i] as number] as number;
}

/** Encodes one linear sample (clamped to 16-bit) to a μ-law byte; `decode(encode(x))` is within one step of x. */
export function encodeSample(pcm: number): number {
  let x = Math.max(-32768, Math.min(32767, Math.round(pcm)));
  const sign = x < 0 ? 0x80 : 0;
  if (sign) x = -x;
  if (x > CLIP) x = CLIP;
  x += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (x & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (x >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}
