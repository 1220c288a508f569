import { action, query } from '@solidjs/router';
import { api, withQuery } from '../../api';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type TimeRange = { start: string; end: string };

/** GET /api/appointment-settings. */
export type AppointmentSettings = {
  timezone: string;
  weeklyHours: Record<Weekday, TimeRange[]>;
  slotMinutes: number;
  windowDays: number;
  noticeMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  closedDates: string[];
  isDefault: boolean;
};

export type AppointmentStatus = 'booked' | 'confirmed' | 'cancelled' | 'completed' | 'no_show';

/** Times are ISO with the business's offset, so their text is the business's wall clock. */
export type Appointment = {
  id: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  status: AppointmentStatus;
  notes: string | null;
  lead: { id: string; name: string | null; phone: string } | null;
};

export type Slot = { start: string; end: string };

export const getAppointmentSettings = query(
  async (businessId?: string) =>
    (await api.get<{ settings: AppointmentSettings }>(withQuery('/api/appointment-settings', { businessId })))
      .settings,
  'appointmentSettings',
);

/** Free slots of the local dates from–to (inclusive), for appointments of `duration` minutes. */
export const getAvailability = query(
  async (businessId: string | undefined, from: string, to: string, duration?: number) =>
    (await api.get<{ slots: Slot[] }>(withQuery('/api/availability', { from, to, duration, businessId })))
      .slots,
  'availability',
);

export const listAppointments = query(
  async (businessId: string | undefined, from: string, to: string) =>
    (await api.get<{ appointments: Appointment[] }>(withQuery('/api/appointments', { from, to, businessId })))
      .appointments,
  'appointments',
);

export type BookingInput = {
  startsAt: string;
  durationMinutes: number;
  leadId?: string;
  lead?: { name?: string; phone: string };
  notes?: string;
  /** One key per opened booking form, so a double submit books once. */
  idempotencyKey: string;
};

export const bookAppointment = action(async (businessId: string | undefined, input: BookingInput) => {
  const { appointment } = await api.post<{ appointment: Appointment }>(
    withQuery('/api/appointments', { businessId }),
    input,
  );
  return appointment;
}, 'bookAppointment');

export type AppointmentPatch = { startsAt?: string; status?: AppointmentStatus };

/** Reschedules (a new startsAt) or changes the status (cancelling frees the time at once). */
export const updateAppointment = action(
  async (businessId: string | undefined, id: string, patch: AppointmentPatch) => {
    const { appointment } = await api.patch<{ appointment: Appointment }>(
      withQuery(`/api/appointments/${encodeURIComponent(id)}`, { businessId }),
      patch,
    );
    return appointment;
  },
  'updateAppointment',
);
