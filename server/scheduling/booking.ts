/**
 * Booking, moving and changing the status of appointments. The rules (hours, window,
 * notice, closed dates) are checked here; that no two active appointments overlap is
 * left to the database's exclusion constraint, the only check that holds under races.
 */
import { eq } from 'drizzle-orm';
import {
  ACTIVE_APPOINTMENT_STATUSES,
  type AppointmentStatus,
  appointments,
  type LeadSource,
  leads,
} from '../../db/schema';
import type { Tx } from '../db/database';
import { EXCLUSION_VIOLATION, pgErrorCode, UNIQUE_VIOLATION } from '../db/pg-error';
import { emitEvent } from '../events/events';
import { upsertLeadByPhone } from '../leads/upsert';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { loadSettings } from './settings';
import { type BookingProblem, blockedInterval, bookingProblem } from './slots';
import { type AppointmentView, selectAppointmentView } from './views';

export interface SchedulingContext extends ServiceContext {
  now: () => Date;
}

export interface BookInput {
  /** ISO 8601 with an offset or Z. */
  startsAt: string;
  /** Defaults to the business's slot size. */
  durationMinutes?: number;
  leadId?: string;
  lead?: { phone: string; name?: string };
  notes?: string;
  idempotencyKey?: string;
}

const isActive = (s: AppointmentStatus) => (ACTIVE_APPOINTMENT_STATUSES as readonly string[]).includes(s);

/** Which status may follow which: a cancellation is final; outcomes may be corrected. */
const NEXT_STATUSES: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['confirmed', 'cancelled', 'completed', 'no_show'],
  confirmed: ['booked', 'cancelled', 'completed', 'no_show'],
  completed: ['no_show'],
  no_show: ['completed'],
  cancelled: [],
};

const PROBLEM_MESSAGES: Record<BookingProblem, string> = {
  too_soon: 'Too close to now (less than the minimum notice)',
  outside_window: 'Further ahead than the booking window',
  closed_date: 'The business is closed on that date',
  outside_hours: 'Outside the opening hours',
};

function notBookable(problem: BookingProblem): AppError {
  return new AppError(400, 'not_bookable', PROBLEM_MESSAGES[problem], { reason: problem });
}

const slotTaken = () => new ConflictError('This time is already taken', { reason: 'slot_taken' });

async function findByKey(tx: Tx, timezone: string, key: string) {
  const [row] = await tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(eq(appointments.idempotencyKey, key));
  return row ? selectAppointmentView(tx, timezone, row.id) : undefined;
}

/**
 * Books inside the caller's tenant transaction (the phone and WhatsApp flows call this
 * directly). The same idempotency key again returns the first booking, `created: false`.
 * Throws 400 not_bookable {reason} when the rules refuse the time, 409 {reason:
 * 'slot_taken'} when an active appointment holds any of it (buffers included).
 */
export async function bookInTx(
  tx: Tx,
  businessId: string,
  input: BookInput,
  opts: { now: Date; userId?: string | null; source: LeadSource },
): Promise<{ appointment: AppointmentView; created: boolean }> {
  const rules = await loadSettings(tx, businessId);
  const key = input.idempotencyKey;
  if (key) {
    const existing = await findByKey(tx, rules.timezone, key);
    if (existing) return { appointment: existing, created: false };
  }
  const start = Date.parse(input.startsAt);
  if (Number.isNaN(start)) throw new ValidationError({ startsAt: 'is not a date and time' });
  const duration = input.durationMinutes ?? rules.slotMinutes;
  const problem = bookingProblem(rules, start, duration, opts.now.getTime());
  if (problem) throw notBookable(problem);

  let leadId: string | null = null;
  if (input.leadId) {
    const [lead] = isUuid(input.leadId)
      ? await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, input.leadId))
      : [];
    if (!lead) throw new ValidationError({ leadId: 'is not a lead of this business' });
    leadId = lead.id;
  } else if (input.lead) {
    const by = opts.userId ? { userId: opts.userId } : undefined;
    leadId = (await upsertLeadByPhone(tx, businessId, { ...input.lead, source: opts.source }, by)).lead.id;
  }

  const blocked = blockedInterval(rules, start, duration);
  try {
    // A savepoint, so a refused insert leaves the transaction usable for the lookup below.
    const id = await tx.transaction(async (sp) => {
      const [row] = await sp
        .insert(appointments)
        .values({
          businessId,
          leadId,
          startsAt: new Date(start),
          endsAt: new Date(start + duration * 60_000),
          blockedFrom: new Date(blocked.start),
          blockedTo: new Date(blocked.end),
          notes: input.notes ?? null,
          idempotencyKey: key ?? null,
          createdBy: opts.userId ?? null,
        })
        .returning({ id: appointments.id });
      return row?.id;
    });
    const appointment = id && (await selectAppointmentView(tx, rules.timezone, id));
    if (!appointment) throw new Error('insert returned nothing');
    await emitEvent(tx, businessId, {
      type: 'appointment.booked',
      appointmentId: appointment.id,
      actorUserId: opts.userId ?? null,
    });
    return { appointment, created: true };
  } catch (err) {
    const code = pgErrorCode(err);
    // A concurrent request with the same key won: answer with its booking.
    if (key && (code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION)) {
      const existing = await findByKey(tx, rules.timezone, key);
      if (existing) return { appointment: existing, created: false };
    }
    if (code === EXCLUSION_VIOLATION) throw slotTaken();
    throw err;
  }
}

