import { afterAll, beforeAll, expect, test } from 'bun:test';
import { proto } from '@whiskeysockets/baileys';
import { eq } from 'drizzle-orm';
import { businesses, whatsappAuthKeys } from '../../../db/schema';
import type { Database } from '../../db/database';
import { createSecretBox, type SecretBox } from '../../lib/secrets';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import { rejected } from '../../test/settle';
import { createDbAuthState } from './auth-state';

let db: Database;
let box: SecretBox;
let bizA: string;
let bizB: string;

beforeAll(async () => {
  db = await createTestDatabase();
  box = await createSecretBox(Buffer.alloc(32, 7).toString('base64'));
  const rows = await db.withSystem((tx) =>
    tx
      .insert(businesses)
      .values([{ name: 'A' }, { name: 'B' }])
      .returning({ id: businesses.id }),
  );
  bizA = rows[0]?.id ?? '';
  bizB = rows[1]?.id ?? '';
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

const storedRows = (businessId: string) =>
  db.withSystem((tx) =>
    tx.select().from(whatsappAuthKeys).where(eq(whatsappAuthKeys.businessId, businessId)),
  );

test('a business without stored creds starts from fresh creds, and saved creds come back byte for byte', async () => {
  const first = await createDbAuthState({ db, box, businessId: bizA });
  expect(first.state.creds.registered).toBe(false);
  first.state.creds.me = { id: '972501234567:3@s.whatsapp.net', name: 'Salon' };
  first.state.creds.registered = true;
  await first.saveCreds();

  const again = await createDbAuthState({ db, box, businessId: bizA });
  expect(again.state.creds.me?.id).toBe('972501234567:3@s.whatsapp.net');
  expect(again.state.creds.registered).toBe(true);
  expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
  expect(
    Buffer.from(again.state.creds.noiseKey.private).equals(Buffer.from(first.state.creds.noiseKey.private)),
  ).toBe(true);
  expect(again.state.creds.signedIdentityKey.public).toEqual(first.state.creds.signedIdentityKey.public);
});

test('keys of every type round-trip with their buffers, and a null deletes one', async () => {
  const auth = await createDbAuthState({ db, box, businessId: bizA });
  const preKey = { public: Buffer.from([1, 2, 3]), private: new Uint8Array([4, 5, 6]) };
  await auth.state.keys.set({
    'pre-key': { '1': preKey, '2': { public: Buffer.from([9]), private: Buffer.from([8]) } },
    session: { '972501234567.0': new Uint8Array([10, 11, 12]) },
    'lid-mapping': { '972501234567': '1234567890@lid' },
    'device-list': { '972501234567': ['0', '3'] },
    tctoken: { '972501234567@s.whatsapp.net': { token: Buffer.from('tok'), timestamp: '1700000000' } },
    'app-state-sync-key': { AAAA: { keyData: Buffer.from([7, 7]), timestamp: 5 } },
  });

  const reread = await createDbAuthState({ db, box, businessId: bizA });
  const keys = reread.state.keys;
  const preKeys = await keys.get('pre-key', ['1', '2', 'missing']);
  expect(Object.keys(preKeys).sort()).toEqual(['1', '2']);
  expect(Buffer.isBuffer(preKeys['1']?.public)).toBe(true);
  expect([...(preKeys['1']?.private ?? [])]).toEqual([4, 5, 6]);
  const sessions = await keys.get('session', ['972501234567.0']);
  expect([...(sessions['972501234567.0'] ?? [])]).toEqual([10, 11, 12]);
  expect(await keys.get('lid-mapping', ['972501234567'])).toEqual({ '972501234567': '1234567890@lid' });
  expect(await keys.get('device-list', ['972501234567'])).toEqual({ '972501234567': ['0', '3'] });
  const tokens = await keys.get('tctoken', ['972501234567@s.whatsapp.net']);
  expect(tokens['972501234567@s.whatsapp.net']?.token.toString()).toBe('tok');
  const syncKeys = await keys.get('app-state-sync-key', ['AAAA']);
  expect(syncKeys.AAAA).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
  expect([...(syncKeys.AAAA?.keyData ?? [])]).toEqual([7, 7]);

  await keys.set({ 'pre-key': { '1': null, '3': { public: Buffer.from([3]), private: Buffer.from([3]) } } });
  expect(Object.keys(await keys.get('pre-key', ['1', '2', '3'])).sort()).toEqual(['2', '3']);
});

test('a write that fails leaves none of its keys behind (one transaction per set)', async () => {
  const auth = await createDbAuthState({ db, box, businessId: bizA });
  // A key id PostgreSQL refuses (a NUL byte) alongside a good one: neither may be stored.
  const bad = auth.state.keys.set({
    'sender-key': { good: Buffer.from([1]), 'bad\u0000id': Buffer.from([2]) },
  });
  expect(await rejected(Promise.resolve(bad))).toThrow();
  expect(await auth.state.keys.get('sender-key', ['good'])).toEqual({});
});

test('another business sees none of the keys, not even with a raw query in its own scope', async () => {
  const a = await createDbAuthState({ db, box, businessId: bizA });
  await a.state.keys.set({ session: { shared: Buffer.from([1]) } });
  const b = await createDbAuthState({ db, box, businessId: bizB });
  expect(b.state.creds.me).toBeUndefined();
  expect(await b.state.keys.get('session', ['shared'])).toEqual({});
  const visible = await db.withTenant(bizB, (tx) => tx.select().from(whatsappAuthKeys));
  expect(visible).toEqual([]);
});

test('nothing is stored in plain text', async () => {
  const auth = await createDbAuthState({ db, box, businessId: bizA });
  await auth.state.keys.set({ 'lid-mapping': { secretly: 'plain-text-canary' } });
  await auth.saveCreds();
  const rows = await storedRows(bizA);
  expect(rows.length).toBeGreaterThan(0);
  const noise = Buffer.from(auth.state.creds.noiseKey.private).toString('base64');
  for (const row of rows) {
    expect(row.valueSealed.startsWith('v1.')).toBe(true);
    expect(row.valueSealed).not.toContain('plain-text-canary');
    expect(row.valueSealed).not.toContain(noise);
    expect(row.valueSealed).not.toContain('Buffer');
  }
});

test('clear deletes creds and keys, and a state that was cleared writes nothing more', async () => {
  const auth = await createDbAuthState({ db, box, businessId: bizA });
  await auth.state.keys.set({ session: { x: Buffer.from([1]) } });
  await auth.clear();
  expect(await storedRows(bizA)).toEqual([]);

  // A socket winding down may still call these: the keys must not come back.
  await auth.saveCreds();
  await auth.state.keys.set({ session: { late: Buffer.from([2]) } });
  expect(await storedRows(bizA)).toEqual([]);
  const fresh = await createDbAuthState({ db, box, businessId: bizA });
  expect(fresh.state.creds.me).toBeUndefined();
});
