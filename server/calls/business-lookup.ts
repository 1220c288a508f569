/**
 * Which business a called number belongs to. The tenant is not known until this answers, so
 * it is one of the few lookups that run in the system scope (see `Database.withSystem`).
 */
import { eq } from 'drizzle-orm';
import { type BusinessStatus, businesses, businessPhoneNumbers } from '../../db/schema';
import type { Database } from '../db/database';

export interface CalledBusiness {
  id: string;
  name: string;
  status: BusinessStatus;
}

/** `e164` must already be normalised (`toE164`); null when no business owns the number. */
export type FindBusinessByNumber = (e164: string) => Promise<CalledBusiness | null>;

export function businessByNumber(db: Database): FindBusinessByNumber {
  return async (e164) => {
    const rows = await db.withSystem((tx) =>
      tx
        .select({ id: businesses.id, name: businesses.name, status: businesses.status })
        .from(businessPhoneNumbers)
        .innerJoin(businesses, eq(businesses.id, businessPhoneNumbers.businessId))
        .where(eq(businessPhoneNumbers.e164, e164))
        .limit(1),
    );
    return rows[0] ?? null;
  };
}
