/**
 * The TwiML of a transfer to a person. The caller's call is replaced (REST update) by a
 * short Hebrew sentence and a `<Dial>` to the business's number with the caller's ID; its
 * `action` tells us how the dial ended (back to the assistant when nobody took it). A warm
 * transfer's `<Number url>` whispers a summary to the staff member, who accepts with a key.
 * Every URL is on the public base URL and signed by Twilio like any webhook.
 */
import { escapeXmlAttribute } from '../twiml.ts';

const PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>';
const HE = 'language="he-IL"';

/** What the caller hears before the dial. */
export const TRANSFER_SENTENCE = 'אני מעבירה אותך לנציג, רק רגע בבקשה.';
/** The key a staff member presses to take a warm transfer. */
export const ACCEPT_DIGIT = '1';
/** Seconds the staff member's phone rings before the caller goes back to the assistant. */
export const DIAL_TIMEOUT_S = 20;

/** The stream's `<Parameter name="resume">` for a caller back from a transfer nobody took. */
export const RESUME_AFTER_TRANSFER = 'transfer_unanswered';

/** What the assistant is told when the caller comes back to it (instead of the greeting). */
export const RESUME_NOTE =
  'ניסית להעביר את המתקשר לנציג, אבל אף נציג לא ענה, והשיחה חזרה אליך. אמור לו בקצרה שאין נציג פנוי כרגע, והצע לרשום הודעה: שם, מספר טלפון ומה הבקשה. חזור על הפרטים לאישור ושמור אותם עם create_or_update_lead.';

export const TRANSFER_PATHS = {
  whisper: '/twilio/transfer/whisper',
  accept: '/twilio/transfer/accept',
  done: '/twilio/transfer/done',
} as const;

export interface TransferTwimlInput {
  publicBaseUrl: string;
  callId: string;
  /** E.164, validated when saved. */
  number: string;
  /** The caller's number when it is a valid one; otherwise the business's. */
  callerId: string;
  /** Why the caller is being transferred (kept on the lead by the dial's outcome). */
  reason: string;
  /** Warm transfer: the summary the staff member hears first; null: a cold transfer. */
  whisper: string | null;
  statusCallbackPath: string;
}

function url(base: string, path: string, query: Record<string, string>): string {
  return `${base.replace(/\/+$/, '')}${path}?${new URLSearchParams(query).toString()}`;
}

export function transferTwiml(t: TransferTwimlInput): string {
  const warm = t.whisper !== null;
  const action = url(t.publicBaseUrl, TRANSFER_PATHS.done, {
    call: t.callId,
    reason: t.reason.slice(0, 120),
    ...(warm ? { warm: '1' } : {}),
  });
  const whisper = warm
    ? ` url="${escapeXmlAttribute(url(t.publicBaseUrl, TRANSFER_PATHS.whisper, { call: t.callId, summary: (t.whisper as string).slice(0, 300) }))}" method="POST"`
    : '';
  const status = `${t.publicBaseUrl.replace(/\/+$/, '')}${t.statusCallbackPath}`;
  return (
    `${PROLOGUE}<Response><Say ${HE}>${escapeXmlAttribute(TRANSFER_SENTENCE)}</Say>` +
    `<Dial callerId="${escapeXmlAttribute(t.callerId)}" timeout="${DIAL_TIMEOUT_S}" action="${escapeXmlAttribute(action)}" method="POST">` +
    `<Number${whisper} statusCallback="${escapeXmlAttribute(status)}" statusCallbackMethod="POST" statusCallbackEvent="initiated ringing answered completed">` +
    `${escapeXmlAttribute(t.number)}</Number></Dial></Response>`
  );
}

/** The staff member's side of a warm transfer: the summary, then a key to take the call. */
export function whisperTwiml(publicBaseUrl: string, callId: string, summary: string): string {
  const accept = url(publicBaseUrl, TRANSFER_PATHS.accept, { call: callId });
  return (
    `${PROLOGUE}<Response><Gather numDigits="1" timeout="8" action="${escapeXmlAttribute(accept)}" method="POST">` +
    `<Say ${HE}>${escapeXmlAttribute(summary)} לקבלת השיחה הקישו ${ACCEPT_DIGIT}.</Say></Gather>` +
    `<Hangup/></Response>`
  );
}

/** The staff member's key: the accept key bridges the calls (the whisper ends), anything else declines. */
export function acceptTwiml(digits: string): string {
  return digits === ACCEPT_DIGIT ? `${PROLOGUE}<Response/>` : `${PROLOGUE}<Response><Hangup/></Response>`;
}

export const hangupTwiml = () => `${PROLOGUE}<Response><Hangup/></Response>`;

/** The whisper's words: who is calling and why, short enough to hear before the caller gives up. */
export function whisperSummary(o: { from: string; reason: string; lastCallerLine?: string }): string {
  const who = o.from
    ? `שיחה מ-${o.from
        .replace(/^\+972/, '0')
        .split('')
        .join(' ')}.`
    : 'שיחה ממספר חסוי.';
  const why = o.reason ? ` נושא: ${o.reason}.` : '';
  const said = o.lastCallerLine ? ` הלקוח אמר: ${o.lastCallerLine.slice(0, 120)}.` : '';
  return `${who}${why}${said}`;
}
