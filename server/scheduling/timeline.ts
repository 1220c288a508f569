/** Appointments as entries of a lead's timeline (server/leads/timeline.ts). */
import { desc, eq } from 'drizzle-orm';
import { appointments } from '../../db/schema';
import type { Tx } from '../db/database';
import { loadSettings } from './settings';
import { formatInZone } from './zone';

export async function appointmentTimeline(tx: Tx, lead: { id: string; businessId: string }, limit: number) {
  const rows = await tx
    .select()
    .from(appointments)
    .where(eq(appointments.leadId, lead.id))
    .orderBy(desc(appointments.createdAt))
    .limit(limit);
  if (rows.length === 0) return [];
  const { timezone } = await loadSettings(tx, lead.businessId);
  return rows.map((a) => ({
    kind: 'appointment',
    id: a.id,
    at: a.createdAt.toISOString(),
    data: {
      startsAt: formatInZone(a.startsAt.getTime(), timezone),
      endsAt: formatInZone(a.endsAt.getTime(), timezone),
      status: a.status,
      notes: a.notes,
    },
  }));
}
