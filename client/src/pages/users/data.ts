import { action, query } from '@solidjs/router';
import type { Role } from '../../../../server/auth/permissions';
import { api } from '../../api';
import { type FormInput, text } from '../../forms';
import type { User } from '../../types';

/** Users of one business; without businessId the server picks the caller's own business. */
export const listUsers = query(
  async (businessId?: string) =>
    (
      await api.get<{ users: User[] }>(
        `/api/users${businessId ? `?businessId=${encodeURIComponent(businessId)}` : ''}`,
      )
    ).users,
  'users',
);

export const createUser = action(async (form: FormInput) => {
  const businessId = text(form, 'businessId');
  const { user } = await api.post<{ user: User }>('/api/users', {
    email: text(form, 'email'),
    name: text(form, 'name'),
    password: String(form.get('password') ?? ''),
    role: text(form, 'role'),
    ...(businessId ? { businessId } : {}),
  });
  return user;
}, 'createUser');

export type UserPatch = { name?: string; role?: Role; disabled?: boolean; password?: string };

export const updateUser = action(async (id: string, patch: UserPatch) => {
  const { user } = await api.patch<{ user: User }>(`/api/users/${encodeURIComponent(id)}`, patch);
  return user;
}, 'updateUser');
