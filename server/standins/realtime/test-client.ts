import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { BunWebSocket } from '../../lib/bun-websocket.ts';

type ServerEventOf<T extends RealtimeServerEvent['type']> = Extract<RealtimeServerEvent, { type: T }>;

/**
 * A minimal Realtime client for tests: every server event is kept in order, and `next`
 * waits for the next unread event of a type (skipping others), so a test reads like the
 * conversation it checks.
 */
export interface TestRealtimeClient {
  events: RealtimeServerEvent[];
  send(event: RealtimeClientEvent): void;
  next<T extends RealtimeServerEvent['type']>(type: T, timeoutMs?: number): Promise<ServerEventOf<T>>;
  /** Every event received so far of a type. */
  all<T extends RealtimeServerEvent['type']>(type: T): ServerEventOf<T>[];
  closed: Promise<{ code: number }>;
  close(): void;
}

export async function connectRealtime(
  url: string,
  opts: { apiKey?: string; model?: string } = {},
): Promise<TestRealtimeClient> {
  const ws = new BunWebSocket(`${url}?model=${opts.model ?? 'gpt-realtime'}`, {
    headers: { Authorization: `Bearer ${opts.apiKey ?? 'test-key'}` },
  });
  const events: RealtimeServerEvent[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<{ code: number }>((resolve) =>
    ws.addEventListener('close', (e) => resolve({ code: e.code })),
  );
  ws.addEventListener('message', (e) => {
    events.push(JSON.parse(String(e.data)));
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error('connection refused')));
  });
  const cursor = new Map<string, number>();
  return {
    events,
    send: (event) => ws.send(JSON.stringify(event)),
    all: (type) => events.filter((e) => e.type === type) as never,
    next(type, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = cursor.get(type) ?? 0; i < events.length; i++) {
            if (events[i]?.type === type) {
              cursor.set(type, i + 1);
              waiters.delete(check);
              clearTimeout(timer);
              resolve(events[i] as never);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    closed,
    close: () => ws.close(),
  };
}
