import { count } from 'drizzle-orm';
import { z } from 'zod';
import { businesses, businessPhoneNumbers, users } from '../../db/schema';
import type { Database, Tx } from '../db/database';
import type { RouteSpec } from '../http/route';
import { ValidationError } from '../lib/errors';
import { acrossBusinesses, inBusiness } from '../tenancy/scope';
import { OVERVIEW_PERIODS, overviewFigures } from './figures';

const PeriodSchema = z.enum(OVERVIEW_PERIODS);

async function counts(tx: Tx) {
  const [u] = await tx.select({ n: count() }).from(users);
  const [p] = await tx.select({ n: count() }).from(businessPhoneNumbers);
  return { users: u?.n ?? 0, phoneNumbers: p?.n ?? 0 };
}

export function overviewRoutes(deps: { db: Database }): RouteSpec[] {
  return [
    {
      method: 'GET',
      path: '/overview',
      access: 'overview.read',
      async handler(c) {
        const ctx = { db: deps.db, actor: c.var.actor };
        const businessId = c.req.query('businessId');
        if (ctx.actor.role === 'system_admin' && !businessId) {
          const all = await acrossBusinesses(ctx, 'overview.read', async (tx) => {
            const [b] = await tx.select({ n: count() }).from(businesses);
            return { ...(await counts(tx)), businesses: b?.n ?? 0 };
          });
          return c.json({ counts: all });
        }
        const parsed = PeriodSchema.safeParse(c.req.query('period') ?? 'today');
        if (!parsed.success) throw new ValidationError({ period: 'today, 7d or 30d' });
        const period = parsed.data;
        const result = await inBusiness(ctx, businessId, 'overview.read', async (tx, id) => ({
          counts: await counts(tx),
          figures: await overviewFigures(tx, id, period, new Date()),
        }));
        return c.json(result);
      },
    },
  ];
}
