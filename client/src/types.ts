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

export type OverviewPeriod = 'today' | '7d' | '30d';

/** server/overview/figures.ts */
export interface OverviewFigures {
  period: OverviewPeriod;
  timeZone: string;
  from: string;
  to: string;
  calls: { answered: number; missed: number; withFaqAnswer: number };
  faqShare: number | null;
  outcomes: Record<string, number>;
  bookings: { byAssistant: number; total: number };
  leadsBySource: Record<string, number>;
  whatsappConversations: number;
  greetingMs: { median: number | null; p95: number | null };
  turnLatencyMs: { median: number | null; p95: number | null; turns: number };
  byHour: number[];
  series: { start: string; answered: number; missed: number }[];
}

export type Overview = {
  counts: { users: number; phoneNumbers: number; businesses?: number };
  /** Present when the overview is of one business. */
  figures?: OverviewFigures;
};
