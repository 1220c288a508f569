/**
 * Appointment settings per business. A business that never saved any gets DEFAULT_SETTINGS
 * in its own time zone, so nothing has to be created along with a business.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { appointmentSettings, businesses, WEEKDAYS, type WeeklyHours } from '../../db/schema';
import { isTimeZone } from '../businesses/service';
import type { Tx } from '../db/database';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { minutesOf, type ScheduleRules } from './slots';
import { isIsoDate } from './zone';

export interface SettingsView extends ScheduleRules {
  /** True while the business runs on the defaults (nothing saved yet). */
  isDefault: boolean;
}

const sundayToThursday = [{ start: '09:00', end: '17:00' }];
export const DEFAULT_SETTINGS: Omit<ScheduleRules, 'timezone'> = {
  weeklyHours: {
    sun: sundayToThursday,
    mon: sundayToThursday,
    tue: sundayToThursday,
    wed: sundayToThursday,
    thu: sundayToThursday,
    fri: [],
    sat: [],
  },
  slotMinutes: 30,
  windowDays: 30,
  noticeMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  closedDates: [],
};

const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM');
const dayRanges = z
  .array(z.object({ start: clock, end: clock }).strict())
  .max(12)
  .superRefine((ranges, ctx) => {
    const sorted = [...ranges].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    sorted.forEach((r, i) => {
      if (minutesOf(r.end) <= minutesOf(r.start))
        ctx.addIssue({ code: 'custom', message: 'ends before it starts' });
      const next = sorted[i + 1];
      if (next && minutesOf(next.start) < minutesOf(r.end)) {
        ctx.addIssue({ code: 'custom', message: 'ranges overlap' });
      }
    });
  })
  .transform((ranges) => [...ranges].sort((a, b) => minutesOf(a.start) - minutesOf(b.start)));

export const settingsBody = z
  .object({
    timezone: z.string().refine(isTimeZone, 'is not a known time zone'),
    weeklyHours: z.object(
      Object.fromEntries(WEEKDAYS.map((d) => [d, dayRanges])) as Record<
        (typeof WEEKDAYS)[number],
        typeof dayRanges
      >,
    ),
    slotMinutes: z.int().min(5).max(480),
    windowDays: z.int().min(0).max(365),
    noticeMinutes: z
      .int()
      .min(0)
      .max(60 * 24 * 30),
    bufferBeforeMinutes: z.int().min(0).max(240),
    bufferAfterMinutes: z.int().min(0).max(240),
    closedDates: z.array(z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD')).max(1000),
  })
  .strict();
export type SettingsInput = z.infer<typeof settingsBody>;

/** The rules a business books by, inside its scope. */
export async function loadSettings(tx: Tx, businessId: string): Promise<SettingsView> {
  const [row] = await tx
    .select()
    .from(appointmentSettings)
    .where(eq(appointmentSettings.businessId, businessId));
  if (row) {
    const { businessId: _, updatedAt: __, ...rules } = row;
    return { ...rules, isDefault: false };
  }
  const [biz] = await tx
    .select({ timezone: businesses.timezone })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  return { ...DEFAULT_SETTINGS, timezone: biz?.timezone ?? 'Asia/Jerusalem', isDefault: true };
}

export function getSettings(ctx: ServiceContext, businessId?: string): Promise<SettingsView> {
  return inBusiness(ctx, businessId, 'appointment_settings.read', (tx, bid) => loadSettings(tx, bid));
}

/** Replaces the whole settings. Existing appointments keep their times and buffers. */
export function saveSettings(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: SettingsInput,
): Promise<SettingsView> {
  return inBusiness(ctx, businessId, 'appointment_settings.update', async (tx, bid) => {
    const values = { ...input, weeklyHours: input.weeklyHours as WeeklyHours, updatedAt: new Date() };
    await tx
      .insert(appointmentSettings)
      .values({ businessId: bid, ...values })
      .onConflictDoUpdate({ target: appointmentSettings.businessId, set: values });
    return loadSettings(tx, bid);
  });
}
