/**
 * Domain events: what happened in a business that other parts of the system react to
 * (notifications, reminders). Services emit them inside their own transaction; each event
 * becomes a durable `event` job, so reactions run after the change committed, at least
 * once, retried on failure, whichever process or channel (API, phone, WhatsApp) caused it.
 *
 * Emitting is a write into the caller's transaction rather than an injected port on
 * purpose: there is nothing to fake (tests read the queued jobs or run the runner), and
 * the assistant's tools, which call the same services, reach it without any wiring.
 */
import type { Tx } from '../db/database';
import { enqueueJob } from '../jobs/queue';
import type { JobHandler } from '../jobs/runner';

export type DomainEvent =
  /** A new person became a lead (a repeat contact is not an event). */
  | { type: 'lead.created'; leadId: string; actorUserId: string | null }
  /** A lead's name, email, status or assignee changed (the fields that changed are named). */
  | { type: 'lead.updated'; leadId: string; changed: string[]; actorUserId: string | null }
  /** A call ended and its record (transcript, duration, how it ended) was written. */
  | { type: 'call.completed'; callId: string; actorUserId: null }
  /** A customer's WhatsApp message was recorded (once, however often the provider sent it). */
  | { type: 'whatsapp.message.received'; inboundMessageId: string; actorUserId: null }
  | { type: 'appointment.booked'; appointmentId: string; actorUserId: string | null }
  | { type: 'appointment.rescheduled'; appointmentId: string; actorUserId: string | null }
  | { type: 'appointment.cancelled'; appointmentId: string; actorUserId: string | null }
  | { type: 'task.assigned'; taskId: string; assigneeId: string; actorUserId: string | null }
  /** Emitted by the WhatsApp connection when the business's session drops (a later issue). */
  | { type: 'whatsapp.disconnected'; reason: string; actorUserId: null };

export type DomainEventType = DomainEvent['type'];

/** An event as its subscribers get it: with its own id (for idempotent reactions) and business. */
export type EmittedEvent = DomainEvent & { eventId: string; businessId: string };

export const EVENT_JOB_KIND = 'event';

/** Records the event in the caller's transaction; it is dispatched once the transaction commits. */
export async function emitEvent(tx: Tx, businessId: string, event: DomainEvent): Promise<void> {
  await enqueueJob(tx, {
    kind: EVENT_JOB_KIND,
    businessId,
    payload: { ...event, eventId: crypto.randomUUID() },
  });
}

/**
 * Reacts to an event inside the event job's transaction (the business's scope). A failure
 * retries the whole job, so every subscriber must be idempotent (key writes by eventId).
 */
export type EventSubscriber = (tx: Tx, event: EmittedEvent, now: Date) => Promise<void>;

/** The job handler that hands each event to every subscriber, in order. */
export function eventDispatcher(subscribers: readonly EventSubscriber[]): JobHandler {
  return async (tx, job, now) => {
    if (!job.businessId) throw new Error('an event job needs a business');
    const event = { ...job.payload, businessId: job.businessId } as EmittedEvent;
    for (const subscriber of subscribers) await subscriber(tx, event, now);
  };
}
