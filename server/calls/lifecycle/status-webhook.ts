/**
 * `POST /twilio/status`: Twilio's call status callbacks. Configured on the number
 * (IncomingPhoneNumber `StatusCallback`, sent when the caller's call ends) and on each
 * transfer's `<Number statusCallback>` (initiated, ringing, answered, completed of the staff
 * member's leg, which carries our call as `ParentCallSid`). Signed like the voice webhook: a
 * forged request gets 403 and writes nothing. A CallSid we never saw is answered 200 (Twilio
 * would only retry it) and logged.
 */
import type { Context } from 'hono';
import type { Database } from '../../db/database';
import type { AppEnv } from '../../http/env';
import { signedTwilioForm, type TwilioSigning } from '../twilio-form.ts';
import { findCallBySid, isTwilioCallStatus, recordStatus, type StatusReport } from './call-status.ts';

export interface StatusWebhookDeps extends TwilioSigning {
  db: Database;
}

const intOrNull = (v: string | undefined) => {
  const n = v === undefined || v === '' ? Number.NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : null;
};

/** Twilio's `Timestamp` is RFC 2822 ("Mon, 16 Aug 2010 03:45:01 +0000"); absent or odd: now. */
function occurredAt(v: string | undefined, now: Date): Date {
  const t = v ? Date.parse(v) : Number.NaN;
  return Number.isFinite(t) ? new Date(t) : now;
}

export function statusWebhook(deps: StatusWebhookDeps) {
  return async function twilioStatus(c: Context<AppEnv>): Promise<Response> {
    const params = await signedTwilioForm(c, deps, 'twilio status callback');
    if (params === null) return c.text('Forbidden', 403);
    const callSid = params.CallSid ?? '';
    const status = params.CallStatus ?? '';
    const parentSid = params.ParentCallSid || null;
    if (!callSid || !isTwilioCallStatus(status)) {
      c.var.log.info({ callSid, status }, 'twilio status callback: not a call status, ignored');
      return c.body(null, 200);
    }
    // A transfer leg reports under its own CallSid; its parent is the caller's call.
    const call = await findCallBySid(deps.db, parentSid ?? callSid);
    if (call === null) {
      c.var.log.info({ callSid, parentSid, status }, 'twilio status callback: unknown CallSid, ignored');
      return c.body(null, 200);
    }
    const report: StatusReport = {
      callSid,
      leg: parentSid ? 'transfer' : 'caller',
      status,
      source: 'status_callback',
      sequenceNumber: intOrNull(params.SequenceNumber),
      durationSeconds: intOrNull(params.CallDuration),
      occurredAt: occurredAt(params.Timestamp, new Date()),
    };
    const outcome = await deps.db.withTenant(call.businessId, (tx) => recordStatus(tx, call, report));
    c.var.log.info({ callSid, callId: call.id, leg: report.leg, status, outcome }, 'twilio status callback');
    return c.body(null, 200);
  };
}
