/** How an appointment is read: times as ISO with the business's offset, the lead resolved. */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { type AppointmentStatus, appointments, leads } from '../../db/schema';
import type { Tx } from '../db/database';
import { formatInZone } from './zone';

export interface AppointmentView {
  id: string;
  /** ISO 8601 with the business's UTC offset at that moment, e.g. 2026-03-27T09:00:00+03:00. */
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  status: AppointmentStatus;
  notes: string | null;
  lead: { id: string; name: string | null; phone: string } | null;
  createdAt: string;
  updatedAt: string;
}

export async function selectAppointmentViews(
  tx: Tx,
  timezone: string,
  where: SQL | undefined,
): Promise<AppointmentView[]> {
  const rows = await tx
    .select({ a: appointments, lead: { id: leads.id, name: leads.name, phone: leads.phone } })
    .from(appointments)
    .leftJoin(leads, eq(leads.id, appointments.leadId))
    .where(where)
    .orderBy(asc(appointments.startsAt), asc(appointments.createdAt), asc(appointments.id));
  return rows.map(({ a, lead }) => ({
    id: a.id,
    startsAt: formatInZone(a.startsAt.getTime(), timezone),
    endsAt: formatInZone(a.endsAt.getTime(), timezone),
    durationMinutes: Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000),
    status: a.status,
    notes: a.notes,
    lead: a.leadId && lead ? lead : null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  }));
}

export async function selectAppointmentView(
  tx: Tx,
  timezone: string,
  id: string,
  extra?: SQL,
): Promise<AppointmentView | undefined> {
  const [view] = await selectAppointmentViews(tx, timezone, and(eq(appointments.id, id), extra));
  return view;
}
