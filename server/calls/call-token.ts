/**
 * One-time call tokens: the voice webhook issues one per call and passes it to the media
 * stream as a `<Parameter>` (Twilio strips query strings from stream URLs); the stream's
 * `start` must present it, for the same CallSid, within `ttlMs`.
 *
 * The token is HMAC-signed (so a forged or altered one is refused without a lookup) and
 * single use: redeemed tokens and their business context live in memory until they expire.
 * In memory on purpose for now (no schema change while migrations are being generated): it is
 * right for one process, and a token lives 60 s, so a restart costs at most a call that was
 * ringing. Several machines would need the pending tokens in the database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CallContext {
  callSid: string;
  businessId: string;
  businessName: string;
  /** The caller and the called number, as Twilio gave them to the webhook. */
  from: string;
  to: string;
  /** Wall-clock ms when the webhook answered: the call's start (it was ringing). */
  receivedAt: number;
}

export type RedeemResult =
  | { ok: true; call: CallContext }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_call' | 'used' };

export interface CallTokens {
  /** A fresh token for this call, valid once within the TTL. */
  issue(call: CallContext): string;
  /**
   * Checks signature, expiry and the CallSid (and the business id the stream carries), then
   * consumes the token: a second redemption of the same token fails with `used`.
   */
  redeem(token: string, callSid: string, businessId: string): RedeemResult;
  /** Tokens issued and not yet redeemed or expired. */
  readonly pending: number;
}

export interface CallTokenOptions {
  /** HMAC key; main.ts passes random bytes per process (the single-use record is per process anyway). */
  secret: Uint8Array | string;
  ttlMs?: number;
  /** Wall-clock ms (Date.now); injectable for tests. */
  now?: () => number;
}

const b64url = (b: Buffer) => b.toString('base64url');

export function createCallTokens(options: CallTokenOptions): CallTokens {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const pending = new Map<string, { call: CallContext; expiresAt: number }>();

  const sign = (body: string) => createHmac('sha256', options.secret).update(body).digest();

  /** Drops expired entries; the map holds at most the calls of the last `ttlMs`. */
  function sweep(t: number): void {
    for (const [nonce, entry] of pending) if (entry.expiresAt <= t) pending.delete(nonce);
  }

  return {
    issue(call) {
      const t = now();
      sweep(t);
      const nonce = b64url(Buffer.from(crypto.getRandomValues(new Uint8Array(16))));
      const expiresAt = t + ttlMs;
      const body = `${nonce}.${expiresAt}.${b64url(Buffer.from(`${call.callSid}|${call.businessId}`))}`;
      pending.set(nonce, { call: { ...call }, expiresAt });
      return `${body}.${b64url(sign(body))}`;
    },
    redeem(token, callSid, businessId) {
      const t = now();
      sweep(t);
      const parts = token.split('.');
      if (parts.length !== 4 || token.length > 512) return { ok: false, reason: 'malformed' };
      const [nonce, expires, bound, mac] = parts as [string, string, string, string];
      const body = `${nonce}.${expires}.${bound}`;
      const given = Buffer.from(mac, 'base64url');
      const expected = sign(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'bad_signature' };
      }
      if (!(Number(expires) > t)) return { ok: false, reason: 'expired' };
      if (Buffer.from(bound, 'base64url').toString() !== `${callSid}|${businessId}`) {
        return { ok: false, reason: 'wrong_call' };
      }
      const entry = pending.get(nonce);
      if (entry === undefined) return { ok: false, reason: 'used' };
      pending.delete(nonce);
      return { ok: true, call: entry.call };
    },
    get pending() {
      return pending.size;
    },
  };
}
