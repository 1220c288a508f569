/**
 * The application's wall between tenants (PostgreSQL's row-level security is the
 * second one, under it). Services reach data only through these two functions.
 */
import { recordAudit } from '../audit/service';
import type { Database, Tx } from '../db/database';
import type { Actor } from '../http/env';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';

export interface ServiceContext {
  db: Database;
  actor: Actor;
}

export function actorAudit(actor: Actor) {
  return { actorUserId: actor.userId, actorEmail: actor.email, ip: actor.ip, userAgent: actor.userAgent };
}

/**
 * Runs fn inside one business's scope. A tenant user always gets their own business
 * (another business's id is answered 404, never 403, so its existence is not revealed).
 * A system admin names the business; the access is audited in the same transaction.
 */
export function inBusiness<T>(
  ctx: ServiceContext,
  businessId: string | null | undefined,
  action: string,
  fn: (tx: Tx, businessId: string) => Promise<T>,
): Promise<T> {
  const { actor } = ctx;
  if (actor.role !== 'system_admin') {
    const own = actor.businessId;
    if (!own) throw new ForbiddenError();
    if (businessId && businessId !== own) throw new NotFoundError('Business');
    return ctx.db.withTenant(own, (tx) => fn(tx, own));
  }
  if (!businessId) throw new ValidationError({ businessId: 'is required' });
  if (!isUuid(businessId)) throw new NotFoundError('Business');
  return ctx.db.withTenant(businessId, async (tx) => {
    const result = await fn(tx, businessId);
    await recordAudit(tx, { businessId, action: `admin.${action}`, ...actorAudit(actor) });
    return result;
  });
}

/** A system admin's explicit, audited path across every business. */
export function acrossBusinesses<T>(
  ctx: ServiceContext,
  action: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (ctx.actor.role !== 'system_admin') throw new ForbiddenError();
  return ctx.db.withSystem(async (tx) => {
    const result = await fn(tx);
    await recordAudit(tx, { businessId: null, action: `admin.${action}`, ...actorAudit(ctx.actor) });
    return result;
  });
}
