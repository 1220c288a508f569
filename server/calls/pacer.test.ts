import { describe, expect, test } from 'bun:test';
import { createPacer, type PacerOptions } from './pacer.ts';
import { createFakeClock } from './replays/fake-clock.ts';

interface Frame {
  event: string;
  streamSid: string;
  media?: { payload: string };
  mark?: { name: string };
}

function setup(options: Partial<PacerOptions> = {}) {
  const clock = createFakeClock(0);
  const frames: Frame[] = [];
  const warnings: string[] = [];
  let answer: (f: Frame) => number = () => 1;
  const pacer = createPacer(
    {
      send: (text) => {
        const f = JSON.parse(text) as Frame;
        frames.push(f);
        return answer(f);
      },
      now: clock.now,
      timers: clock.timers,
      logger: { warn: (_fields, message) => warnings.push(message) },
    },
    { streamSid: 'MZ1', ...options },
  );
  return {
    clock,
    frames,
    warnings,
    pacer,
    answerWith(fn: (f: Frame) => number) {
      answer = fn;
    },
    media: () => frames.filter((f) => f.event === 'media'),
    marks: () => frames.filter((f) => f.event === 'mark').map((f) => f.mark?.name),
    bytes: () =>
      Buffer.concat(frames.filter((f) => f.media).map((f) => Buffer.from(f.media?.payload ?? '', 'base64'))),
  };
}

function pattern(n: number, seed = 0): Uint8Array {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = (i * 7 + seed) & 0xff;
  return a;
}

