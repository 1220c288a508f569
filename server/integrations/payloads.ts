/**
 * The `data` of each webhook event: a snapshot of the thing it is about, read when the
 * event is dispatched, in the shapes a receiver (n8n, Zapier) maps field by field. Phones
 * are E.164; times ISO 8601 in UTC. Null when the thing is gone (merged, deleted).
 */
import { eq } from 'drizzle-orm';
import { appointments, calls, inboundMessages, leadStatuses, leads, tasks, users } from '../../db/schema';
import type { Tx } from '../db/database';
import type { EmittedEvent } from '../events/events';

type Data = Record<string, unknown>;

async function leadData(tx: Tx, leadId: string | null): Promise<Data | null> {
  if (!leadId) return null;
  const [row] = await tx
    .select({ lead: leads, status: leadStatuses.name, assignee: users.name })
    .from(leads)
    .leftJoin(leadStatuses, eq(leadStatuses.id, leads.statusId))
    .leftJoin(users, eq(users.id, leads.assigneeId))
    .where(eq(leads.id, leadId));
  if (!row) return null;
  const l = row.lead;
  return {
    id: l.id,
    name: l.name,
    phone: l.phone,
    email: l.email,
    source: l.source,
    status: row.status,
    assignee: l.assigneeId ? { id: l.assigneeId, name: row.assignee } : null,
    createdAt: l.createdAt.toISOString(),
  };
}

async function appointmentData(tx: Tx, id: string): Promise<Data | null> {
  const [a] = await tx.select().from(appointments).where(eq(appointments.id, id));
  if (!a) return null;
  return {
    appointment: {
      id: a.id,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      status: a.status,
      notes: a.notes,
    },
    lead: await leadData(tx, a.leadId),
  };
}

async function callData(tx: Tx, id: string): Promise<Data | null> {
  const [c] = await tx.select().from(calls).where(eq(calls.id, id));
  if (!c) return null;
  return {
    call: {
      id: c.id,
      from: c.fromNumber,
      to: c.toNumber,
      startedAt: c.startedAt.toISOString(),
      answeredAt: c.answeredAt?.toISOString() ?? null,
      endedAt: c.endedAt?.toISOString() ?? null,
      durationMs: c.durationMs,
      endReason: c.endReason,
      // What was said, in order: the call's summary for a receiver that writes it to a CRM.
      transcript: c.transcript.map((t) => ({ speaker: t.speaker, text: t.text, atMs: t.atMs })),
    },
    lead: await leadData(tx, c.leadId),
  };
}

async function messageData(tx: Tx, id: string): Promise<Data | null> {
  const [m] = await tx.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  if (!m) return null;
  return {
    message: {
      id: m.id,
      provider: m.provider,
      from: m.fromPhone,
      text: m.body,
      receivedAt: m.receivedAt.toISOString(),
    },
    lead: await leadData(tx, m.leadId),
  };
}

async function taskData(tx: Tx, id: string): Promise<Data | null> {
  const [row] = await tx
    .select({ task: tasks, assignee: users.name })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .where(eq(tasks.id, id));
  if (!row) return null;
  const t = row.task;
  return {
    task: {
      id: t.id,
      title: t.title,
      description: t.description,
      dueAt: t.dueAt?.toISOString() ?? null,
      column: t.column,
      assignee: t.assigneeId ? { id: t.assigneeId, name: row.assignee } : null,
    },
    lead: await leadData(tx, t.leadId),
  };
}

/** The event's data, or null when what it is about no longer exists. */
export async function payloadData(tx: Tx, e: EmittedEvent): Promise<Data | null> {
  switch (e.type) {
    case 'lead.created': {
      const lead = await leadData(tx, e.leadId);
      return lead && { lead };
    }
    case 'lead.updated': {
      const lead = await leadData(tx, e.leadId);
      return lead && { lead, changed: e.changed };
    }
    case 'appointment.booked':
    case 'appointment.rescheduled':
    case 'appointment.cancelled':
      return appointmentData(tx, e.appointmentId);
    case 'call.completed':
      return callData(tx, e.callId);
    case 'whatsapp.message.received':
      return messageData(tx, e.inboundMessageId);
    case 'whatsapp.disconnected':
      return { reason: e.reason };
    case 'task.assigned':
      return taskData(tx, e.taskId);
  }
}
