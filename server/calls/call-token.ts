/**
 * Call tokens, as rows (`call_tokens`, one per CallSid). The voice webhook issues one per
 * call and puts it in the PATH of the media stream's URL (`wss://…/ws/twilio/<token>`:
 * Twilio refuses query strings on Stream URLs, error 31922), so Twilio's signature over the
 * upgrade differs for every call and one captured header opens nothing else. The upgrade
 * redeems it before the socket is accepted, by one atomic UPDATE: single use, short-lived,
 * on whichever process or machine the stream reaches.
 *
 * The token is `<CallSid>.<nonce>.<HMAC(CallSid.nonce)>`: a forged or altered one is refused
 * without a lookup; the row holds the nonce, so a webhook repeated while the call still rings
 * (Twilio's retry after a lost answer) gets the same token and the same call, and one for a
 * call that went live or ended is refused. Another concern may later name who holds the
 * call (a process, an early upstream session) on the same row: `issue` returns the row's
 * identity, `redeem` the whole context.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { businesses, calls, callTokens } from '../../db/schema';
import type { Database } from '../db/database';

export interface CallContext {
  /** The call's row, written from the webhook on (ringing) and completed by the stream's start. */
  callId: string;
  callSid: string;
  businessId: string;
  businessName: string;
  /** The caller and the called number, as Twilio gave them to the webhook. */
  from: string;
  to: string;
  /** Wall-clock ms when the webhook first answered: the call's start (it was ringing). */
  receivedAt: number;
}

export type IssueResult =
  | { ok: true; token: string; call: CallContext; repeated: boolean }
  | { ok: false; reason: 'bad_call_sid' | 'replayed' };

export type RedeemResult =
  | { ok: true; call: CallContext }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'unknown' | 'expired' | 'used' };

export interface CallTokens {
  /**
   * The token for this call: a fresh row, or the same token while the call still rings
   * (`repeated`, with the first webhook's call id and start). Refused (`replayed`) when the
   * CallSid's call went live or ended, or its token expired unused.
   */
  issue(call: CallContext): Promise<IssueResult>;
  /** Checks the HMAC, then consumes the row in one UPDATE: a second redemption is `used`. */
  redeem(token: string): Promise<RedeemResult>;
  /**
   * A new token for a call that left its stream and comes back to it (a transfer nobody
   * took): only for a row already redeemed, with a fresh nonce, so the old token stays spent.
   */
  resume(callSid: string): Promise<{ ok: true; token: string; callId: string } | { ok: false }>;
}

export interface CallTokenOptions {
  db: Database;
  /** HMAC key, the same in every process (derived from the config's secret). */
  secret: Uint8Array | string;
  ttlMs?: number;
  /** Wall-clock ms (Date.now); injectable for tests. */
  now?: () => number;
}

export const CALL_TOKEN_TTL_MS = 60_000;

/** Twilio's CallSids are `CA` + 32 hex digits; anything path-safe of sane length is accepted. */
const CALL_SID = /^[A-Za-z0-9_-]{1,64}$/;
const NONCE = /^[A-Za-z0-9_-]{22}$/;