describe('pacer', () => {
  test('sends 20 ms frames on a deadline, never more than 200 ms ahead of playback', () => {
    const s = setup();
    const reply = pattern(16000); // 2 s
    s.pacer.enqueue(reply);
    expect(s.media().length).toBe(10); // the lead goes out at once...
    expect(s.media().every((f) => Buffer.from(f.media?.payload ?? '', 'base64').length === 160)).toBe(true);
    for (let t = 10; t <= 2000; t += 10) {
      s.clock.advanceTo(t);
      expect(s.pacer.leadMs()).toBeLessThanOrEqual(200);
    }
    expect(s.media().length).toBe(100); // ...the rest in real time, never as a burst
    expect(s.bytes()).toEqual(Buffer.from(reply));
    expect(s.clock.pendingTimers()).toBe(0);
  });

  test('timers that fire late neither drift the pace nor cause a burst', () => {
    let now = 0;
    let pending: { fn: () => void; due: number } | null = null;
    let mediaFrames = 0;
    const pacer = createPacer(
      {
        send: (text) => {
          if (text.includes('"media"')) mediaFrames++;
          return 1;
        },
        now: () => now,
        timers: {
          setTimeout(fn, ms) {
            pending = { fn, due: now + ms };
            return 1;
          },
          clearTimeout() {
            pending = null;
          },
        },
        logger: { warn: () => {} },
      },
      { streamSid: 'MZ1' },
    );
    pacer.enqueue(pattern(80000)); // 10 s
    while (pending !== null && now < 5000) {
      const { fn, due } = pending as { fn: () => void; due: number };
      now = due + 7; // every wake-up 7 ms late
      fn();
      expect(pacer.leadMs()).toBeLessThanOrEqual(200);
    }
    // Deadlines advance by the audio sent, not by when the timer fired: no accumulated lag.
    expect(mediaFrames).toBeGreaterThanOrEqual(10 + Math.floor((now - 20) / 20));
    // A wake-up 500 ms late (Twilio ran dry meanwhile) refills the lead, no more.
    const before = mediaFrames;
    now = (pending as unknown as { due: number }).due + 500;
    (pending as unknown as { fn: () => void }).fn();
    expect(mediaFrames - before).toBeLessThanOrEqual(10);
    expect(pacer.leadMs()).toBeLessThanOrEqual(200);
  });

  test('marks every 100 ms of audio and when the queue runs dry, named by generation and offset', () => {
    const s = setup();
    s.pacer.enqueue(pattern(2000)); // 250 ms
    s.clock.advanceTo(1000);
    expect(s.marks()).toEqual(['p0.800', 'p0.1600', 'p0.2000']);
    const order = s.frames.map((f) => f.event);
    expect(order.indexOf('mark')).toBe(5); // after the fifth 20 ms frame
  });

  test('pause stops sending at once and confirms what was sent; resume continues with nothing lost', () => {
    const s = setup();
    const reply = pattern(8000);
    s.pacer.enqueue(reply);
    s.clock.advanceTo(20);
    expect(s.media().length).toBe(11);
    s.pacer.pause();
    expect(s.marks().at(-1)).toBe('p0.1760');
    s.clock.advanceTo(600);
    expect(s.media().length).toBe(11);
    s.pacer.resume();
    expect(s.media().length).toBe(21);
    s.clock.advanceTo(3000);
    expect(s.bytes()).toEqual(Buffer.from(reply));
  });

  test('clear drops the queue, tells Twilio, and numbers the next marks from 0 in the new generation', () => {
    const s = setup();
    s.pacer.enqueue(pattern(8000));
    s.clock.advanceTo(100);
    const before = s.media().length;
    s.pacer.clear(1);
    expect(s.frames.at(-1)).toEqual({ event: 'clear', streamSid: 'MZ1' });
    expect(s.pacer.stats.queuedBytes).toBe(0);
    s.clock.advanceTo(400);
    expect(s.media().length).toBe(before);
    s.pacer.enqueue(pattern(800));
    expect(s.marks().at(-1)).toBe('p1.800');
  });

  test('under backpressure it stops until the socket drains', () => {
    const s = setup();
    s.answerWith((f) => (f.event === 'media' && s.media().length === 3 ? -1 : 1));
    s.pacer.enqueue(pattern(8000));
    expect(s.media().length).toBe(3);
    s.clock.advanceTo(1000);
    expect(s.media().length).toBe(3);
    expect(s.clock.pendingTimers()).toBe(0);
    expect(s.pacer.stats.blocked).toBe(true);
    s.pacer.drain();
    expect(s.media().length).toBe(13);
    expect(s.pacer.stats.backpressureWaits).toBe(1);
  });

  test('counts and logs frames the socket dropped', () => {
    const s = setup();
    s.answerWith((f) => (f.event === 'media' ? 0 : 1));
    s.pacer.enqueue(pattern(800));
    expect(s.pacer.stats.droppedSends).toBe(5);
    expect(s.warnings.filter((w) => w.includes('dropped')).length).toBe(3); // 1st, 2nd, 4th
  });

  test('a full queue drops the oldest audio, counts it, and keeps mark offsets aligned', () => {
    const s = setup({ maxQueueMs: 100, leadMs: 20 });
    s.pacer.enqueue(pattern(600)); // one frame goes out, 440 bytes wait
    s.pacer.enqueue(pattern(600, 3)); // 240 bytes over the 800-byte bound
    expect(s.pacer.stats.overflowBytes).toBe(240);
    expect(s.warnings).toContain('pacer: queue overflow');
    s.clock.advanceTo(1000);
    expect(s.marks().at(-1)).toBe('p0.1200'); // everything enqueued is accounted for
    expect(s.bytes().length).toBe(1200 - 240);
  });

  test('decodes base64 straight into the ring, also across its end', () => {
    const s = setup({ maxQueueMs: 100, leadMs: 20 });
    const a = pattern(500, 1);
    const b = pattern(400, 2);
    s.pacer.enqueueBase64(Buffer.from(a).toString('base64'), 500);
    s.pacer.enqueueBase64(Buffer.from(b).toString('base64'), 400); // wraps past byte 800
    s.clock.advanceTo(1000);
    expect(s.bytes()).toEqual(Buffer.concat([a, b]));
    expect(s.pacer.stats.overflowBytes).toBe(0);
  });

  test('a reply longer than the first ring grows it: every byte in order, a rewind across the growth intact', () => {
    const s = setup({ initialQueueMs: 100, leadMs: 20, retainMs: 500 });
    // Not periodic, so audio out of place cannot pass for the right bytes.
    const a = crypto.getRandomValues(new Uint8Array(8000)); // 1 s: the ring (100 ms + 500 ms history) must grow
    const b = crypto.getRandomValues(new Uint8Array(20_000)); // 2.5 s more while it plays, as base64
    s.pacer.enqueue(a);
    s.clock.advanceTo(300);
    s.pacer.enqueueBase64(Buffer.from(b).toString('base64'), b.length);
    s.clock.advanceTo(700);
    const heard = 600 * 8;
    s.pacer.rewind(1, heard);
    const before = s.bytes().length;
    s.pacer.resume();
    s.clock.advanceTo(5000);
    const all = Buffer.concat([a, b]);
    expect(s.bytes().subarray(0, before).equals(all.subarray(0, before))).toBe(true);
    expect(s.bytes().subarray(before).equals(all.subarray(heard))).toBe(true);
    expect(s.pacer.stats.overflowBytes).toBe(0);
  });

  test('pads a chunk that decodes short with silence, so offsets still match the turn machine', () => {
    const s = setup();
    s.pacer.enqueueBase64('AAAA', 6);
    expect([...s.bytes()]).toEqual([0, 0, 0, 0xff, 0xff, 0xff]);
    expect(s.marks()).toEqual(['p0.6']);
    expect(s.warnings).toContain('pacer: base64 chunk decoded short');
  });

  test('after close nothing more is sent', () => {
    const s = setup();
    s.pacer.enqueue(pattern(8000));
    s.pacer.close();
    s.clock.advanceTo(2000);
    expect(s.media().length).toBe(10);
    expect(s.clock.pendingTimers()).toBe(0);
  });

  test('refuses a lead shorter than one frame', () => {
    expect(() => setup({ leadMs: 10 })).toThrow(RangeError);
  });
});

