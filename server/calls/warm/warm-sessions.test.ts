import { describe, expect, test } from 'bun:test';
import type { CallPrelude } from '../call-services.ts';
import type { CallLog } from '../types.ts';
import { createWarmSessions } from './warm-sessions.ts';

const log: CallLog = { debug() {}, info() {}, warn() {}, child: () => log };

/** A socket that never opens: what matters here is who gets it and when it is closed. */
function fakeSockets() {
  const opened: Array<{ url: string; closed: boolean }> = [];
  const openSocket = (url: string) => {
    const s = { url, closed: false };
    opened.push(s);
    return {
      readyState: 0,
      addEventListener() {},
      close() {
        s.closed = true;
      },
    } as unknown as WebSocket;
  };
  return { opened, openSocket };
}

function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    timers: {
      setTimeout: (fn: () => void) => {
        pending.set(next, fn);
        return next++;
      },
      clearTimeout: (h: unknown) => void pending.delete(h as number),
    },
    fireAll() {
      for (const [h, fn] of [...pending]) {
        pending.delete(h);
        fn();
      }
    },
  };
}

const prelude = { session: { instructions: 'x', tools: [], voice: 'cedar' } } as unknown as CallPrelude;

function registry() {
  const sockets = fakeSockets();
  const clock = manualTimers();
  let prepared = 0;
  const warm = createWarmSessions({
    services: {
      prepare: async () => {
        prepared++;
        return prelude;
      },
    },
    realtime: { url: 'ws://127.0.0.1:1/v1/realtime', model: 'gpt-realtime', apiKey: 'k' },
    upstream: { openSocket: sockets.openSocket, attempts: 1 },
    log,
    timers: clock.timers,
  });
  return { warm, sockets, clock, prepared: () => prepared };
}

describe('warm sessions', () => {
  test('a prepared session is adopted once, by its CallSid and business', () => {
    const { warm, sockets, prepared } = registry();
    warm.prepare({ callSid: 'CA1', businessId: 'b1', businessName: 'B' });
    warm.prepare({ callSid: 'CA1', businessId: 'b1', businessName: 'B' }); // Twilio retried the webhook
    expect(sockets.opened).toHaveLength(1);
    expect(prepared()).toBe(1);
    expect(warm.adopt('CA2', 'b1')).toBeNull();
    const session = warm.adopt('CA1', 'b1');
    expect(session).not.toBeNull();
    expect(warm.adopt('CA1', 'b1')).toBeNull();
    expect(sockets.opened[0]?.closed).toBe(false);
    expect(warm.stats).toMatchObject({ opened: 1, adopted: 1 });
  });

  test("another business's start gets nothing, and the session is closed", () => {
    const { warm, sockets } = registry();
    warm.prepare({ callSid: 'CA1', businessId: 'b1', businessName: 'B' });
    expect(warm.adopt('CA1', 'b2')).toBeNull();
    expect(sockets.opened[0]?.closed).toBe(true);
    expect(warm.stats.refused).toBe(1);
    expect(warm.waiting).toBe(0);
  });

  test('an unadopted session is closed when its wait runs out', () => {
    const { warm, sockets, clock } = registry();
    warm.prepare({ callSid: 'CA1', businessId: 'b1', businessName: 'B' });
    clock.fireAll();
    expect(sockets.opened[0]?.closed).toBe(true);
    expect(warm.waiting).toBe(0);
    expect(warm.adopt('CA1', 'b1')).toBeNull();
  });
});
