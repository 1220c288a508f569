import { action } from '@solidjs/router';
import { api, withQuery } from '../../api';
import type { AppointmentSettings } from '../calendar/data';

export type SettingsInput = Omit<AppointmentSettings, 'isDefault'>;

/** Replaces the business's appointment settings as a whole (existing appointments keep their times). */
export const saveAppointmentSettings = action(
  async (businessId: string | undefined, input: SettingsInput) => {
    const { settings } = await api.put<{ settings: AppointmentSettings }>(
      withQuery('/api/appointment-settings', { businessId }),
      input,
    );
    return settings;
  },
  'saveAppointmentSettings',
);
