/**
 * The calendar tools: availability, booking, moving and cancelling, on the real scheduling
 * services inside the business's scope. Every refusal of the rules (hours, window, notice,
 * a taken slot) comes back as a reason, never as an exception the model cannot read.
 */
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import { ACTIVE_APPOINTMENT_STATUSES, type AssistantChannel, appointments, leads } from '../../../db/schema';
import type { Database } from '../../db/database';
import { AppError } from '../../lib/errors';
import { bookInTx, updateAppointment } from '../../scheduling/booking';
import { getAvailability } from '../../scheduling/queries';
import { loadSettings } from '../../scheduling/settings';
import { BOOKING_PROBLEMS, type BookingProblem, minutesOf } from '../../scheduling/slots';
import { addDays, formatInZone, localParts, zonedInstant } from '../../scheduling/zone';
import { inBusiness } from '../../tenancy/scope';
import { type LocalDateTime, type ModelDateParser, resolveDateTime } from './dates';
import type { ToolArgs } from './definitions';
import { israeliPhone, nameProblem } from './guards';
import { BOOKING_REASONS, failure, type ToolResult } from './results';
import { assistantContext } from './scope';

export interface CalendarContext {
  db: Database;
  businessId: string;
  channel: AssistantChannel;
  /** The number the person contacts from (caller ID, WhatsApp sender), E.164. */
  contactPhone?: string;
  now: () => Date;
  parseDate?: ModelDateParser;
}

const hhmm = (iso: string) => iso.slice(11, 16);
const MAX_SLOTS_SAID = 8;

/** The phone the tool acts on: the one given (validated) or the contact's own. */
export function phoneFor(ctx: CalendarContext, given: string | undefined): string | ToolResult {
  if (given === undefined) return ctx.contactPhone ?? failure('phone_required');
  return israeliPhone(given) ?? failure('invalid_phone');
}

async function when(
  ctx: CalendarContext,
  text: string,
): Promise<{ at: LocalDateTime; timezone: string } | ToolResult> {
  const { timezone } = await ctx.db.withTenant(ctx.businessId, (tx) => loadSettings(tx, ctx.businessId));
  const at = await resolveDateTime(text, { now: ctx.now(), timeZone: timezone, fallback: ctx.parseDate });
  if (!at) return failure('unparsed_date');
  if (at.date < localParts(ctx.now().getTime(), timezone).date) return failure('past_date');
  return { at, timezone };
}

/** The refusal a scheduling error stands for, or undefined for errors that are not the customer's. */
function refusal(err: unknown): ToolResult | undefined {
  if (!(err instanceof AppError)) return undefined;
  const reason = err.details?.reason;
  if ((BOOKING_PROBLEMS as readonly unknown[]).includes(reason))
    return failure(reason as string, BOOKING_REASONS[reason as BookingProblem]);
  if (reason === 'slot_taken') return failure('slot_taken');
  return failure(err.code, err.message);
}

export async function checkAvailability(
  ctx: CalendarContext,
  args: ToolArgs<'check_availability'>,
): Promise<ToolResult> {
  const resolved = await when(ctx, args.day);
  if ('ok' in resolved) return resolved;
  const { at } = resolved;
  const sc = assistantContext(ctx.db, ctx.businessId, ctx.now);
  // A week ahead, so a full or closed day can be answered with the next day that has room.
  const { slots } = await getAvailability(sc, ctx.businessId, { from: at.date, to: addDays(at.date, 6) });
  const sameDay = slots.filter((s) => s.start.startsWith(at.date)).map((s) => hhmm(s.start));
  const nextDay = sameDay.length === 0 ? slots[0]?.start.slice(0, 10) : undefined;
  const data: Record<string, unknown> = { date: at.date, freeTimes: sameDay.slice(0, MAX_SLOTS_SAID) };
  if (at.time) data.requestedTimeFree = sameDay.includes(at.time);
  if (nextDay) {
    data.nextAvailableDate = nextDay;
    data.nextAvailableTimes = slots
      .filter((s) => s.start.startsWith(nextDay))
      .map((s) => hhmm(s.start))
      .slice(0, MAX_SLOTS_SAID);
  }
  const message = sameDay.length
    ? `שעות פנויות ב-${at.date}: ${sameDay.slice(0, MAX_SLOTS_SAID).join(', ')}.`
    : nextDay
      ? `אין מקום ב-${at.date}. היום הפנוי הקרוב הוא ${nextDay}.`
      : `אין מקום ב-${at.date} ובשבוע שאחריו.`;
  return { ok: true, message, data };
}

async function instantFor(ctx: CalendarContext, text: string): Promise<{ iso: string } | ToolResult> {
  const resolved = await when(ctx, text);
  if ('ok' in resolved) return resolved;
  const { at, timezone } = resolved;
  if (!at.time) return failure('time_required');
  return { iso: formatInZone(zonedInstant(at.date, minutesOf(at.time), timezone), timezone) };
}