describe('pacer rewind (soft barge-in)', () => {
  test('clears Twilio and sends again from the heard byte: every byte reaches the caller once more at most, in order', () => {
    const s = setup();
    const reply = pattern(8000); // 1 s
    s.pacer.enqueue(reply);
    s.clock.advanceTo(300); // ~300 ms played, ~200 ms more buffered at Twilio
    const sentBefore = s.pacer.stats.sentBytes;
    expect(sentBefore).toBeGreaterThan(300 * 8);
    s.pacer.rewind(1, 300 * 8);
    expect(s.frames.at(-1)?.event).toBe('clear');
    expect(s.pacer.stats.paused).toBe(true);
    expect(s.pacer.stats.queuedBytes).toBe(8000 - 300 * 8);
    const before = s.bytes().length;
    s.clock.advanceTo(600); // paused: nothing goes out
    expect(s.bytes().length).toBe(before);
    s.pacer.resume();
    s.clock.advanceTo(2000);
    const after = s.bytes().subarray(before);
    expect(Buffer.from(after).equals(Buffer.from(reply.subarray(300 * 8)))).toBe(true);
    // Marks continue from the heard point in the new generation.
    expect(s.marks().filter((m) => m?.startsWith('p1.'))[0]).toMatch(/^p1\.\d+$/);
    expect(
      Number(
        s
          .marks()
          .filter((m) => m?.startsWith('p1.'))[0]
          ?.split('.')[1],
      ),
    ).toBeGreaterThan(300 * 8);
  });

  test('a clear with nothing sent since the last one sends no message', () => {
    const s = setup();
    s.pacer.enqueue(pattern(1600));
    s.clock.advanceTo(100);
    s.pacer.rewind(1, 400);
    s.pacer.clear(2);
    expect(s.frames.filter((f) => f.event === 'clear')).toHaveLength(1);
  });
});
