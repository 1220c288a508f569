import { query, revalidate } from '@solidjs/router';
import { api } from '../../api';
import { getSession } from '../../auth';

/** Whether this server can mail reset links (SMTP, or the log in development). */
export const resetOffered = query(async (): Promise<boolean> => {
  try {
    return (await api.get<{ offered: boolean }>('/api/auth/password-reset')).offered;
  } catch {
    return false;
  }
}, 'password-reset-offered');

export async function saveName(name: string): Promise<void> {
  await api.patch('/api/auth/profile', { name });
  await revalidate(getSession.keyFor());
}

/** The server ends every other session and gives this one a new token. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api.post('/api/auth/password', { currentPassword, newPassword });
}

export async function requestReset(email: string): Promise<void> {
  await api.post('/api/auth/password-reset/request', { email });
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await api.post('/api/auth/password-reset', { token, password });
}
