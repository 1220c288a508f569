/** Test helpers: real future business days (the app under test runs on the real clock). */
import { minutesOf } from './slots';
import { addDays, formatInZone, localParts, weekdayOf, zonedInstant } from './zone';

export const TZ = 'Asia/Jerusalem';

/** The first Sunday–Thursday at least `days` days after today in Jerusalem. */
export function businessDay(days: number): string {
  let d = addDays(localParts(Date.now(), TZ).date, days);
  while (weekdayOf(d) > 4) d = addDays(d, 1);
  return d;
}

/** '2026-03-29', '10:00' → '2026-03-29T10:00:00+03:00'. */
export function at(date: string, hhmm: string): string {
  return formatInZone(zonedInstant(date, minutesOf(hhmm), TZ), TZ);
}
