import { action, query } from '@solidjs/router';
import type { CallSettings, CallSettingsView } from '../../../../server/calls/call-settings';
import { api, withQuery } from '../../api';

export type { CallSettings, CallSettingsView };

/** GET /api/call-settings: what the business set, the defaults, and what a call uses. */
export const getCallSettings = query(
  async (businessId?: string) =>
    (await api.get<{ settings: CallSettingsView }>(withQuery('/api/call-settings', { businessId }))).settings,
  'callSettings',
);

/** Replaces the business's call settings as a whole; they apply from the next call. */
export const saveCallSettings = action(async (businessId: string | undefined, input: CallSettings) => {
  const { settings } = await api.put<{ settings: CallSettingsView }>(
    withQuery('/api/call-settings', { businessId }),
    input,
  );
  return settings;
}, 'saveCallSettings');
