/** Reading the calendar: one appointment, a range of days, and the free slots. */
import { and, eq, gt, gte, inArray, lt } from 'drizzle-orm';
import { ACTIVE_APPOINTMENT_STATUSES, type AppointmentStatus, appointments } from '../../db/schema';
import { NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import type { SchedulingContext } from './booking';
import { loadSettings } from './settings';
import { freeSlots } from './slots';
import { type AppointmentView, selectAppointmentView, selectAppointmentViews } from './views';
import { addDays, daysBetween, formatInZone, zonedInstant } from './zone';

/** Local dates, inclusive, in the business's time zone. */
export interface DayRange {
  from: string;
  to: string;
}

export const MAX_RANGE_DAYS = 62;

function checkRange(range: DayRange) {
  const span = daysBetween(range.from, range.to);
  if (span < 0) throw new ValidationError({ to: 'is before from' });
  if (span >= MAX_RANGE_DAYS)
    throw new ValidationError({ to: `is more than ${MAX_RANGE_DAYS} days after from` });
}

export function getAppointment(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
): Promise<AppointmentView> {
  if (!isUuid(id)) throw new NotFoundError('Appointment');
  return inBusiness(ctx, businessId, 'appointments.read', async (tx, bid) => {
    const { timezone } = await loadSettings(tx, bid);
    const view = await selectAppointmentView(tx, timezone, id);
    if (!view) throw new NotFoundError('Appointment');
    return view;
  });
}

/** Appointments starting within the days (every status unless one is named), by start. */
export function listAppointments(
  ctx: ServiceContext,
  businessId: string | undefined,
  range: DayRange & { status?: AppointmentStatus },
): Promise<AppointmentView[]> {
  checkRange(range);
  return inBusiness(ctx, businessId, 'appointments.list', async (tx, bid) => {
    const { timezone } = await loadSettings(tx, bid);
    const from = new Date(zonedInstant(range.from, 0, timezone));
    const to = new Date(zonedInstant(addDays(range.to, 1), 0, timezone));
    return selectAppointmentViews(
      tx,
      timezone,
      and(
        gte(appointments.startsAt, from),
        lt(appointments.startsAt, to),
        range.status ? eq(appointments.status, range.status) : undefined,
      ),
    );
  });
}

export interface SlotView {
  start: string;
  end: string;
}

/** The free slots of the days, as the booking rules and the active appointments leave them. */
export function getAvailability(
  ctx: SchedulingContext,
  businessId: string | undefined,
  range: DayRange & { durationMinutes?: number },
): Promise<{ timezone: string; slots: SlotView[] }> {
  checkRange(range);
  return inBusiness(ctx, businessId, 'availability.read', async (tx, bid) => {
    const rules = await loadSettings(tx, bid);
    const { timezone } = rules;
    // A day's margin either side catches buffers reaching across the range's edges.
    const from = new Date(zonedInstant(addDays(range.from, -1), 0, timezone));
    const to = new Date(zonedInstant(addDays(range.to, 2), 0, timezone));
    const busy = await tx
      .select({ start: appointments.blockedFrom, end: appointments.blockedTo })
      .from(appointments)
      .where(
        and(
          inArray(appointments.status, [...ACTIVE_APPOINTMENT_STATUSES]),
          lt(appointments.blockedFrom, to),
          gt(appointments.blockedTo, from),
        ),
      );
    const slots = freeSlots({
      rules,
      from: range.from,
      to: range.to,
      now: ctx.now().getTime(),
      busy: busy.map((b) => ({ start: b.start.getTime(), end: b.end.getTime() })),
      durationMinutes: range.durationMinutes,
    });
    return {
      timezone,
      slots: slots.map((s) => ({
        start: formatInZone(s.start, timezone),
        end: formatInZone(s.end, timezone),
      })),
    };
  });
}
