import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody } from '../http/validate';
import { getReminderSettings, reminderSettingsBody, saveReminderSettings } from './settings';

/** The reminder lead times, beside the appointment settings (same permissions). */
export function reminderRoutes(deps: { db: Database }): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  return [
    {
      method: 'GET',
      path: '/reminder-settings',
      access: 'appointments.read',
      handler: async (c) =>
        c.json({ settings: await getReminderSettings(ctx(c.var.actor), c.req.query('businessId')) }),
    },
    {
      method: 'PUT',
      path: '/reminder-settings',
      access: 'settings.appointments',
      async handler(c) {
        const body = await jsonBody(c, reminderSettingsBody);
        return c.json({
          settings: await saveReminderSettings(ctx(c.var.actor), c.req.query('businessId'), body),
        });
      },
    },
  ];
}
