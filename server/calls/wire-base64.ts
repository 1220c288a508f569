/**
 * Strict base64 checks shared by both codecs. Node/Bun's decoder silently skips characters it
 * does not know, so a garbled payload would decode to fewer bytes than the byte count the
 * playback clock was told; validating first makes `base64ByteLength` exact.
 */

/** 1 for each byte value allowed in the body of standard (not URL-safe) base64. */
const ALPHABET = (() => {
  const t = new Uint8Array(128);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
})();

const EQ = 61; // '='

function padding(s: string): number {
  const n = s.length;
  if (n === 0 || s.charCodeAt(n - 1) !== EQ) return 0;
  return s.charCodeAt(n - 2) === EQ ? 2 : 1;
}

/**
 * True when `s` is padded standard base64: length a multiple of 4, only `A-Z a-z 0-9 + /`,
 * and `=` only as the last one or two characters. One pass, no allocation.
 */
export function isStrictBase64(s: string): boolean {
  const n = s.length;
  if ((n & 3) !== 0) return false;
  const end = n - padding(s);
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ALPHABET[c] === 0) return false;
  }
  return true;
}

/** Decoded size of a string that passed `isStrictBase64`. */
export function base64ByteLength(s: string): number {
  return (s.length >>> 2) * 3 - padding(s);
}
