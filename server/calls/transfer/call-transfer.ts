/**
 * Moving a live call to a person: the business's transfer number and warm flag (call
 * routing), the TwiML (transfer-twiml.ts) and Twilio's REST update of the call. Twilio then
 * ends our media stream and dials; the `<Dial action>` (transfer-webhooks.ts) says how it
 * went. A refusal (no number, no REST access, Twilio's error: 21220 the call is not in
 * progress, 20404 gone, any other) is an outcome, never a throw: the assistant tells the
 * caller and carries on.
 */
import { toE164 } from '../../lib/phone';
import type { CallControl } from '../call-control.ts';
import type { CallRouting } from '../call-routing.ts';
import type { CallLog } from '../types.ts';
import { transferTwiml, whisperSummary } from './transfer-twiml.ts';

export interface TransferRequest {
  callSid: string;
  callId: string;
  /** The caller's and the business's numbers, as Twilio gave them. */
  from: string;
  to: string;
  reason: string;
  routing: CallRouting;
  lastCallerLine?: string;
}

export type TransferOutcome =
  | { ok: true; number: string; warm: boolean }
  | { ok: false; reason: 'no_number' | 'no_control' | 'refused'; code?: number };

export interface CallTransfers {
  start(req: TransferRequest): Promise<TransferOutcome>;
}

export function createCallTransfers(o: {
  control?: CallControl;
  publicBaseUrl: string;
  statusCallbackPath: string;
  log: CallLog;
}): CallTransfers {
  return {
    async start(req) {
      const number = req.routing.transferNumber;
      if (!number) return { ok: false, reason: 'no_number' };
      if (!o.control) return { ok: false, reason: 'no_control' };
      const from = toE164(req.from);
      const warm = req.routing.warmTransfer;
      const twiml = transferTwiml({
        publicBaseUrl: o.publicBaseUrl,
        callId: req.callId,
        number,
        // The caller's own ID, so the staff member sees who is calling; hidden: the business's.
        callerId: from ?? toE164(req.to) ?? req.to,
        reason: req.reason,
        whisper: warm
          ? whisperSummary({ from: from ?? '', reason: req.reason, lastCallerLine: req.lastCallerLine })
          : null,
        statusCallbackPath: o.statusCallbackPath,
      });
      try {
        await o.control.redirect(req.callSid, twiml);
        o.log.info({ callSid: req.callSid, warm }, 'transfer: call moved to the dial');
        return { ok: true, number, warm };
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        o.log.warn({ err: String(err), callSid: req.callSid }, 'transfer: Twilio refused to move the call');
        return { ok: false, reason: 'refused', code: typeof code === 'number' ? code : undefined };
      }
    },
  };
}
