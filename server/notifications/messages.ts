/** The Hebrew sentences notifications and reminders say. Pure. */
import { isolate, ltr } from '../lib/bidi';
import { displayPhone } from '../lib/phone';

/** "יום ראשון, 12.4, 10:00" in the business's time zone. */
export function whenText(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('he-IL', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')}, ${get('day')}.${get('month')}, ${get('hour')}:${get('minute')}`;
}

export function personText(lead: { name: string | null; phone: string } | null | undefined): string {
  if (!lead) return 'ללא ליד';
  // Isolated: a phone or a Latin name inside a Hebrew sentence keeps its own order.
  return lead.name ? isolate(lead.name) : ltr(displayPhone(lead.phone));
}

export const TEXT = {
  leadCreated: (who: string) => `ליד חדש: ${who}`,
  booked: (who: string, when: string) => `נקבעה פגישה: ${who}, ${when}`,
  cancelled: (who: string, when: string) => `בוטלה פגישה: ${who}, ${when}`,
  staffReminder: (who: string, when: string) => `תזכורת: פגישה עם ${who}, ${when}`,
  taskAssigned: (title: string) => `משימה חדשה בשבילך: ${isolate(title)}`,
  taskDue: (title: string) => `הגיע מועד המשימה: ${isolate(title)}`,
  whatsappDisconnected: 'הוואטסאפ של העסק התנתק',
  customerReminder: (business: string, when: string) =>
    `שלום, תזכורת לפגישה שלך ב${business} ב${when}. אם אין באפשרותך להגיע, נשמח שתודיע/י לנו.`,
} as const;
