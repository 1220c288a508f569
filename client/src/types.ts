import type { Role } from '../../server/auth/permissions';

/** Shapes of the API's JSON answers, as the dashboard reads them. */
export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  businessId: string | null;
  disabled: boolean;
  createdAt: string;
};

export type Business = {
  id: string;
  name: string;
  timezone: string;
  status: 'active' | 'suspended';
  features: { payments: boolean; contracts: boolean };
  phoneNumbers: string[];
  createdAt: string;
};

export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'businessId'>;

export type Session = { user: SessionUser; business: Pick<Business, 'id' | 'name'> | null };

export type Overview = { counts: { users: number; phoneNumbers: number; businesses?: number } };
