/**
 * The last `capacity` samples of inbound audio (pre-roll before a detected onset, analysis
 * windows). One Int16Array allocated up front; writes and reads never allocate.
 */
export interface PcmRing {
  /** Samples currently held: `min(total written, capacity)`. */
  readonly length: number;
  readonly capacity: number;
  /** Appends `frame`, overwriting the oldest samples once full; a frame longer than the
   * capacity keeps only its newest `capacity` samples. */
  write(frame: Int16Array): void;
  /**
   * Copies the newest `n` samples, oldest first, into `dst[0 .. k)` and returns
   * `k = min(n, length, dst.length)`. When fewer than `n` are held, `dst` past `k` is untouched.
   */
  readLast(n: number, dst: Int16Array): number;
  clear(): void;
}

export function createPcmRing(capacity: number): PcmRing {
  if (!Number.isInteger(capacity) || capacity <= 0) {
    throw new RangeError(`createPcmRing: capacity must be a positive integer, got ${capacity}`);
  }
  const buf = new Int16Array(capacity);
  let head = 0; // index of the next write
  let held = 0;

  return {
    get length() {
      return held;
    },
    capacity,
    write(frame) {
      // A frame longer than the ring keeps only its newest `capacity` samples.
      const skip = frame.length > capacity ? frame.length - capacity : 0;
      const n = frame.length - skip;
      if (skip === 0 && n <= capacity - head) {
        buf.set(frame, head); // the common case: no wrap, no view objects
      } else {
        let w = head;
        for (let i = skip; i < frame.length; i++) {
          buf[w] = frame[i] as number;
          w = w + 1 === capacity ? 0 : w + 1;
        }
      }
      head = (head + n) % capacity;
      held = Math.min(capacity, held + n);
    },
    readLast(n, dst) {
      const k = Math.max(0, Math.min(n, held, dst.length));
      let start = head - k;
      if (start < 0) start += capacity;
      // Element loops rather than subarray views, which would allocate on the hot path.
      const firstLen = Math.min(k, capacity - start);
      for (let i = 0; i < firstLen; i++) dst[i] = buf[start + i] as number;
      for (let i = firstLen; i < k; i++) dst[i] = buf[i - firstLen] as number;
      return k;
    },
    clear() {
      head = 0;
      held = 0;
    },
  };
}
