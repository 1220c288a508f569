import type { AnalysisStatus, CallDirection, CallListItem, CallOutcome, TranscriptTurn } from './data';

export const OUTCOME_LABEL: Record<CallOutcome, string> = {
  booked: 'נקבע תור',
  lead_captured: 'נאספו פרטים',
  question_answered: 'נענתה שאלה',
  transferred: 'הועבר לנציג',
  abandoned: 'השיחה נקטעה',
  failed: 'לא הצליח',
};

export const OUTCOME_TONE: Record<CallOutcome, 'green' | 'amber' | 'slate' | 'brand'> = {
  booked: 'green',
  lead_captured: 'brand',
  question_answered: 'brand',
  transferred: 'slate',
  abandoned: 'amber',
  failed: 'amber',
};

export const DIRECTION_LABEL: Record<CallDirection, string> = {
  inbound: 'נכנסת',
  outbound: 'יוצאת',
  browser: 'מהדפדפן',
};

export const SENTIMENT_LABEL = { positive: 'חיובי', neutral: 'ניטרלי', negative: 'שלילי' } as const;

export const ANALYSIS_STATUS_LABEL: Record<AnalysisStatus, string> = {
  pending: 'הסיכום בהכנה',
  done: 'מסוכם',
  failed: 'לא ניתן לסכם',
};

/** What each of the assistant's tools did, in plain Hebrew. */
const TOOL_LABEL: Record<string, string> = {
  check_availability: 'בדק זמינות ביומן',
  book_appointment: 'קבע תור',
  reschedule_appointment: 'הזיז תור',
  cancel_appointment: 'ביטל תור',
  create_or_update_lead: 'שמר את פרטי הפונה',
  lookup_faq: 'חיפש בשאלות הנפוצות',
  transfer_to_human: 'ביקש להעביר לנציג',
  end_call: 'סיים את השיחה',
};

export function toolLine(turn: TranscriptTurn): { action: string; result: string; ok: boolean } {
  const name = turn.tool?.name ?? turn.text.split(':')[0] ?? '';
  const prefix = `${name}:`;
  const result = turn.text.startsWith(prefix) ? turn.text.slice(prefix.length).trim() : turn.text;
  return { action: TOOL_LABEL[name] ?? `הפעיל את ${name}`, result, ok: turn.tool?.ok ?? true };
}

const DTMF_PREFIX = 'המתקשר הקיש:';
export const isKeyed = (turn: TranscriptTurn) => turn.kind === 'dtmf' || turn.text.startsWith(DTMF_PREFIX);
export const keyedDigits = (turn: TranscriptTurn) => turn.text.replace(DTMF_PREFIX, '').trim();

/**
 * The part of an interrupted line the caller heard: its words in proportion to the audio
 * played before the barge-in, cut at a word boundary (speech runs at a roughly even pace).
 */
export function heardPart(turn: TranscriptTurn): { heard: string; unheard: string } {
  const cut = turn.interrupted;
  if (!cut || cut.sentMs <= 0) return { heard: turn.text, unheard: '' };
  const share = Math.min(1, cut.heardMs / cut.sentMs);
  const words = turn.text.split(' ');
  const n = Math.round(words.length * share);
  return { heard: words.slice(0, n).join(' '), unheard: words.slice(n).join(' ') };
}

/** "1:05" */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "1:05 דק׳", or "—" without a duration. */
export function durationText(ms: number | null): string {
  return ms === null ? '—' : `${clock(ms)} דק׳`;
}

const dateTime = new Intl.DateTimeFormat('he-IL', { dateStyle: 'short', timeStyle: 'short' });
export const formatWhen = (iso: string) => dateTime.format(new Date(iso));

/** The call's state for its badge: missed, in progress, or answered. */
export function callState(call: CallListItem): {
  label: string;
  tone: 'green' | 'amber' | 'slate' | 'brand';
} {
  if (call.missed) return { label: 'לא נענתה', tone: 'amber' };
  if (call.endedAt === null) return { label: 'בשיחה עכשיו', tone: 'green' };
  return { label: 'נענתה', tone: 'slate' };
}

/** Why the recording cannot be played, or null when it can (or when there never was one). */
export function recordingProblem(call: CallListItem): string | null {
  if (call.recording?.status === 'lost') return 'ההקלטה של השיחה הזו אבדה: האחסון לא היה זמין בזמן השיחה.';
  if (!call.recording && call.recordingDeletedAt)
    return `ההקלטה נמחקה ב־${formatWhen(call.recordingDeletedAt)} בתום תקופת השמירה שנקבעה בהגדרות השיחות. התמליל נשאר.`;
  return null;
}
