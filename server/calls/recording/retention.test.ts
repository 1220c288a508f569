import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { callRecordings, calls } from '../../../db/schema';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { createHarness, type Harness } from '../../test/harness';
import { applyRetention, deleteOldRecordings } from './retention.ts';
import { createRecordingStore, type RecordingStore } from './store.ts';
import { seedRecordedCall } from './test-call.ts';

let h: Harness;
let dir: string;
let store: RecordingStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prosaas-retention-'));
  store = createRecordingStore(dir);
  h = await createHarness({ recordings: store });
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

test('recordings older than the cutoff are deleted with their files; the calls and newer recordings stay', async () => {
  const oldCall = await seedRecordedCall(h.db, store, h.a.id);
  const newCall = await seedRecordedCall(h.db, store, h.a.id);
  await h.db.withSystem((tx) =>
    tx
      .update(callRecordings)
      .set({ createdAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(callRecordings.callId, oldCall)),
  );
  const cutoff = new Date(Date.now() - 7 * 86_400_000);
  expect(await h.db.withSystem((tx) => deleteOldRecordings(tx, store, cutoff))).toBe(1);
  expect(await h.db.withSystem((tx) => deleteOldRecordings(tx, store, cutoff))).toBe(0); // idempotent

  expect(await store.open(`${h.a.id}/${oldCall}.wav`)).toBeNull();
  expect(await store.open(`${h.a.id}/${newCall}.wav`)).not.toBeNull();
  const left = await h.db.withSystem((tx) =>
    tx.select({ callId: callRecordings.callId }).from(callRecordings),
  );
  expect(left).toEqual([{ callId: newCall }]);
  expect(await h.db.withSystem((tx) => tx.select({ id: calls.id }).from(calls))).toHaveLength(2);
  const owner = await h.login(h.a.users.owner.email);
  expect((await h.request('GET', `/api/calls/${oldCall}/recording`, { cookie: owner })).status).toBe(404);
  expect((await h.request('GET', `/api/calls/${newCall}/recording`, { cookie: owner })).status).toBe(200);
});

test("each business's own retention period applies; the rest keep the default", async () => {
  // Business a keeps recordings 30 days; business b has no setting (the default, 7).
  const owner = await h.login(h.a.users.owner.email);
  const saved = await h.request('PUT', '/api/call-settings', {
    cookie: owner,
    body: { recordingRetentionDays: 30 },
  });
  expect(saved.status).toBe(200);
  const aged = async (businessId: string, days: number) => {
    const id = await seedRecordedCall(h.db, store, businessId);
    await h.db.withSystem((tx) =>
      tx
        .update(callRecordings)
        .set({ createdAt: new Date(Date.now() - days * 86_400_000) })
        .where(eq(callRecordings.callId, id)),
    );
    return id;
  };
  const aTen = await aged(h.a.id, 10);
  const aForty = await aged(h.a.id, 40);
  const bTen = await aged(h.b.id, 10);
  const bThree = await aged(h.b.id, 3);

  expect(await h.db.withSystem((tx) => applyRetention(tx, store, new Date(), 7))).toBe(2);
  const left = await h.db.withSystem((tx) =>
    tx.select({ callId: callRecordings.callId }).from(callRecordings),
  );
  const ids = left.map((r) => r.callId);
  expect(ids).toContain(aTen);
  expect(ids).toContain(bThree);
  expect(ids).not.toContain(aForty);
  expect(ids).not.toContain(bTen);
  expect(await h.db.withSystem((tx) => applyRetention(tx, store, new Date(), 7))).toBe(0); // idempotent
});

test('a retention period outside 1–3650 days is refused with the field named', async () => {
  const owner = await h.login(h.a.users.owner.email);
  const res = await h.request('PUT', '/api/call-settings', {
    cookie: owner,
    body: { recordingRetentionDays: 0 },
  });
  expect(res.status).toBe(400);
  expect(
    ((await res.json()) as { error: { details: { fields: object } } }).error.details.fields,
  ).toHaveProperty('recordingRetentionDays');
});
