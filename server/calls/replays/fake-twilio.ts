/**
 * A stand-in for Twilio's side of a bidirectional Media Stream, good enough to give replay
 * tests a ground truth: it plays received media at 8 bytes per ms, echoes each mark once the
 * audio before it has played, and on `clear` drops unplayed audio and echoes the pending
 * marks at once (as Twilio does). Each assistant item's audio is filled with its own byte
 * value, so "ms of item X the caller heard" is counted, not estimated.
 */

export interface FakeTwilio {
  /** The pacer's `send` port (never under backpressure). */
  send(text: string): number;
  /** Plays `ms` of audio, collecting marks now due. */
  play(ms: number): void;
  /** Mark names echoed since the last call (delivered to us `latencyMs` later by the caller). */
  takeEchoes(): string[];
  heardMs(byteValue: number): number;
  /** `heardMs` per byte value at each clear, in order. */
  readonly heardAtClears: Map<number, number>[];
  readonly clears: number;
  readonly bufferedMs: number;
}

export function createFakeTwilio(): FakeTwilio {
  let received: number[] = []; // unplayed bytes, FIFO
  let readPos = 0;
  let receivedTotal = 0;
  let playedTotal = 0;
  let pendingMarks: { name: string; at: number }[] = [];
  let echoes: string[] = [];
  const heard = new Map<number, number>();
  const heardAtClears: Map<number, number>[] = [];
  let clears = 0;

  function snapshot(): Map<number, number> {
    const m = new Map<number, number>();
    for (const [k, v] of heard) m.set(k, Math.floor(v / 8));
    return m;
  }

  function releaseMarks(): void {
    while (pendingMarks.length > 0 && (pendingMarks[0]?.at ?? 0) <= playedTotal) {
      echoes.push((pendingMarks.shift() as { name: string }).name);
    }
  }

  return {
    send(text) {
      const msg = JSON.parse(text) as {
        event: string;
        media?: { payload: string };
        mark?: { name: string };
      };
      if (msg.event === 'media' && msg.media) {
        const bytes = Buffer.from(msg.media.payload, 'base64');
        for (const b of bytes) received.push(b);
        receivedTotal += bytes.length;
      } else if (msg.event === 'mark' && msg.mark) {
        pendingMarks.push({ name: msg.mark.name, at: receivedTotal });
        releaseMarks();
      } else if (msg.event === 'clear') {
        clears++;
        heardAtClears.push(snapshot());
        receivedTotal = playedTotal;
        received = [];
        readPos = 0;
        for (const m of pendingMarks) echoes.push(m.name);
        pendingMarks = [];
      }
      return text.length;
    },
    play(ms) {
      for (let i = 0; i < ms * 8 && readPos < received.length; i++) {
        const b = received[readPos++] as number;
        heard.set(b, (heard.get(b) ?? 0) + 1);
        playedTotal++;
      }
      if (readPos > 4096) {
        received = received.slice(readPos);
        readPos = 0;
      }
      releaseMarks();
    },
    takeEchoes() {
      const out = echoes;
      echoes = [];
      return out;
    },
    heardMs: (b) => Math.floor((heard.get(b) ?? 0) / 8),
    heardAtClears,
    get clears() {
      return clears;
    },
    get bufferedMs() {
      return (received.length - readPos) / 8;
    },
  };
}
