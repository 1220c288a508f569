import { z } from 'zod';
import { APPOINTMENT_STATUSES } from '../../db/schema';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import { phoneField } from '../http/fields';
import type { RouteSpec } from '../http/route';
import { jsonBody, parseWith } from '../http/validate';
import { bookAppointment, type SchedulingContext, updateAppointment } from './booking';
import { getAppointment, getAvailability, listAppointments } from './queries';
import { getSettings, saveSettings, settingsBody } from './settings';
import { isIsoDate } from './zone';

const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true, message: 'must be ISO 8601 with an offset or Z' });
const duration = z.coerce
  .number()
  .int()
  .min(5)
  .max(12 * 60);

const rangeQuery = z.object({ from: date, to: date });
const availabilityQuery = rangeQuery.extend({ duration: duration.optional() });
const listQuery = rangeQuery.extend({ status: z.enum(APPOINTMENT_STATUSES).optional() });

const bookBody = z
  .object({
    startsAt: instant,
    durationMinutes: duration.optional(),
    leadId: z.uuid().optional(),
    lead: z
      .object({ phone: phoneField, name: z.string().trim().min(1).max(200).optional() })
      .strict()
      .optional(),
    notes: z.string().trim().max(2000).optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => !(b.leadId && b.lead), { message: 'give leadId or lead, not both', path: ['lead'] });

const updateBody = z
  .object({
    startsAt: instant.optional(),
    durationMinutes: duration.optional(),
    status: z.enum(APPOINTMENT_STATUSES).optional(),
    notes: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();

/**
 * Appointment settings, availability and appointments. A system admin names the business
 * with ?businessId= on every route; everyone else always works in their own.
 */
export function schedulingRoutes(deps: { db: Database; now?: () => Date }): RouteSpec[] {
  const now = deps.now ?? (() => new Date());
  const ctx = (actor: Actor): SchedulingContext => ({ db: deps.db, actor, now });
  return [
    {
      method: 'GET',
      path: '/appointment-settings',
      access: 'appointments.read',
      handler: async (c) =>
        c.json({ settings: await getSettings(ctx(c.var.actor), c.req.query('businessId')) }),
    },
    {
      method: 'PUT',
      path: '/appointment-settings',
      access: 'settings.appointments',
      async handler(c) {
        const body = await jsonBody(c, settingsBody);
        return c.json({ settings: await saveSettings(ctx(c.var.actor), c.req.query('businessId'), body) });
      },
    },
    {
      method: 'GET',
      path: '/availability',
      access: 'appointments.read',
      async handler(c) {
        const q = parseWith(availabilityQuery, c.req.query());
        const range = { from: q.from, to: q.to, durationMinutes: q.duration };
        return c.json(await getAvailability(ctx(c.var.actor), c.req.query('businessId'), range));
      },
    },
    {
      method: 'GET',
      path: '/appointments',
      access: 'appointments.read',
      async handler(c) {
        const q = parseWith(listQuery, c.req.query());
        const range = { from: q.from, to: q.to, status: q.status };
        return c.json({
          appointments: await listAppointments(ctx(c.var.actor), c.req.query('businessId'), range),
        });
      },
    },
    {
      method: 'POST',
      path: '/appointments',
      access: 'appointments.write',
      async handler(c) {
        const body = await jsonBody(c, bookBody);
        const { appointment, created } = await bookAppointment(
          ctx(c.var.actor),
          c.req.query('businessId'),
          body,
        );
        return c.json({ appointment }, created ? 201 : 200);
      },
    },
    {
      method: 'GET',
      path: '/appointments/:id',
      access: 'appointments.read',
      handler: async (c) =>
        c.json({
          appointment: await getAppointment(
            ctx(c.var.actor),
            c.req.query('businessId'),
            c.req.param('id') ?? '',
          ),
        }),
    },
    {
      method: 'PATCH',
      path: '/appointments/:id',
      access: 'appointments.write',
      async handler(c) {
        const body = await jsonBody(c, updateBody);
        const id = c.req.param('id') ?? '';
        return c.json({
          appointment: await updateAppointment(ctx(c.var.actor), c.req.query('businessId'), id, body),
        });
      },
    },
  ];
}