export function createCallTokens(options: CallTokenOptions): CallTokens {
  const { db } = options;
  const ttlMs = options.ttlMs ?? CALL_TOKEN_TTL_MS;
  const now = options.now ?? Date.now;
  const mac = (callSid: string, nonce: string) =>
    createHmac('sha256', options.secret).update(`${callSid}.${nonce}`).digest();
  const tokenOf = (callSid: string, nonce: string) =>
    `${callSid}.${nonce}.${mac(callSid, nonce).toString('base64url')}`;

  return {
    async issue(call) {
      if (!CALL_SID.test(call.callSid)) return { ok: false, reason: 'bad_call_sid' };
      const t = new Date(now());
      const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
      const row = await db.withSystem(async (tx) => {
        const done = await tx
          .select({ id: calls.id })
          .from(calls)
          .where(
            and(
              eq(calls.callSid, call.callSid),
              or(sql`${calls.answeredAt} is not null`, sql`${calls.endedAt} is not null`),
            ),
          )
          .limit(1);
        if (done.length > 0) return null;
        const [issued] = await tx
          .insert(callTokens)
          .values({
            callSid: call.callSid,
            businessId: call.businessId,
            callId: call.callId,
            nonce,
            fromNumber: call.from,
            toNumber: call.to,
            receivedAt: new Date(call.receivedAt),
            expiresAt: new Date(t.getTime() + ttlMs),
          })
          .onConflictDoUpdate({
            target: callTokens.callSid,
            // A no-op that returns the row: only while it rings, for the same business.
            set: { callSid: sql`excluded.call_sid` },
            setWhere: and(
              isNull(callTokens.redeemedAt),
              gt(callTokens.expiresAt, t),
              eq(callTokens.businessId, call.businessId),
            ),
          })
          .returning({
            callId: callTokens.callId,
            nonce: callTokens.nonce,
            receivedAt: callTokens.receivedAt,
          });
        return issued ?? null;
      });
      if (row === null) return { ok: false, reason: 'replayed' };
      return {
        ok: true,
        token: tokenOf(call.callSid, row.nonce),
        call: { ...call, callId: row.callId, receivedAt: row.receivedAt.getTime() },
        repeated: row.nonce !== nonce,
      };
    },

    async resume(callSid) {
      if (!CALL_SID.test(callSid)) return { ok: false };
      const t = new Date(now());
      const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
      const row = await db.withSystem(async (tx) => {
        const [moved] = await tx
          .update(callTokens)
          .set({ nonce, redeemedAt: null, expiresAt: new Date(t.getTime() + ttlMs) })
          .where(and(eq(callTokens.callSid, callSid), sql`${callTokens.redeemedAt} is not null`))
          .returning({ callId: callTokens.callId, nonce: callTokens.nonce });
        if (moved) return moved;
        // Twilio retried the request whose answer was lost: the same unspent token again.
        const [waiting] = await tx
          .select({ callId: callTokens.callId, nonce: callTokens.nonce })
          .from(callTokens)
          .where(
            and(eq(callTokens.callSid, callSid), isNull(callTokens.redeemedAt), gt(callTokens.expiresAt, t)),
          );
        return waiting ?? null;
      });
      return row ? { ok: true, token: tokenOf(callSid, row.nonce), callId: row.callId } : { ok: false };
    },

    async redeem(token) {
      const parts = token.length > 256 ? [] : token.split('.');
      if (parts.length !== 3) return { ok: false, reason: 'malformed' };
      const [callSid, nonce, given] = parts as [string, string, string];
      if (!CALL_SID.test(callSid) || !NONCE.test(nonce)) return { ok: false, reason: 'malformed' };
      const expected = mac(callSid, nonce);
      const presented = Buffer.from(given, 'base64url');
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
        return { ok: false, reason: 'bad_signature' };
      }
      const t = new Date(now());
      return db.withSystem(async (tx) => {
        const [row] = await tx
          .update(callTokens)
          .set({ redeemedAt: t })
          .from(businesses)
          .where(
            and(
              eq(callTokens.callSid, callSid),
              eq(callTokens.nonce, nonce),
              isNull(callTokens.redeemedAt),
              gt(callTokens.expiresAt, t),
              eq(businesses.id, callTokens.businessId),
            ),
          )
          .returning({
            callId: callTokens.callId,
            businessId: callTokens.businessId,
            businessName: businesses.name,
            from: callTokens.fromNumber,
            to: callTokens.toNumber,
            receivedAt: callTokens.receivedAt,
          });
        if (row) return { ok: true, call: { ...row, callSid, receivedAt: row.receivedAt.getTime() } };
        // Why not (for the log); the UPDATE above is what decided.
        const [seen] = await tx
          .select({ redeemedAt: callTokens.redeemedAt })
          .from(callTokens)
          .where(and(eq(callTokens.callSid, callSid), eq(callTokens.nonce, nonce)));
        return { ok: false, reason: seen === undefined ? 'unknown' : seen.redeemedAt ? 'used' : 'expired' };
      });
    },
  };
}

/** The key call tokens are signed with, derived from the server's secret (one per deployment). */
export function callTokenKey(serverSecret: string): Buffer {
  return createHmac('sha256', serverSecret).update('prosaas call token v1').digest();
}
