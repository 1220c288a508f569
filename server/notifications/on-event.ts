/**
 * Who hears about what: the notifications each domain event causes. Runs in the event
 * job's transaction; keyed by the event id, so a retried job notifies nobody twice. The
 * person who caused an event is not told about it.
 */
import { eq } from 'drizzle-orm';
import { appointments, leads, tasks } from '../../db/schema';
import type { Tx } from '../db/database';
import type { EmittedEvent, EventSubscriber } from '../events/events';
import { loadSettings } from '../scheduling/settings';
import { reasonText } from '../whatsapp/reason-text';
import { personText, TEXT, whenText } from './messages';
import { activeUserIds, MANAGER_ROLES, notifyUsers } from './store';

const without = (ids: (string | null | undefined)[], actor: string | null) =>
  ids.filter((id): id is string => typeof id === 'string' && id !== actor);

async function managersAnd(tx: Tx, businessId: string, extra: string | null | undefined) {
  return [...(await activeUserIds(tx, businessId, MANAGER_ROLES)), ...(extra ? [extra] : [])];
}

async function onAppointment(tx: Tx, e: EmittedEvent & { appointmentId: string }, cancelled: boolean) {
  const [row] = await tx
    .select({ startsAt: appointments.startsAt, lead: leads })
    .from(appointments)
    .leftJoin(leads, eq(leads.id, appointments.leadId))
    .where(eq(appointments.id, e.appointmentId));
  if (!row) return;
  const { timezone } = await loadSettings(tx, e.businessId);
  const who = personText(row.lead);
  const when = whenText(row.startsAt, timezone);
  const recipients = without(await managersAnd(tx, e.businessId, row.lead?.assigneeId), e.actorUserId);
  await notifyUsers(tx, e.businessId, recipients, {
    kind: cancelled ? 'appointment_cancelled' : 'appointment_booked',
    title: cancelled ? TEXT.cancelled(who, when) : TEXT.booked(who, when),
    link: '/calendar',
    data: { appointmentId: e.appointmentId, leadId: row.lead?.id ?? null },
    dedupeKey: `event:${e.eventId}`,
  });
}

export const notifyOnEvent: EventSubscriber = async (tx, e) => {
  const dedupeKey = `event:${e.eventId}`;
  switch (e.type) {
    case 'lead.created': {
      const [lead] = await tx.select().from(leads).where(eq(leads.id, e.leadId));
      if (!lead) return; // merged away before the event ran
      const recipients = without(await managersAnd(tx, e.businessId, lead.assigneeId), e.actorUserId);
      await notifyUsers(tx, e.businessId, recipients, {
        kind: 'lead_created',
        title: TEXT.leadCreated(personText(lead)),
        link: `/leads/${lead.id}`,
        data: { leadId: lead.id },
        dedupeKey,
      });
      return;
    }
    case 'appointment.booked':
      return onAppointment(tx, e, false);
    case 'appointment.cancelled':
      return onAppointment(tx, e, true);
    case 'appointment.rescheduled':
      return; // the reminders follow the new time; nobody needs a bell for it
    case 'task.assigned': {
      const [task] = await tx.select().from(tasks).where(eq(tasks.id, e.taskId));
      // Reassigned again (or deleted) before this ran: the later event tells the right person.
      if (!task || task.assigneeId !== e.assigneeId || e.assigneeId === e.actorUserId) return;
      await notifyUsers(tx, e.businessId, [e.assigneeId], {
        kind: 'task_assigned',
        title: TEXT.taskAssigned(task.title),
        link: '/tasks',
        data: { taskId: task.id, leadId: task.leadId },
        dedupeKey,
      });
      return;
    }
    case 'whatsapp.disconnected':
      await notifyUsers(tx, e.businessId, await activeUserIds(tx, e.businessId, MANAGER_ROLES), {
        kind: 'whatsapp_disconnected',
        title: TEXT.whatsappDisconnected,
        body: reasonText('disconnected', e.reason) ?? e.reason,
        link: '/whatsapp',
        data: { reason: e.reason },
        dedupeKey,
      });
      return;
  }
};
