/** What the server accepts for a lead time (server/reminders/settings.ts). */
export const HOURS_HINT = 'מספר שלם של שעות, בין 0 ל-168 (שבוע).';

/**
 * How long before an appointment, in Hebrew: "יום לפני הפגישה", "3 שעות לפני הפגישה".
 * Whole days read as days, since that is how owners think of them. Undefined for 0 (off)
 * and for values the server refuses.
 */
export function leadTimeText(hours: number): string | undefined {
  if (!Number.isInteger(hours) || hours <= 0 || hours > 168) return undefined;
  if (hours % 24 === 0) {
    const days = hours / 24;
    return `${days === 1 ? 'יום' : days === 2 ? 'יומיים' : `${days} ימים`} לפני הפגישה`;
  }
  return `${hours === 1 ? 'שעה' : hours === 2 ? 'שעתיים' : `${hours} שעות`} לפני הפגישה`;
}

/** The sentence under the customer's lead time: what the customer will get, and when. */
export function customerReminderHint(hours: number): string {
  if (hours === 0) return 'כבויה: הלקוח לא יקבל תזכורת.';
  const when = leadTimeText(hours);
  return when ? `הלקוח יקבל הודעת וואטסאפ ${when}.` : HOURS_HINT;
}

/** The sentence under the team's lead time (the lead's assignee, or the managers when none). */
export function staffReminderHint(hours: number): string {
  if (hours === 0) return 'כבויה: הצוות לא יקבל תזכורת.';
  const when = leadTimeText(hours);
  return when ? `התראה בלוח הבקרה לנציג/ה של הליד (או למנהלים) ${when}.` : HOURS_HINT;
}
