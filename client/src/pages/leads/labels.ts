import { displayPhone } from '../../../../server/lib/phone';

export { SOURCE_LABEL } from '../../../../server/leads/labels';

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

/**
 * A lead's name, or its phone (as people read it) when it has none, as plain text: for
 * labels and sentences. In markup use <LeadName>, which isolates it.
 */
export function leadTitle(lead: { name: string | null; phone: string }): string {
  return lead.name || displayPhone(lead.phone);
}
