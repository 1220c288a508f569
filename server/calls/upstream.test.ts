import { describe, expect, test } from 'bun:test';
import { createFakeClock } from './replays/fake-clock.ts';
import { connectUpstream, type UpstreamEnd } from './upstream.ts';

/** A socket that opens (or not) when told to, recording what is sent. */
class FakeSocket extends EventTarget {
  readyState: number = WebSocket.CONNECTING;
  bufferedAmount = 0;
  sent: string[] = [];
  closed = false;
  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
  ) {
    super();
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.closed = true;
    this.readyState = WebSocket.CLOSED;
  }
  open() {
    this.readyState = WebSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }
}

function setup(attempts = 3) {
  const clock = createFakeClock(0);
  const sockets: FakeSocket[] = [];
  const ends: UpstreamEnd[] = [];
  const warnings: Record<string, unknown>[] = [];
  const upstream = connectUpstream({
    url: 'wss://api.example/v1/realtime',
    model: 'gpt-realtime',
    apiKey: 'sk-1',
    initialFrames: ['session.update', 'response.create'],
    onMessage: () => {},
    onEnd: (e) => ends.push(e),
    log: { warn: (fields) => warnings.push(fields) },
    connectTimeoutMs: 1000,
    backoffMs: 100,
    attempts,
    timers: clock.timers,
    openSocket: (url, headers) => {
      const s = new FakeSocket(url, headers);
      sockets.push(s);
      return s as unknown as WebSocket;
    },
  });
  return { clock, sockets, ends, warnings, upstream };
}

describe('upstream connection', () => {
  test('connects with the model and bearer key, sending the session frames before anything held', () => {
    const { sockets, upstream } = setup();
    expect(sockets[0]?.url).toBe('wss://api.example/v1/realtime?model=gpt-realtime');
    expect(sockets[0]?.headers).toEqual({ Authorization: 'Bearer sk-1' });
    expect(upstream.send('append-1')).toBe(true);
    expect(upstream.send('append-2')).toBe(true);
    sockets[0]?.open();
    expect(sockets[0]?.sent).toEqual(['session.update', 'response.create', 'append-1', 'append-2']);
    expect(upstream.state).toBe('open');
  });

  test('gives up after three attempts that never connect, with backoff between them', () => {
    const { clock, sockets, ends, warnings, upstream } = setup();
    clock.advanceTo(1000); // first attempt times out
    expect(sockets).toHaveLength(1);
    clock.advanceTo(1100); // backoff 100 ms
    expect(sockets).toHaveLength(2);
    clock.advanceTo(2100 + 200); // second times out, backoff 200 ms
    expect(sockets).toHaveLength(3);
    clock.advanceTo(10_000);
    expect(sockets).toHaveLength(3);
    expect(sockets.every((s) => s.closed)).toBe(true);
    expect(ends).toEqual([{ kind: 'unavailable', attempts: 3, lastError: 'no connection within 1000 ms' }]);
    expect(warnings.map((w) => w.attempt)).toEqual([1, 2, 3]);
    expect(upstream.send('late')).toBe(false);
  });

  test('closing while connecting stops further attempts and reports nothing', () => {
    const { clock, sockets, ends, upstream } = setup();
    upstream.close();
    clock.advanceTo(10_000);
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.closed).toBe(true);
    expect(ends).toEqual([]);
  });
});
