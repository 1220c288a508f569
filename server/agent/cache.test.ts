import { expect, test } from 'bun:test';
import { rejected } from '../test/settle';
import { createAgentCache } from './cache';

function setup(ttlMs = 1000) {
  let t = 0;
  const pending: { id: string; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  let version = 0;
  const cache = createAgentCache<string>({
    ttlMs,
    now: () => t,
    build: (id) => new Promise((resolve, reject) => pending.push({ id, resolve, reject })),
  });
  const finish = (i = pending.length - 1) => pending[i]?.resolve(`v${++version}`);
  return { cache, pending, finish, advance: (ms: number) => (t += ms) };
}

test('concurrent first requests share one build', async () => {
  const { cache, finish } = setup();
  const all = Promise.all([cache.get('a'), cache.get('a'), cache.get('a')]);
  finish();
  expect(await all).toEqual(['v1', 'v1', 'v1']);
  expect(cache.builds).toBe(1);
});

test('a built agent is reused until its time to live passes, then rebuilt', async () => {
  const { cache, finish, advance } = setup(1000);
  const first = cache.get('a');
  finish();
  await first;
  advance(999);
  expect(await cache.get('a')).toBe('v1');
  advance(1);
  const again = cache.get('a');
  finish();
  expect(await again).toBe('v2');
  expect(cache.builds).toBe(2);
});

test('invalidating rebuilds at once, and a build started before the change is not kept', async () => {
  const { cache, finish } = setup();
  const stale = cache.get('a'); // build 1 is running...
  cache.invalidate('a'); // ...when the prompt is saved
  const fresh = cache.get('a'); // build 2 starts from the new data
  finish(0);
  finish(1);
  expect(await stale).toBe('v1');
  expect(await fresh).toBe('v2');
  expect(await cache.get('a')).toBe('v2');
  expect(cache.builds).toBe(2);
});

test('a failed build is not cached: the next request tries again', async () => {
  const { cache, pending, finish } = setup();
  const failing = cache.get('a');
  pending[0]?.reject(new Error('database down'));
  expect(await rejected(failing)).toThrow('database down');
  const retry = cache.get('a');
  finish();
  expect(await retry).toBe('v1');
});

test('businesses are cached separately', async () => {
  const { cache, finish } = setup();
  const a = cache.get('a');
  finish();
  const b = cache.get('b');
  finish();
  expect([await a, await b]).toEqual(['v1', 'v2']);
  cache.invalidate('a');
  const a2 = cache.get('a');
  finish();
  expect(await a2).toBe('v3');
  expect(await cache.get('b')).toBe('v2');
});

test('a value the cache is told not to keep reaches its waiters but the next request builds again', async () => {
  let version = 0;
  const cache = createAgentCache<{ v: number; degraded: boolean }>({
    ttlMs: 1000,
    now: () => 0,
    keep: (value) => !value.degraded,
    build: async () => ({ v: ++version, degraded: version === 1 }),
  });
  expect((await cache.get('a')).v).toBe(1); // degraded (the database was down): not kept
  expect((await cache.get('a')).v).toBe(2);
  expect((await cache.get('a')).v).toBe(2);
  expect(cache.builds).toBe(2);
});

test('serving stale: past its time to live the last value is answered at once while the rebuild runs', async () => {
  let t = 0;
  const pending: ((v: string) => void)[] = [];
  const built: Promise<string>[] = [];
  let version = 0;
  const cache = createAgentCache<string>({
    ttlMs: 1000,
    now: () => t,
    serveStale: true,
    build: () => {
      const p = new Promise<string>((resolve) => pending.push(() => resolve(`v${++version}`)));
      built.push(p);
      return p;
    },
  });
  const first = cache.get('a');
  pending[0]?.(''); // the first build has nothing to serve meanwhile: it is waited for
  expect(await first).toBe('v1');
  t = 1500;
  expect(await cache.get('a')).toBe('v1'); // expired: answered from the last value...
  expect(await cache.get('a')).toBe('v1');
  expect(cache.builds).toBe(2); // ...with one rebuild running for both
  pending[1]?.('');
  await built[1]; // the cache's own continuation ran first: the rebuild is kept
  expect(await cache.get('a')).toBe('v2');
  // A change is never served stale: the next request waits for the new value.
  cache.invalidate('a');
  const fresh = cache.get('a');
  pending[2]?.('');
  expect(await fresh).toBe('v3');
});
