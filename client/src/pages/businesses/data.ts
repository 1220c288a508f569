import { action, query } from '@solidjs/router';
import { api } from '../../api';
import { type FormInput, text } from '../../forms';
import type { Business } from '../../types';

export const listBusinesses = query(
  async () => (await api.get<{ businesses: Business[] }>('/api/businesses')).businesses,
  'businesses',
);

/** Phone numbers go to the server as typed (E.164 or Israeli local); the server normalises them. */
export const createBusiness = action(async (form: FormInput) => {
  const phoneNumbers = form
    .getAll('phoneNumbers')
    .map((value) => String(value).trim())
    .filter(Boolean);
  const timezone = text(form, 'timezone');
  const ownerEmail = text(form, 'ownerEmail');
  const ownerName = text(form, 'ownerName');
  return api.post<{ business: Business; owner?: OwnerInvitation }>('/api/businesses', {
    name: text(form, 'name'),
    phoneNumbers,
    ...(timezone ? { timezone } : {}),
    ...(ownerEmail || ownerName ? { owner: { email: ownerEmail, name: ownerName } } : {}),
  });
}, 'createBusiness');

/** The owner created with a business: their invitation was mailed, or its link is to be passed on. */
export interface OwnerInvitation {
  id: string;
  email: string;
  name: string;
  invitation: 'mailed' | 'link';
  inviteLink?: string;
}

export const setBusinessStatus = action(async (id: string, status: Business['status']) => {
  const { business } = await api.patch<{ business: Business }>(`/api/businesses/${encodeURIComponent(id)}`, {
    status,
  });
  return business;
}, 'setBusinessStatus');
