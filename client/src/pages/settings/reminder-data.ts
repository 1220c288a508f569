import { action, query } from '@solidjs/router';
import type { ReminderSettings } from '../../../../server/reminders/settings';
import { api, withQuery } from '../../api';

export type { ReminderSettings };

/** GET /api/reminder-settings: how many hours before an appointment each reminder goes out (0 = off). */
export const getReminderSettings = query(
  async (businessId?: string) =>
    (await api.get<{ settings: ReminderSettings }>(withQuery('/api/reminder-settings', { businessId })))
      .settings,
  'reminderSettings',
);

/** Replaces both lead times; appointments already booked keep the reminders queued for them. */
export const saveReminderSettings = action(
  async (businessId: string | undefined, input: ReminderSettings) => {
    const { settings } = await api.put<{ settings: ReminderSettings }>(
      withQuery('/api/reminder-settings', { businessId }),
      input,
    );
    return settings;
  },
  'saveReminderSettings',
);
