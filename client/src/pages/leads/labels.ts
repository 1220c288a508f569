import type { LeadSource } from './data';

export const SOURCE_LABEL: Record<LeadSource, string> = {
  call: 'שיחה',
  whatsapp: 'וואטסאפ',
  form: 'טופס',
  api: 'API',
  manual: 'הוזן ידנית',
};

const dateTime = new Intl.DateTimeFormat('he-IL', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** '3 בנוב׳, 14:05' in the viewer's own clock; unparseable input is shown as is. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** A lead's name, or its phone when it has none. */
export function leadTitle(lead: { name: string | null; phone: string }): string {
  return lead.name || lead.phone;
}
