import { action, query } from '@solidjs/router';
import type { JSX } from 'solid-js';
import type { Action } from '../../../../server/auth/permissions';
import { api, withQuery } from '../../api';
import { formatDate } from '../../labels';
import type { IconName } from '../../ui/Icon';
import { leadTitle } from '../leads/labels';
import type { FieldSpec, RecordInput } from './record-form';

export type LeadRef = { id: string; name: string | null; phone: string } | null;

/** What the shared page needs of every billing record: its id, where it stands, its lead. */
export interface BillingRecord {
  id: string;
  status: string;
  lead: LeadRef;
}

/**
 * The dashboard's side of the server's `recordRoutes` (server/billing/routes.ts):
 * `/api/<plural>` lists as `{ <plural>: [...] }` and creates, `/api/<plural>/:id` updates,
 * each answering `{ <singular>: ... }`. A system admin would name the business.
 */
export function recordApi<R extends BillingRecord>(plural: string, singular: string) {
  const collection = (businessId: string | undefined) => withQuery(`/api/${plural}`, { businessId });
  const item = (businessId: string | undefined, id: string) =>
    withQuery(`/api/${plural}/${encodeURIComponent(id)}`, { businessId });
  const named = `${singular.charAt(0).toUpperCase()}${singular.slice(1)}`;
  return {
    list: query(
      async (businessId: string | undefined) =>
        (await api.get<Record<string, R[]>>(collection(businessId)))[plural] ?? [],
      plural,
    ),
    create: action(
      (businessId: string | undefined, input: RecordInput) =>
        api.post<Record<string, R>>(collection(businessId), input),
      `create${named}`,
    ),
    update: action(
      (businessId: string | undefined, id: string, patch: { status: R['status'] }) =>
        api.patch<Record<string, R>>(item(businessId, id), patch),
      `update${named}`,
    ),
  };
}

export interface Column<R> {
  header: string;
  cell: (record: R) => JSX.Element;
  class?: string;
}

/** One kind of billing record as its page shows it; everything else is shared. */
export interface RecordKind<R extends BillingRecord> {
  /** Prefixes element ids: `payment` → `payment-form-title`, `payment-status-<id>`. */
  key: string;
  title: string;
  description: string;
  icon: IconName;
  /** "תשלום חדש": the button that opens the form, and the form's heading. */
  newLabel: string;
  /** "התשלום": in the submit button ("הוספת התשלום") and each status select's label. */
  definite: string;
  emptyTitle: string;
  write: Action;
  api: ReturnType<typeof recordApi<R>>;
  /** The table, left to right in reading order; `'status'` places the status select. */
  columns: readonly (Column<R> | 'status')[];
  /** Hebrew names, and the moves the server allows from each status (it refuses the rest). */
  statuses: { labels: Record<R['status'], string>; next: Record<R['status'], R['status'][]> };
  /** How a record is named in its status select's label. */
  name: (record: R) => string;
  /** The form's inputs; a lead search follows them in every kind. */
  fields: readonly FieldSpec[];
}

export const leadColumn: Column<BillingRecord> = {
  header: 'ליד',
  cell: (record) => (record.lead ? leadTitle(record.lead) : '—'),
};

export const dateOrDash = (iso: string | null) => (iso ? formatDate(iso) : '—');
