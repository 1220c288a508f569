import { describe, expect, test } from 'bun:test';
import { createCallTokens } from './call-token.ts';

const CALL = {
  callSid: 'CA1',
  businessId: 'biz-1',
  businessName: 'מספרה',
  from: '+972541234567',
  to: '+97235550111',
  receivedAt: 0,
};

function setup() {
  let t = 1_000_000;
  const tokens = createCallTokens({ secret: 'k'.repeat(32), ttlMs: 60_000, now: () => t });
  return { tokens, advance: (ms: number) => (t += ms) };
}

describe('call tokens', () => {
  test('a token opens its own call once, with the business it was issued for', () => {
    const { tokens } = setup();
    const token = tokens.issue(CALL);
    expect(tokens.redeem(token, 'CA1', 'biz-1')).toEqual({ ok: true, call: CALL });
    expect(tokens.redeem(token, 'CA1', 'biz-1')).toEqual({ ok: false, reason: 'used' });
    expect(tokens.pending).toBe(0);
  });

  test('refuses a token presented for another call or another business', () => {
    const { tokens } = setup();
    const token = tokens.issue(CALL);
    expect(tokens.redeem(token, 'CA2', 'biz-1')).toEqual({ ok: false, reason: 'wrong_call' });
    expect(tokens.redeem(token, 'CA1', 'biz-2')).toEqual({ ok: false, reason: 'wrong_call' });
    // A refused attempt does not burn the token for its real call.
    expect(tokens.redeem(token, 'CA1', 'biz-1').ok).toBe(true);
  });

  test('refuses an expired token and forgets it', () => {
    const { tokens, advance } = setup();
    const token = tokens.issue(CALL);
    advance(60_001);
    expect(tokens.redeem(token, 'CA1', 'biz-1')).toEqual({ ok: false, reason: 'expired' });
    expect(tokens.pending).toBe(0);
  });

  test('refuses a tampered, forged or garbled token', () => {
    const { tokens } = setup();
    const token = tokens.issue(CALL);
    const [nonce, expires, bound, mac] = token.split('.');
    const later = `${nonce}.${Number(expires) + 3_600_000}.${bound}.${mac}`;
    expect(tokens.redeem(later, 'CA1', 'biz-1')).toEqual({ ok: false, reason: 'bad_signature' });
    const other = createCallTokens({ secret: 'x'.repeat(32) }).issue(CALL);
    expect(tokens.redeem(other, 'CA1', 'biz-1')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(tokens.redeem('', 'CA1', 'biz-1')).toEqual({ ok: false, reason: 'malformed' });
    expect(tokens.redeem('a.b.c', 'CA1', 'biz-1')).toEqual({ ok: false, reason: 'malformed' });
    expect(tokens.redeem(token, 'CA1', 'biz-1').ok).toBe(true);
  });
});
