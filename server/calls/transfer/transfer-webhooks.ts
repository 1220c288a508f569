/**
 * Twilio's requests during a transfer, signed like every Twilio webhook (twilio-form.ts):
 *
 * - `POST /twilio/transfer/whisper` (the `<Number url>` of a warm transfer): the summary for
 *   the staff member and a `<Gather>` of one key;
 * - `POST /twilio/transfer/accept`: that key; the accept key bridges the calls, any other
 *   (or none) hangs up the staff member's leg;
 * - `POST /twilio/transfer/done` (the `<Dial action>`): how the dial ended. Bridged → the
 *   call is recorded as transferred (outcome, lead note) and ends when they hang up; not
 *   taken (busy, no answer, declined, failed) → the caller goes back to the assistant on a new
 *   media stream (the call's token resumed), which says nobody is free and takes a message.
 *
 * The dial's outcome is recorded once (`call_status_events`, source `dial_action`): a retried
 * request writes nothing twice and gets the same answer.
 */
import { and, eq } from 'drizzle-orm';
import type { Context, Hono } from 'hono';
import { calls, leadNotes } from '../../../db/schema';
import type { Database, Tx } from '../../db/database';
import type { AppEnv } from '../../http/env';
import type { CallTokens } from '../call-token.ts';
import { findCallBySid, isTwilioCallStatus, recordStatus } from '../lifecycle/call-status.ts';
import { signedTwilioForm, type TwilioSigning, twimlResponse } from '../twilio-form.ts';
import { publicStreamUrl } from '../twilio-signature.ts';
import { connectStreamTwiml } from '../twiml.ts';
import {
  acceptTwiml,
  hangupTwiml,
  RESUME_AFTER_TRANSFER,
  TRANSFER_PATHS,
  whisperTwiml,
} from './transfer-twiml.ts';

export interface TransferWebhookDeps extends TwilioSigning {
  db: Database;
  tokens: CallTokens;
}

const BRIDGED = new Set(['completed', 'answered']);

async function noteOnLead(tx: Tx, callId: string, body: string): Promise<void> {
  const [row] = await tx
    .select({ leadId: calls.leadId, businessId: calls.businessId })
    .from(calls)
    .where(eq(calls.id, callId));
  if (row?.leadId)
    await tx
      .insert(leadNotes)
      .values({ businessId: row.businessId, leadId: row.leadId, authorId: null, body });
}

function done(deps: TransferWebhookDeps) {
  const streamUrl = publicStreamUrl(deps.publicBaseUrl);
  return async function transferDone(c: Context<AppEnv>): Promise<Response> {
    const params = await signedTwilioForm(c, deps, 'twilio transfer dial action');
    if (params === null) return c.text('Forbidden', 403);
    const callSid = params.CallSid ?? '';
    const call = callSid ? await findCallBySid(deps.db, callSid) : null;
    if (call === null || call.id !== c.req.query('call')) {
      c.var.log.info(
        { callSid, call: c.req.query('call') },
        'twilio transfer dial action: unknown call, hung up',
      );
      return twimlResponse(c, hangupTwiml());
    }
    const dialStatus = params.DialCallStatus ?? '';
    // A warm transfer the staff member declined in the whisper is not bridged, whatever its status.
    const bridged = BRIDGED.has(dialStatus) && params.DialBridged !== 'false';
    const status = dialStatus === 'answered' ? 'completed' : dialStatus;
    const reason = (c.req.query('reason') ?? '').slice(0, 120);
    const outcome = await deps.db.withTenant(call.businessId, async (tx) => {
      const recorded = isTwilioCallStatus(status)
        ? await recordStatus(tx, call, {
            // The dial's own outcome, apart from the staff leg's status callbacks (same CallSid,
            // same status): one row per dial, so a retried action is the duplicate.
            callSid: `dial:${params.DialCallSid || callSid}`,
            leg: 'transfer',
            status,
            source: 'dial_action',
            durationSeconds: Number.parseInt(params.DialCallDuration ?? '', 10) || null,
            occurredAt: new Date(),
          })
        : 'recorded';
      if (recorded === 'duplicate') return recorded;
      const topic = reason ? ` נושא: ${reason}` : '';
      if (bridged) {
        await tx
          .update(calls)
          .set({ outcome: 'transferred' })
          .where(and(eq(calls.id, call.id), eq(calls.businessId, call.businessId)));
        await noteOnLead(tx, call.id, `השיחה הועברה לנציג.${topic}`);
      } else
        await noteOnLead(
          tx,
          call.id,
          `העברה לנציג לא נענתה (${dialStatus || 'unknown'}); העוזר לקח הודעה.${topic}`,
        );
      return recorded;
    });
    c.var.log.info({ callSid, callId: call.id, dialStatus, bridged, outcome }, 'twilio transfer dial action');
    if (bridged) return twimlResponse(c, hangupTwiml());
    const resumed = await deps.tokens.resume(callSid);
    if (!resumed.ok) {
      c.var.log.warn({ callSid }, 'transfer: the call cannot go back to the assistant, hung up');
      return twimlResponse(c, hangupTwiml());
    }
    return twimlResponse(
      c,
      connectStreamTwiml(`${streamUrl}/${resumed.token}`, {
        businessId: call.businessId,
        resume: RESUME_AFTER_TRANSFER,
      }),
    );
  };
}

export function mountTransferWebhooks(app: Hono<AppEnv>, deps: TransferWebhookDeps): void {
  app.post(TRANSFER_PATHS.whisper, async (c) => {
    const params = await signedTwilioForm(c, deps, 'twilio transfer whisper');
    if (params === null) return c.text('Forbidden', 403);
    const summary = (c.req.query('summary') ?? '').slice(0, 300);
    return twimlResponse(c, whisperTwiml(deps.publicBaseUrl, c.req.query('call') ?? '', summary));
  });
  app.post(TRANSFER_PATHS.accept, async (c) => {
    const params = await signedTwilioForm(c, deps, 'twilio transfer accept');
    if (params === null) return c.text('Forbidden', 403);
    const accepted = acceptTwiml(params.Digits ?? '');
    c.var.log.info(
      { callSid: params.CallSid, parent: params.ParentCallSid, digits: params.Digits },
      'transfer: staff key',
    );
    return twimlResponse(c, accepted);
  });
  app.post(TRANSFER_PATHS.done, done(deps));
}