export function bookAppointment(
  ctx: SchedulingContext,
  businessId: string | undefined,
  input: BookInput,
): Promise<{ appointment: AppointmentView; created: boolean }> {
  return inBusiness(ctx, businessId, 'appointments.book', (tx, bid) =>
    bookInTx(tx, bid, input, { now: ctx.now(), userId: ctx.actor.userId, source: 'manual' }),
  );
}

export interface UpdateAppointmentInput {
  startsAt?: string;
  durationMinutes?: number;
  status?: AppointmentStatus;
  notes?: string | null;
}

/**
 * Reschedules (a new start or duration, checked like a new booking), changes the status
 * (cancelling frees the time at once), or edits the notes.
 */
export function updateAppointment(
  ctx: SchedulingContext,
  businessId: string | undefined,
  id: string,
  input: UpdateAppointmentInput,
): Promise<AppointmentView> {
  if (!isUuid(id)) throw new NotFoundError('Appointment');
  return inBusiness(ctx, businessId, 'appointments.update', async (tx, bid) => {
    const [current] = await tx.select().from(appointments).where(eq(appointments.id, id)).for('update');
    if (!current) throw new NotFoundError('Appointment');
    const rules = await loadSettings(tx, bid);
    const status = input.status ?? current.status;
    if (status !== current.status && !NEXT_STATUSES[current.status].includes(status)) {
      throw new ConflictError(`A ${current.status} appointment cannot become ${status}`, {
        reason: 'invalid_transition',
      });
    }
    let times: Partial<typeof appointments.$inferInsert> = {};
    if (input.startsAt !== undefined || input.durationMinutes !== undefined) {
      if (!isActive(current.status) || !isActive(status)) {
        throw new ConflictError('Only an active appointment can be moved', { reason: 'not_active' });
      }
      const start = input.startsAt !== undefined ? Date.parse(input.startsAt) : current.startsAt.getTime();
      const duration =
        input.durationMinutes ?? Math.round((current.endsAt.getTime() - current.startsAt.getTime()) / 60_000);
      const problem = bookingProblem(rules, start, duration, ctx.now().getTime());
      if (problem) throw notBookable(problem);
      const blocked = blockedInterval(rules, start, duration);
      times = {
        startsAt: new Date(start),
        endsAt: new Date(start + duration * 60_000),
        blockedFrom: new Date(blocked.start),
        blockedTo: new Date(blocked.end),
      };
    }
    try {
      await tx.transaction((sp) =>
        sp
          .update(appointments)
          .set({ ...times, status, notes: input.notes, updatedAt: new Date() })
          .where(eq(appointments.id, id)),
      );
    } catch (err) {
      if (pgErrorCode(err) === EXCLUSION_VIOLATION) throw slotTaken();
      throw err;
    }
    // Reminders and notifications react to these once the change commits.
    const actorUserId = isUuid(ctx.actor.userId) ? ctx.actor.userId : null;
    if (status === 'cancelled' && current.status !== 'cancelled')
      await emitEvent(tx, bid, { type: 'appointment.cancelled', appointmentId: id, actorUserId });
    else if (times.startsAt && times.startsAt.getTime() !== current.startsAt.getTime())
      await emitEvent(tx, bid, { type: 'appointment.rescheduled', appointmentId: id, actorUserId });
    const view = await selectAppointmentView(tx, rules.timezone, id);
    if (!view) throw new NotFoundError('Appointment');
    return view;
  });
}
