import { action, query } from '@solidjs/router';
import { api, withQuery } from '../../api';
import type { User } from '../../types';

export const LEAD_SOURCES = ['call', 'whatsapp', 'form', 'api', 'manual'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export type Lead = {
  id: string;
  phone: string;
  name: string | null;
  email: string | null;
  status: { id: string; name: string; color: string };
  source: LeadSource;
  lastSource: LeadSource;
  assignee: { id: string; name: string } | null;
  lastContactAt: string;
  createdAt: string;
  updatedAt: string;
};

export type LeadStatus = { id: string; name: string; color: string; position: number; retired: boolean };

export type TimelineEntry = { kind: string; id: string; at: string; data: Record<string, unknown> };

/** The list's filters as the API names them; `assignee` is a user id or 'none'. */
export type LeadFilters = { q?: string; status?: string; source?: string; assignee?: string };

/** One page, newest first: `next` continues after it; `total` is counted up to 10,000 (`totalCapped` past it). */
export type LeadPage = { leads: Lead[]; total: number; totalCapped: boolean; next: string | null };

const leadPath = (id: string, rest = '') => `/api/leads/${encodeURIComponent(id)}${rest}`;

export const listLeads = query(
  (businessId: string | undefined, filters: LeadFilters, limit: number, after?: string) =>
    api.get<LeadPage>(withQuery('/api/leads', { ...filters, limit, after, businessId })),
  'leads',
);

export const getLead = query(
  async (businessId: string | undefined, id: string) =>
    (await api.get<{ lead: Lead }>(withQuery(leadPath(id), { businessId }))).lead,
  'lead',
);

/** A page of a lead's timeline, newest first; `next` continues after it (null on the last). */
export type TimelinePage = { timeline: TimelineEntry[]; next: string | null };

/** The timeline's first page without `after`; the page after that cursor with it. */
export const getTimeline = query(
  (businessId: string | undefined, id: string, after?: string) =>
    api.get<TimelinePage>(withQuery(leadPath(id, '/timeline'), { businessId, after })),
  'leadTimeline',
);

/** Every status in board order, retired ones included (old leads may still carry them). */
export const listLeadStatuses = query(
  async (businessId?: string) =>
    (await api.get<{ statuses: LeadStatus[] }>(withQuery('/api/lead-statuses', { businessId }))).statuses,
  'leadStatuses',
);

/** Who a lead can be assigned to; only roles that may list users get the list. */
export const listAssignees = query(
  async (businessId?: string) =>
    (await api.get<{ users: User[] }>(withQuery('/api/users', { businessId }))).users.filter(
      (user) => !user.disabled && user.role !== 'system_admin',
    ),
  'assignees',
);

/** The CSV of every lead matching the filters (the browser downloads it with the session cookie). */
export function exportUrl(businessId: string | undefined, filters: LeadFilters): string {
  return withQuery('/api/leads/export.csv', { ...filters, businessId });
}

export type NewLead = { phone: string; name?: string; email?: string };

/** Adding a known phone answers with that person's existing lead (`created: false`). */
export const createLead = action(
  (businessId: string | undefined, input: NewLead) =>
    api.post<{ lead: Lead; created: boolean }>(withQuery('/api/leads', { businessId }), input),
  'createLead',
);

export type LeadPatch = {
  name?: string | null;
  email?: string | null;
  statusId?: string;
  assigneeId?: string | null;
};

export const updateLead = action(async (businessId: string | undefined, id: string, patch: LeadPatch) => {
  const { lead } = await api.patch<{ lead: Lead }>(withQuery(leadPath(id), { businessId }), patch);
  return lead;
}, 'updateLead');

export const addNote = action(
  (businessId: string | undefined, id: string, body: string) =>
    api.post(withQuery(leadPath(id, '/notes'), { businessId }), { body }),
  'addLeadNote',
);

/** Moves `otherId`'s history onto lead `id` and deletes `otherId`. */
export const mergeLead = action(async (businessId: string | undefined, id: string, otherId: string) => {
  const { lead } = await api.post<{ lead: Lead }>(withQuery(leadPath(id, '/merge'), { businessId }), {
    otherId,
  });
  return lead;
}, 'mergeLead');
