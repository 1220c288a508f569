/** Hebrew words for a lead's stored codes, shared by the CSV export and the dashboard. Pure. */
import type { LeadSource } from '../../db/schema/leads';

export const SOURCE_LABEL: Record<LeadSource, string> = {
  call: 'שיחה',
  whatsapp: 'וואטסאפ',
  form: 'טופס',
  api: 'API',
  manual: 'הוזן ידנית',
};

/**
 * "2026-12-02 14:05" on the business's wall clock: a spreadsheet reads it as a date and
 * time and sorts it, and nobody has to convert from UTC. Empty for no time.
 */
export function localDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
