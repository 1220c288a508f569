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

export type { CallRouting } from './keypad-menu';

/** GET /api/call-routing: the transfer number, the warm flag and the keypad menu. */
export const getCallRouting = query(
  async (businessId?: string) =>
    (
      await api.get<{ routing: import('./keypad-menu').CallRouting }>(
        withQuery('/api/call-routing', { businessId }),
      )
    ).routing,
  'callRouting',
);

/** Saves them; they apply from the next call. */
export const saveCallRouting = action(
  async (businessId: string | undefined, input: import('./keypad-menu').CallRouting) =>
    (
      await api.put<{ routing: import('./keypad-menu').CallRouting }>(
        withQuery('/api/call-routing', { businessId }),
        input,
      )
    ).routing,
  'saveCallRouting',
);
