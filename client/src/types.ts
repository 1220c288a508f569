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

export type Features = Business['features'];

/** The business carries its feature flags: the dashboard shows payments and contracts only when on. */
export type Session = { user: SessionUser; business: Pick<Business, 'id' | 'name' | 'features'> | null };

export type Overview = { counts: { users: number; phoneNumbers: number; businesses?: number } };
