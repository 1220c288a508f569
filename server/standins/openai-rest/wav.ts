/** Wraps 8 kHz mono μ-law samples in a WAV container (format 7), the speech stand-in's answer. */
export function ulawWav(samples: Uint8Array, sampleRate = 8000): Uint8Array<ArrayBuffer> {
  const header = new DataView(new ArrayBuffer(44));
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) header.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, 'RIFF');
  header.setUint32(4, 36 + samples.length, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  header.setUint32(16, 16, true);
  header.setUint16(20, 7, true); // μ-law
  header.setUint16(22, 1, true); // mono
  header.setUint32(24, sampleRate, true);
  header.setUint32(28, sampleRate, true); // bytes per second: one byte per sample
  header.setUint16(32, 1, true);
  header.setUint16(34, 8, true);
  text(36, 'data');
  header.setUint32(40, samples.length, true);
  const out = new Uint8Array(44 + samples.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(samples, 44);
  return out;
}
