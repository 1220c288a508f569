/**
 * What Twilio does with a `<Dial><Number>` on the caller's call, played against the app: the
 * staff member's leg (its own CallSid, `ParentCallSid` = the caller's) reports the events its
 * `statusCallbackEvent` asks for; when it answers, a `<Number url>` whisper is fetched and
 * run on the staff member's side (its `<Gather>` gets their key, posted to the Gather's
 * action; a `<Hangup>` there declines the call); then the `<Dial action>` is posted with
 * `DialCallStatus`, `DialCallSid`, `DialCallDuration` and `DialBridged`, and its answer is the
 * TwiML the caller's call goes on with. Every request is signed like Twilio's.
 */
import { joinUrl, signWebhook, statusCallbackParams, twilioSid } from './signing.ts';
import { parseVerbs, type TwimlVerb } from './twiml.ts';

/** How the person the transfer dials behaves. */
export interface StaffMember {
  /** `answer`: picks up (and presses `key` when a whisper asks for one); otherwise the dial's status. */
  answers: 'answer' | 'busy' | 'no-answer' | 'failed';
  /** The key pressed in a warm transfer's whisper (default: none, the Gather times out). */
  key?: string;
  /** Seconds the bridged call lasts (default 5). */
  talkSeconds?: number;
}

export interface DialRecord {
  number: string;
  callerId: string | null;
  childCallSid: string;
  /** What the staff member heard in the whisper (its `<Say>`s), if there was one. */
  whisper: string[] | null;
  bridged: boolean;
  dialCallStatus: string;
  /** The `<Dial action>`'s HTTP status and TwiML answer (null: no action, the call ends). */
  action: { status: number; body: string } | null;
}

export interface DialContext {
  baseUrl: string;
  publicBaseUrl: string;
  authToken: string;
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
}

/** Public URL (what Twilio signs) → where the request lands locally. */
function local(ctx: DialContext, publicUrl: string): string {
  const u = new URL(publicUrl);
  return joinUrl(ctx.baseUrl, `${u.pathname}${u.search}`);
}

async function post(ctx: DialContext, publicUrl: string, params: Record<string, string>) {
  const res = await fetch(local(ctx, publicUrl), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': signWebhook(ctx.authToken, publicUrl, params),
      'User-Agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text() };
}

const EVENT_STATUS: Record<string, string> = {
  initiated: 'initiated',
  ringing: 'ringing',
  answered: 'in-progress',
  completed: 'completed',
};

export async function runDial(
  ctx: DialContext,
  dial: Extract<TwimlVerb, { verb: 'Dial' }>,
  staff: StaffMember,
): Promise<DialRecord> {
  const target = dial.numbers[0];
  if (!target) throw new Error('<Dial> without a <Number>');
  const childCallSid = twilioSid('CA');
  const n = target.attributes;
  const events = new Set((n.statusCallbackEvent ?? 'completed').split(/[\s,]+/).filter(Boolean));
  let sequence = 0;
  const childParams = {
    callSid: childCallSid,
    accountSid: ctx.accountSid,
    from: dial.attributes.callerId ?? ctx.from,
    to: target.number,
    parentCallSid: ctx.callSid,
  };
  const report = async (event: string, status = EVENT_STATUS[event] as string, durationSeconds?: number) => {
    if (!n.statusCallback || !events.has(event)) return;
    await post(
      ctx,
      n.statusCallback,
      statusCallbackParams({
        ...childParams,
        status,
        sequenceNumber: sequence++,
        at: new Date(),
        durationSeconds,
      }),
    );
  };
  await report('initiated');
  await report('ringing');
  let bridged = false;
  let whisper: string[] | null = null;
  let dialCallStatus: string = staff.answers;
  if (staff.answers === 'answer') {
    await report('answered');
    bridged = true;
    if (n.url) {
      // The whisper runs on the staff member's leg before the calls are bridged.
      const base = statusCallbackParams({
        ...childParams,
        status: 'in-progress',
        sequenceNumber: 0,
        at: new Date(),
      });
      const answer = await post(ctx, n.url, base);
      whisper = [];
      bridged = await runWhisper(ctx, parseVerbs(answer.body), base, staff, whisper);
    }
    dialCallStatus = 'completed';
    await report('completed', 'completed', bridged ? (staff.talkSeconds ?? 5) : 0);
  } else await report('completed', staff.answers);
  const actionUrl = dial.attributes.action;
  const params: Record<string, string> = {
    AccountSid: ctx.accountSid,
    CallSid: ctx.callSid,
    From: ctx.from,
    To: ctx.to,
    CallStatus: 'in-progress',
    Direction: 'inbound',
    DialCallSid: childCallSid,
    DialCallStatus: dialCallStatus,
    DialCallDuration: String(bridged ? (staff.talkSeconds ?? 5) : 0),
    DialBridged: String(bridged),
  };
  const action = actionUrl ? await post(ctx, actionUrl, params) : null;
  return {
    number: target.number,
    callerId: dial.attributes.callerId ?? null,
    childCallSid,
    whisper,
    bridged,
    dialCallStatus,
    action,
  };
}

/** Runs the whisper's verbs on the staff member's side; true when it ended without a hang-up (bridged). */
async function runWhisper(
  ctx: DialContext,
  verbs: TwimlVerb[],
  base: Record<string, string>,
  staff: StaffMember,
  heard: string[],
): Promise<boolean> {
  for (const v of verbs) {
    if (v.verb === 'Say' && 'text' in v) heard.push(v.text);
    else if (v.verb === 'Hangup') return false;
    else if (v.verb === 'Gather' && 'says' in v) {
      heard.push(...v.says);
      if (!staff.key) continue; // timed out: the document goes on after the Gather
      const action = v.attributes.action;
      if (!action) return true;
      const answer = await post(ctx, action, { ...base, Digits: staff.key, FinishedOnKey: '' });
      return runWhisper(ctx, parseVerbs(answer.body), base, staff, heard);
    }
  }
  return true;
}
