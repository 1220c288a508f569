import { action } from '@solidjs/router';
import { api, withQuery } from '../../api';
import type { LeadStatus } from '../leads/data';

const statusPath = (id: string) => `/api/lead-statuses/${encodeURIComponent(id)}`;

export const createStatus = action(
  async (businessId: string | undefined, input: { name: string; color: string }) =>
    (await api.post<{ status: LeadStatus }>(withQuery('/api/lead-statuses', { businessId }), input)).status,
  'createLeadStatus',
);

export type StatusPatch = { name?: string; color?: string; position?: number; retired?: boolean };

export const updateStatus = action(
  async (businessId: string | undefined, id: string, patch: StatusPatch) =>
    (await api.patch<{ status: LeadStatus }>(withQuery(statusPath(id), { businessId }), patch)).status,
  'updateLeadStatus',
);

export const deleteStatus = action(
  (businessId: string | undefined, id: string) => api.delete(withQuery(statusPath(id), { businessId })),
  'deleteLeadStatus',
);

/**
 * Saves a new board order: position = index for every status whose position differs
 * (stored positions may repeat or have gaps, so a swap alone is not enough).
 */
export const reorderStatuses = action(async (businessId: string | undefined, ordered: LeadStatus[]) => {
  for (const [index, status] of ordered.entries()) {
    if (status.position !== index)
      await api.patch(withQuery(statusPath(status.id), { businessId }), { position: index });
  }
}, 'reorderLeadStatuses');
