/** Appointments as entries of a lead's timeline (registered in server/app.ts). */
import { and, eq } from 'drizzle-orm';
import { appointments } from '../../db/schema';
import { afterCursor, type TimelineSource, timelineKey, timelineOrder } from '../leads/timeline-source';
import { loadSettings } from './settings';
import { formatInZone } from './zone';

export const appointmentTimeline: TimelineSource = async (tx, lead, page) => {
  const rows = await tx
    .select({ a: appointments, key: timelineKey(appointments.createdAt) })
    .from(appointments)
    .where(
      and(
        eq(appointments.leadId, lead.id),
        afterCursor('appointment', appointments.createdAt, appointments.id, page.after),
      ),
    )
    .orderBy(...timelineOrder(appointments.createdAt, appointments.id))
    .limit(page.limit);
  if (rows.length === 0) return [];
  const { timezone } = await loadSettings(tx, lead.businessId);
  return rows.map(({ a, key }) => ({
    kind: 'appointment',
    id: a.id,
    key,
    at: a.createdAt.toISOString(),
    data: {
      startsAt: formatInZone(a.startsAt.getTime(), timezone),
      endsAt: formatInZone(a.endsAt.getTime(), timezone),
      status: a.status,
      notes: a.notes,
    },
  }));
};
