/**
 * Turns the date and time a model passes to a tool into a local date and time: an explicit
 * "YYYY-MM-DD HH:MM" as is, everyday Hebrew through `parseHebrewDateTime`, and whatever
 * that does not understand through a small model (ModelDateParser). Every answer, the
 * model's included, passes the same validation before anything is booked with it.
 */
import { z } from 'zod';
import { isIsoDate } from '../../scheduling/zone';
import { parseHebrewDateTime } from '../hebrew-time';

export interface LocalDateTime {
  /** YYYY-MM-DD in the business's time zone. */
  date: string;
  /** HH:MM, absent when only a day was said. */
  time?: string;
}

/** A fallback for phrases the rule-based parser does not know; null when it cannot tell either. */
export type ModelDateParser = (
  text: string,
  opts: { now: Date; timeZone: string },
) => Promise<{ date: string | null; time: string | null } | null>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const localDateTimeSchema = z.object({
  date: z.string().refine(isIsoDate, 'must be a real date YYYY-MM-DD'),
  time: z.string().regex(TIME, 'must be HH:MM').optional(),
});

const EXPLICIT = /^\s*(\d{4}-\d{2}-\d{2})(?:[ T]([01]?\d|2[0-3]):([0-5]\d)(?::\d{2})?)?/;

export async function resolveDateTime(
  text: string,
  opts: { now: Date; timeZone: string; fallback?: ModelDateParser },
): Promise<(LocalDateTime & { via: 'explicit' | 'hebrew' | 'model' }) | null> {
  const explicit = EXPLICIT.exec(text);
  if (explicit) {
    const [, date, h, m] = explicit;
    const parsed = localDateTimeSchema.safeParse({
      date,
      time: h ? `${h.padStart(2, '0')}:${m}` : undefined,
    });
    return parsed.success ? { ...parsed.data, via: 'explicit' } : null;
  }
  const hebrew = parseHebrewDateTime(text, opts);
  if (hebrew) return { ...hebrew, via: 'hebrew' };
  if (!opts.fallback) return null;
  let guess: Awaited<ReturnType<ModelDateParser>>;
  try {
    guess = await opts.fallback(text, { now: opts.now, timeZone: opts.timeZone });
  } catch {
    return null; // the fallback is best effort: a failure reads as "not understood"
  }
  if (!guess?.date) return null;
  const parsed = localDateTimeSchema.safeParse({ date: guess.date, time: guess.time ?? undefined });
  return parsed.success ? { ...parsed.data, via: 'model' } : null;
}