export async function bookAppointment(
  ctx: CalendarContext,
  args: ToolArgs<'book_appointment'>,
): Promise<ToolResult> {
  if (!args.confirmed) return failure('not_confirmed');
  const nameIssue = nameProblem(args.name);
  if (nameIssue) return failure(nameIssue);
  const phone = phoneFor(ctx, args.phone);
  if (typeof phone !== 'string') return phone;
  const start = await instantFor(ctx, args.when);
  if ('ok' in start) return start;
  try {
    const { appointment } = await inBusiness(
      assistantContext(ctx.db, ctx.businessId, ctx.now),
      ctx.businessId,
      'assistant.book',
      (tx, bid) =>
        bookInTx(
          tx,
          bid,
          { startsAt: start.iso, lead: { phone, name: args.name.trim() }, notes: args.notes },
          { now: ctx.now(), userId: null, source: ctx.channel === 'voice' ? 'call' : 'whatsapp' },
        ),
    );
    return {
      ok: true,
      message: `התור נקבע ל-${appointment.startsAt.slice(0, 10)} בשעה ${hhmm(appointment.startsAt)} על שם ${args.name.trim()}.`,
      data: { appointmentId: appointment.id, startsAt: appointment.startsAt },
      action: { type: 'booked', appointmentId: appointment.id, startsAt: appointment.startsAt },
    };
  } catch (err) {
    const r = refusal(err);
    if (r) return r;
    throw err;
  }
}

/**
 * The phone whose appointment may be moved or cancelled. On WhatsApp the sender's number is
 * verified by the network, so a customer acts on their own appointments only; on the phone
 * (caller ID can be withheld, and people call for family) another number is allowed.
 */
function ownerPhone(ctx: CalendarContext, given: string | undefined): string | ToolResult {
  const phone = phoneFor(ctx, given);
  if (typeof phone === 'string' && ctx.channel === 'whatsapp' && phone !== ctx.contactPhone)
    return failure('not_own_appointment');
  return phone;
}

/** The contact's next active appointment (by the phone of its lead), if any. */
async function nextAppointmentOf(ctx: CalendarContext, phone: string): Promise<string | undefined> {
  const [row] = await ctx.db.withTenant(ctx.businessId, (tx) =>
    tx
      .select({ id: appointments.id })
      .from(appointments)
      .innerJoin(leads, eq(leads.id, appointments.leadId))
      .where(
        and(
          eq(leads.phone, phone),
          inArray(appointments.status, [...ACTIVE_APPOINTMENT_STATUSES]),
          gte(appointments.startsAt, ctx.now()),
        ),
      )
      .orderBy(asc(appointments.startsAt))
      .limit(1),
  );
  return row?.id;
}

export async function rescheduleAppointment(
  ctx: CalendarContext,
  args: ToolArgs<'reschedule_appointment'>,
): Promise<ToolResult> {
  if (!args.confirmed) return failure('not_confirmed');
  const phone = ownerPhone(ctx, args.phone);
  if (typeof phone !== 'string') return phone;
  const id = await nextAppointmentOf(ctx, phone);
  if (!id) return failure('no_appointment');
  const start = await instantFor(ctx, args.when);
  if ('ok' in start) return start;
  try {
    const moved = await updateAppointment(
      assistantContext(ctx.db, ctx.businessId, ctx.now),
      ctx.businessId,
      id,
      {
        startsAt: start.iso,
      },
    );
    return {
      ok: true,
      message: `התור הוזז ל-${moved.startsAt.slice(0, 10)} בשעה ${hhmm(moved.startsAt)}.`,
      data: { appointmentId: id, startsAt: moved.startsAt },
      action: { type: 'rescheduled', appointmentId: id, startsAt: moved.startsAt },
    };
  } catch (err) {
    const r = refusal(err);
    if (r) return r;
    throw err;
  }
}

export async function cancelAppointment(
  ctx: CalendarContext,
  args: ToolArgs<'cancel_appointment'>,
): Promise<ToolResult> {
  if (!args.confirmed) return failure('not_confirmed');
  const phone = ownerPhone(ctx, args.phone);
  if (typeof phone !== 'string') return phone;
  const id = await nextAppointmentOf(ctx, phone);
  if (!id) return failure('no_appointment');
  const cancelled = await updateAppointment(
    assistantContext(ctx.db, ctx.businessId, ctx.now),
    ctx.businessId,
    id,
    {
      status: 'cancelled',
    },
  );
  return {
    ok: true,
    message: `התור של ${cancelled.startsAt.slice(0, 10)} בשעה ${hhmm(cancelled.startsAt)} בוטל.`,
    data: { appointmentId: id },
    action: { type: 'cancelled', appointmentId: id },
  };
}
