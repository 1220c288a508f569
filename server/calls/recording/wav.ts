/** The 44-byte header of a canonical WAV file: 16-bit PCM, mono. Pure. */
export const WAV_HEADER_BYTES = 44;

export function wavHeader(samples: number, sampleRate = 8000): Uint8Array {
  const dataBytes = samples * 2;
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const v = new DataView(header.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) header[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true); // bytes per second
  v.setUint16(32, 2, true); // block align
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  return header;
}

/** Reads a header written by `wavHeader`: null when it is not one. */
export function parseWavHeader(bytes: Uint8Array): { sampleRate: number; samples: number } | null {
  if (bytes.length < WAV_HEADER_BYTES) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, WAV_HEADER_BYTES);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE' || tag(36) !== 'data' || v.getUint16(20, true) !== 1)
    return null;
  return { sampleRate: v.getUint32(24, true), samples: v.getUint32(40, true) / 2 };
}
