import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { businesses, calls, callTokens } from '../../db/schema';
import type { Database } from '../db/database';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../test/database';
import { type CallContext, callTokenKey, createCallTokens } from './call-token.ts';

let db: Database;
let businessId: string;
let otherBusinessId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const rows = await db.withSystem((tx) =>
    tx
      .insert(businesses)
      .values([{ name: 'מספרה' }, { name: 'אחר' }])
      .returning({ id: businesses.id }),
  );
  businessId = rows[0]?.id as string;
  otherBusinessId = rows[1]?.id as string;
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

const sid = () => `CA${crypto.randomUUID().replaceAll('-', '')}`;
const call = (over: Partial<CallContext> = {}): CallContext => ({
  callId: crypto.randomUUID(),
  callSid: sid(),
  businessId,
  businessName: 'מספרה',
  from: '+972541234567',
  to: '+97235550111',
  receivedAt: 1_000_000,
  ...over,
});

function setup(secret = 'k'.repeat(32)) {
  let t = Date.now();
  const tokens = createCallTokens({ db, secret: callTokenKey(secret), ttlMs: 60_000, now: () => t });
  return { tokens, advance: (ms: number) => (t += ms) };
}

async function issued(tokens: ReturnType<typeof setup>['tokens'], c: CallContext) {
  const r = await tokens.issue(c);
  if (!r.ok) throw new Error(`not issued: ${r.reason}`);
  return r;
}

describe('call tokens', () => {
  test('a token opens its own call once, with the business it was issued for', async () => {
    const { tokens } = setup();
    const c = call();
    const { token } = await issued(tokens, c);
    expect(token.startsWith(`${c.callSid}.`)).toBe(true);
    expect(await tokens.redeem(token)).toEqual({ ok: true, call: c });
    expect(await tokens.redeem(token)).toEqual({ ok: false, reason: 'used' });
  });

  test('of 20 parallel redemptions of one token exactly one opens the call', async () => {
    const { tokens } = setup();
    const { token } = await issued(tokens, call());
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.redeem(token)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'used')).toHaveLength(19);
  });

  test('a process with the same key redeems what another issued (the row is shared)', async () => {
    const a = setup('shared-secret');
    const b = setup('shared-secret');
    const c = call();
    const { token } = await issued(a.tokens, c);
    expect((await b.tokens.redeem(token)).ok).toBe(true);
    expect(await a.tokens.redeem(token)).toEqual({ ok: false, reason: 'used' });
  });

  test('refuses an expired token, and a webhook for its call afterwards', async () => {
    const { tokens, advance } = setup();
    const c = call();
    const { token } = await issued(tokens, c);
    advance(60_001);
    expect(await tokens.redeem(token)).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.issue(c)).toEqual({ ok: false, reason: 'replayed' });
  });

  test('refuses a tampered, forged, unknown or garbled token', async () => {
    const { tokens } = setup();
    const c = call();
    const { token } = await issued(tokens, c);
    const [callSid, nonce, mac] = token.split('.') as [string, string, string];
    // Another call's sid with this nonce and mac: the HMAC binds them.
    expect(await tokens.redeem(`${sid()}.${nonce}.${mac}`)).toEqual({ ok: false, reason: 'bad_signature' });
    const forged = await issued(setup('x'.repeat(32)).tokens, call());
    expect(await tokens.redeem(forged.token)).toEqual({ ok: false, reason: 'bad_signature' });
    for (const bad of ['', 'a.b', `${callSid}.${nonce}`, `${callSid}/x.${nonce}.${mac}`, 'x'.repeat(300)]) {
      expect(await tokens.redeem(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
    // Validly signed, but its row is gone (swept, or another deployment's database).
    const gone = await issued(tokens, call());
    await db.withSystem((tx) => tx.delete(callTokens).where(eq(callTokens.callSid, gone.call.callSid)));
    expect(await tokens.redeem(gone.token)).toEqual({ ok: false, reason: 'unknown' });
    // None of that spent the real one.
    expect((await tokens.redeem(token)).ok).toBe(true);
  });

  test('a webhook repeated while the call rings gets the same token and call; once live it is refused', async () => {
    const { tokens } = setup();
    const first = call();
    const a = await issued(tokens, first);
    const again = await issued(tokens, { ...first, callId: crypto.randomUUID(), receivedAt: 2_000_000 });
    expect(again.repeated).toBe(true);
    expect(again.token).toBe(a.token);
    expect(again.call.callId).toBe(first.callId);
    expect(again.call.receivedAt).toBe(first.receivedAt);
    expect((await tokens.redeem(a.token)).ok).toBe(true);
    expect(await tokens.issue(first)).toEqual({ ok: false, reason: 'replayed' });
    const rows = await db.withSystem((tx) =>
      tx.select().from(callTokens).where(eq(callTokens.callSid, first.callSid)),
    );
    expect(rows).toHaveLength(1);
  });

  test('a webhook for a CallSid whose call already ended is refused, and another business cannot take it', async () => {
    const { tokens } = setup();
    const ended = call();
    await db.withSystem((tx) =>
      tx.insert(calls).values({
        id: ended.callId,
        businessId,
        callSid: ended.callSid,
        fromNumber: ended.from,
        toNumber: ended.to,
        startedAt: new Date(),
        endedAt: new Date(),
        endReason: 'missed: no-answer',
      }),
    );
    expect(await tokens.issue(ended)).toEqual({ ok: false, reason: 'replayed' });
    const ringing = call();
    await issued(tokens, ringing);
    expect(await tokens.issue({ ...ringing, businessId: otherBusinessId })).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  test('refuses a CallSid that cannot go in a URL path', async () => {
    const { tokens } = setup();
    expect(await tokens.issue(call({ callSid: 'CA/../x' }))).toEqual({ ok: false, reason: 'bad_call_sid' });
  });
});
