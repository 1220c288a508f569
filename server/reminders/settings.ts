/** How long before an appointment its reminders go out, per business (0 = off). */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { reminderSettings } from '../../db/schema';
import type { Tx } from '../db/database';
import { inBusiness, type ServiceContext } from '../tenancy/scope';

export interface ReminderSettings {
  customerHoursBefore: number;
  staffHoursBefore: number;
}

/** A day ahead for the customer, two hours ahead for the team. */
export const DEFAULT_REMINDERS: ReminderSettings = { customerHoursBefore: 24, staffHoursBefore: 2 };

const hours = z.int().min(0).max(168);
export const reminderSettingsBody = z
  .object({ customerHoursBefore: hours, staffHoursBefore: hours })
  .strict();

export async function loadReminderSettings(tx: Tx, businessId: string): Promise<ReminderSettings> {
  const [row] = await tx.select().from(reminderSettings).where(eq(reminderSettings.businessId, businessId));
  return row
    ? { customerHoursBefore: row.customerHoursBefore, staffHoursBefore: row.staffHoursBefore }
    : DEFAULT_REMINDERS;
}

export function getReminderSettings(ctx: ServiceContext, businessId?: string) {
  return inBusiness(ctx, businessId, 'reminders.read', (tx, bid) => loadReminderSettings(tx, bid));
}

/** Applies to appointments booked or moved from now on; queued reminders keep their time. */
export function saveReminderSettings(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: ReminderSettings,
) {
  return inBusiness(ctx, businessId, 'reminders.update', async (tx, bid) => {
    await tx
      .insert(reminderSettings)
      .values({ businessId: bid, ...input })
      .onConflictDoUpdate({ target: reminderSettings.businessId, set: { ...input, updatedAt: new Date() } });
    return loadReminderSettings(tx, bid);
  });
}
