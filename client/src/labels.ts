import type { Role } from '../../server/auth/permissions';
import type { Business } from './types';

/** Hebrew names shown for each role. */
export const ROLE_LABEL: Record<Role, string> = {
  system_admin: 'מנהל/ת מערכת',
  owner: 'בעלים',
  admin: 'מנהל/ת',
  agent: 'נציג/ה',
};

export const BUSINESS_STATUS_LABEL: Record<Business['status'], string> = {
  active: 'פעיל',
  suspended: 'מושהה',
};

const dateFormat = new Intl.DateTimeFormat('he-IL', { day: 'numeric', month: 'short', year: 'numeric' });

/** A creation date as Israelis read it ("3 בנוב׳ 2025"); unparseable input is shown as is. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}
