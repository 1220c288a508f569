import { ApiError } from '../../api';
import { errorMessage } from '../../errors';
import type { ChatMessage, ConversationItem, InboxFilter, OutboundChatMessage, Template } from './data';

export const FILTERS: readonly { value: InboxFilter; label: string }[] = [
  { value: 'all', label: 'הכול' },
  { value: 'unread', label: 'לא נקראו' },
  { value: 'unanswered', label: 'ממתינות למענה' },
  { value: 'needs_human', label: 'צריך נציג' },
  { value: 'ai_on', label: 'העוזר פעיל' },
  { value: 'paused', label: 'העוזר מושהה' },
];

export const isFilter = (v: string | undefined): v is InboxFilter => FILTERS.some((f) => f.value === v);

export const DELIVERY_LABEL: Record<OutboundChatMessage['delivery'], string> = {
  pending: 'ממתינה לשליחה',
  sent: 'נשלחה',
  delivered: 'נמסרה',
  read: 'נקראה',
  failed: 'לא נשלחה',
};

/** WhatsApp's own marks, so staff read the state at a glance (the label says it in words). */
export const DELIVERY_MARK: Record<OutboundChatMessage['delivery'], string> = {
  pending: '🕓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};

const AI_REASON: Record<string, string> = {
  staff_reply: 'הצוות ענה בשיחה',
  manual: 'הושהה ידנית',
  needs_human: 'העוזר ביקש נציג',
};

export const aiReasonText = (reason: string | null) => (reason ? (AI_REASON[reason] ?? reason) : '');

/**
 * Who answers now. A pause whose quiet time ran out counts as on: the customer's next
 * message resumes it (the server's filters say the same).
 */
export function aiIsOn(ai: ConversationItem['ai'], now: number): boolean {
  if (ai.state === 'on') return true;
  return ai.resumeAt !== null && Date.parse(ai.resumeAt) <= now;
}

const timeOnly = new Intl.DateTimeFormat('he-IL', { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat('he-IL', {
  day: 'numeric',
  month: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dayOnly = new Intl.DateTimeFormat('he-IL', { day: 'numeric', month: 'numeric', year: '2-digit' });

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** A message's time: the hour today, the day and hour before. */
export function messageTime(iso: string, now: number): string {
  const at = new Date(iso);
  return sameDay(at, new Date(now)) ? timeOnly.format(at) : dayAndTime.format(at);
}

/** The list's time column: the hour today, "אתמול", then the date. */
export function listTime(iso: string | null, now: number): string {
  if (!iso) return '';
  const at = new Date(iso);
  const today = new Date(now);
  if (sameDay(at, today)) return timeOnly.format(at);
  const yesterday = new Date(now - 86_400_000);
  if (sameDay(at, yesterday)) return 'אתמול';
  return dayOnly.format(at);
}

/** One line under the AI state: by whom, when, why, and when it answers again. */
export function aiDetails(ai: ConversationItem['ai'], now: number): string {
  if (ai.state === 'on') return ai.changedBy && ai.changedAt ? `הופעל מחדש על ידי ${ai.changedBy}` : '';
  const parts: string[] = [];
  if (ai.changedBy) parts.push(`על ידי ${ai.changedBy}`);
  if (ai.changedAt) parts.push(messageTime(ai.changedAt, now));
  const why = aiReasonText(ai.reason);
  if (why) parts.push(why);
  if (ai.resumeAt === null) parts.push('לא יחזור לענות מעצמו');
  else if (Date.parse(ai.resumeAt) > now) parts.push(`יחזור לענות אחרי ${messageTime(ai.resumeAt, now)}`);
  else parts.push('יענה שוב בהודעה הבאה של הלקוח');
  return parts.join(' · ');
}

export type ComposerMode =
  | { kind: 'text' }
  | { kind: 'template'; templates: Template[] }
  | { kind: 'blocked'; reason: string };

/**
 * What staff may send in this conversation: free text (Baileys always; Meta inside the 24
 * hours since the customer last wrote), an approved template outside it, or nothing, said why.
 */
export function composerMode(detail: {
  conversation: ConversationItem;
  templates: Template[];
}): ComposerMode {
  const c = detail.conversation;
  if (c.isGroup)
    return { kind: 'blocked', reason: 'זו קבוצה: ההודעות בה נשמרות ומוצגות, אבל לא עונים לקבוצה מכאן.' };
  if (!c.contactPhone)
    return {
      kind: 'blocked',
      reason:
        'הלקוח כתב משם משתמש ומסתיר את המספר שלו, ולכן אי אפשר לענות לו מכאן עדיין. אפשר לבקש ממנו לכתוב את המספר בהודעה.',
    };
  if (c.window.open) return { kind: 'text' };
  if (detail.templates.length > 0) return { kind: 'template', templates: detail.templates };
  return {
    kind: 'blocked',
    reason:
      'עברו יותר מ־24 שעות מאז שהלקוח כתב, ולכן WhatsApp מאפשר לשלוח רק תבנית מאושרת. אין לעסק תבניות מוגדרות בהגדרות תיבת הדואר.',
  };
}

/** How many parameters ({{1}}, {{2}}…) an approved template's body takes. */
export function templateParamCount(body: string): number {
  return new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
}

/** The body as the customer will read it: each {{n}} filled in, or left as is while empty. */
export function renderTemplate(body: string, params: readonly string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (m, i) => params[Number(i) - 1]?.trim() || m);
}

/** Why a reply was refused, in Hebrew (the server's reasons are for developers). */
export function replyError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'conflict') {
    if (error.details?.reason === 'window_closed')
      return 'עברו יותר מ־24 שעות מאז שהלקוח כתב: אפשר לשלוח רק תבנית מאושרת.';
    if (/hides their number/.test(error.message))
      return 'הלקוח מסתיר את המספר שלו, ולכן אי אפשר לענות לו מכאן עדיין.';
    if (/Group/.test(error.message)) return 'לא עונים לקבוצה מכאן.';
  }
  if (error instanceof ApiError && error.code === 'validation_failed') {
    const fields = error.details?.fields ?? {};
    if (fields.template) return 'התבנית הזו לא מופיעה בתבניות המאושרות של העסק.';
    if (fields.params) return 'יש למלא את כל הפרמטרים של התבנית.';
    return 'ההודעה ריקה או ארוכה מדי.';
  }
  return errorMessage(error);
}

const KIND_LABEL: Record<string, string> = {
  image: 'תמונה',
  voice: 'הודעה קולית',
  audio: 'קובץ שמע',
  video: 'סרטון',
  document: 'מסמך',
  sticker: 'מדבקה',
  location: 'מיקום',
  contacts: 'איש קשר',
  interactive: 'בחירה מתפריט',
  button: 'לחיצה על כפתור',
  system: 'הודעת מערכת',
  unsupported: 'הודעה מסוג ש־WhatsApp לא מעביר',
  template: 'תבנית',
};

export const kindLabel = (kind: string) => KIND_LABEL[kind] ?? '';

/** Who wrote an outgoing message, as the chat shows it above the text. */
export function senderLabel(m: OutboundChatMessage): string {
  if (m.sender === 'staff') return m.senderName ?? 'הצוות';
  if (m.sender === 'assistant') return 'העוזר הדיגיטלי';
  return 'הודעה אוטומטית';
}

const sizeFormat = new Intl.NumberFormat('he-IL', { maximumFractionDigits: 1 });
export function bytesText(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`;
  return `${sizeFormat.format(bytes / 1024 / 1024)} MB`;
}

export const MEDIA_PROBLEM: Record<string, string> = {
  pending: 'הקובץ בהורדה…',
  too_large: 'הקובץ גדול מדי ולא נשמר.',
  failed: 'לא הצלחנו להוריד את הקובץ.',
};

export const TRANSCRIPT_STATUS: Record<string, string> = {
  pending: 'מתמלל…',
  failed: 'לא הצלחנו לתמלל את ההודעה.',
};

/** A shared location as a map link (any maps app opens it). */
export const mapUrl = (l: { latitude: number; longitude: number }) =>
  `https://www.google.com/maps/search/?api=1&query=${l.latitude},${l.longitude}`;

/** A message's location and contact cards, read defensively: details come from two providers. */
export function locationOf(m: ChatMessage) {
  const l = (m.direction === 'in' ? (m.details as { location?: unknown } | null)?.location : null) as
    | { latitude?: unknown; longitude?: unknown; name?: unknown; address?: unknown }
    | null
    | undefined;
  if (!l || typeof l.latitude !== 'number' || typeof l.longitude !== 'number') return null;
  return {
    latitude: l.latitude,
    longitude: l.longitude,
    name: typeof l.name === 'string' ? l.name : null,
    address: typeof l.address === 'string' ? l.address : null,
  };
}

export function contactsOf(m: ChatMessage): { name: string; phones: string[] }[] {
  const raw = m.direction === 'in' ? (m.details as { contacts?: unknown } | null)?.contacts : null;
  if (!Array.isArray(raw)) return [];
  return raw.map((c: { name?: { formatted_name?: unknown }; phones?: { phone?: unknown }[] }) => ({
    name: typeof c?.name?.formatted_name === 'string' ? c.name.formatted_name : '',
    phones: Array.isArray(c?.phones)
      ? c.phones.map((p) => (typeof p?.phone === 'string' ? p.phone : '')).filter(Boolean)
      : [],
  }));
}
