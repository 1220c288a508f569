/**
 * The assistant acts for the business it answers for, not for a user: a tenant-scoped
 * context with the least privileged role, through the same `inBusiness` path as every
 * request (so row-level security confines it the same way). It must never be handed to a
 * service that records `actor.userId` as a user (there is no such user).
 */
import type { Database } from '../../db/database';
import type { SchedulingContext } from '../../scheduling/booking';

export function assistantContext(db: Database, businessId: string, now: () => Date): SchedulingContext {
  return {
    db,
    now,
    actor: {
      userId: 'assistant',
      email: 'assistant@prosaas.invalid',
      name: 'assistant',
      role: 'agent',
      businessId,
      ip: '127.0.0.1',
      userAgent: 'prosaas-assistant',
    },
  };
}
