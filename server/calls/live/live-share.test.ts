/**
 * Every process shows every call in progress: what one process's calls do reaches the others'
 * dashboards over NOTIFY, and the calls of a process that died go away with its session.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Database } from '../../db/database';
import { createLogger } from '../../lib/logger';
import { waitUntil } from '../../standins/wait';
import { createTestDatabase, HOOK_TIMEOUT_MS, openSecondHandle } from '../../test/database';
import type { CallFeedEvent } from './call-feed';
import { createLiveCalls } from './live-calls';
import { createLiveShare } from './live-share';

const log = createLogger('silent');
const BIZ = crypto.randomUUID();
let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

/** A process's live calls, with what its dashboards were pushed. */
function processOn(handle: Database) {
  const pushed: CallFeedEvent[] = [];
  const share = createLiveShare({ db: handle, log });
  const live = createLiveCalls({
    feed: { publish: (_b, e) => void pushed.push(e) },
    share,
    sweepEveryMs: 50,
  });
  return { live, pushed, share };
}

test.skipIf(!Bun.env.DATABASE_URL)(
  "a call on one server is seen live on another, to its end; a dead server's calls go with it",
  async () => {
    const otherDb = await openSecondHandle(db);
    const a = processOn(otherDb);
    const b = processOn(db);
    expect(await Promise.all([a.share.listening, b.share.listening])).toEqual([true, true]);

    a.live.start({ businessId: BIZ, callId: 'call-1', from: '+972541234567', answeredAt: new Date() });
    a.live.line(BIZ, 'call-1', { speaker: 'caller', text: 'שלום, אפשר לקבוע תור?', atMs: 900 });
    a.live.bargeIn(BIZ, 'call-1', 1500, 640);
    await waitUntil(() => b.live.list(BIZ)[0]?.bargeIns === 1, 'the call seen on the other server');
    const seen = b.live.list(BIZ)[0];
    expect(seen).toMatchObject({ callId: 'call-1', from: '+972541234567' });
    expect(seen?.lines.map((l) => l.text)).toEqual(['שלום, אפשר לקבוע תור?']);
    expect(b.pushed.map((e) => e.type)).toEqual(['live_start', 'live_line', 'live_barge_in']);
    expect(b.live.size).toBe(0); // none of them is b's own
    expect(a.live.list(BIZ)).toHaveLength(1); // and a's own is not doubled by its echo

    a.live.end(BIZ, 'call-1', 'caller hung up');
    await waitUntil(() => b.live.list(BIZ).length === 0, 'the end seen');

    a.live.start({ businessId: BIZ, callId: 'call-2', from: '+972541234568', answeredAt: new Date() });
    await waitUntil(() => b.live.list(BIZ).length === 1, 'the second call seen');
    await otherDb.close(); // a's process dies mid-call: no end is ever sent
    await waitUntil(() => b.live.list(BIZ).length === 0, "the dead server's call dropped", {
      timeoutMs: 10_000,
    });
    expect(b.pushed.at(-1)).toMatchObject({ type: 'live_end', callId: 'call-2', reason: 'server_gone' });
    expect(b.share.dropped).toBe(0);
  },
);
