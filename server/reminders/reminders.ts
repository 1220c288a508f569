/**
 * Appointment reminders. A booking or a move schedules two jobs (the customer's message and
 * the team's notification) at the business's lead times before the start; each is keyed
 * by appointment and start time, so booking events replayed make no duplicates. A job
 * re-reads its appointment and does nothing if it was cancelled or moved since: cancelling
 * needs no clean-up, and a move's new jobs carry the new time.
 */
import { eq } from 'drizzle-orm';
import { ACTIVE_APPOINTMENT_STATUSES, appointments, businesses, leads } from '../../db/schema';
import type { Tx } from '../db/database';
import type { EventSubscriber } from '../events/events';
import { enqueueJob } from '../jobs/queue';
import type { JobHandler } from '../jobs/runner';
import { personText, TEXT, whenText } from '../notifications/messages';
import { activeUserIds, MANAGER_ROLES, notifyUsers } from '../notifications/store';
import { loadSettings } from '../scheduling/settings';
import type { MessagingPort } from './messaging';
import { loadReminderSettings } from './settings';

export const CUSTOMER_REMINDER_JOB = 'reminder.customer';
export const STAFF_REMINDER_JOB = 'reminder.staff';

interface ReminderPayload {
  appointmentId: string;
  startsAt: string;
}

/** On booked and rescheduled: queues the reminders still ahead of `now`. */
export const scheduleRemindersOnEvent: EventSubscriber = async (tx, e, now) => {
  if (e.type !== 'appointment.booked' && e.type !== 'appointment.rescheduled') return;
  const [a] = await tx.select().from(appointments).where(eq(appointments.id, e.appointmentId));
  if (!a) return;
  const settings = await loadReminderSettings(tx, e.businessId);
  const startsAt = a.startsAt.toISOString();
  const payload: ReminderPayload = { appointmentId: a.id, startsAt };
  const plan = [
    [CUSTOMER_REMINDER_JOB, settings.customerHoursBefore],
    [STAFF_REMINDER_JOB, settings.staffHoursBefore],
  ] as const;
  for (const [kind, hours] of plan) {
    const runAt = new Date(a.startsAt.getTime() - hours * 3_600_000);
    // Off, or its moment already passed (booked at short notice): no reminder.
    if (hours === 0 || runAt <= now) continue;
    await enqueueJob(tx, {
      kind,
      businessId: e.businessId,
      runAt,
      payload: { ...payload },
      uniqueKey: `${kind}:${a.id}:${startsAt}`,
    });
  }
};

/** The appointment as the reminder expects it, or undefined when the reminder is moot. */
async function stillDue(tx: Tx, payload: ReminderPayload) {
  const [row] = await tx
    .select({ a: appointments, lead: leads })
    .from(appointments)
    .leftJoin(leads, eq(leads.id, appointments.leadId))
    .where(eq(appointments.id, payload.appointmentId));
  if (!row) return undefined;
  const active = (ACTIVE_APPOINTMENT_STATUSES as readonly string[]).includes(row.a.status);
  if (!active || row.a.startsAt.toISOString() !== payload.startsAt) return undefined;
  return row;
}

export function reminderJobs(messaging: MessagingPort): Record<string, JobHandler> {
  return {
    async [CUSTOMER_REMINDER_JOB](tx, job) {
      const payload = job.payload as unknown as ReminderPayload;
      const row = await stillDue(tx, payload);
      if (!row?.lead || !job.businessId) return;
      const [biz] = await tx.select({ name: businesses.name }).from(businesses);
      const { timezone } = await loadSettings(tx, job.businessId);
      const params = [biz?.name ?? '', whenText(row.a.startsAt, timezone)] as const;
      await messaging.send(tx, job.businessId, {
        channel: 'whatsapp',
        toPhone: row.lead.phone,
        body: TEXT.customerReminder(...params),
        templateParams: [...params],
        expiresAt: row.a.startsAt,
        dedupeKey: `${CUSTOMER_REMINDER_JOB}:${payload.appointmentId}:${payload.startsAt}`,
      });
    },
    async [STAFF_REMINDER_JOB](tx, job) {
      const payload = job.payload as unknown as ReminderPayload;
      const row = await stillDue(tx, payload);
      if (!row || !job.businessId) return;
      const { timezone } = await loadSettings(tx, job.businessId);
      const to = row.lead?.assigneeId
        ? [row.lead.assigneeId]
        : await activeUserIds(tx, job.businessId, MANAGER_ROLES);
      await notifyUsers(tx, job.businessId, to, {
        kind: 'appointment_reminder',
        title: TEXT.staffReminder(personText(row.lead), whenText(row.a.startsAt, timezone)),
        link: '/calendar',
        data: { appointmentId: payload.appointmentId, leadId: row.lead?.id ?? null },
        dedupeKey: `${STAFF_REMINDER_JOB}:${payload.appointmentId}:${payload.startsAt}`,
      });
    },
  };
}
