/**
 * A business's API keys: `psk_` + 32 random bytes, shown once. Only the SHA-256 is stored
 * (the key's entropy makes a slow hash pointless and the lookup must be one index probe).
 * A key acts with its own role (admin or agent, never above its creator's), on behalf of
 * the user who made it: a disabled creator or a suspended business stops the key too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { apiKeys, businesses, users } from '../../db/schema';
import { recordAudit } from '../audit/service';
import { canGrant } from '../auth/permissions';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import { ForbiddenError, NotFoundError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { actorAudit, inBusiness, type ServiceContext } from '../tenancy/scope';

export const API_KEY_ROLES = ['admin', 'agent'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];
const KEY_PREFIX = 'psk_';
/** last_used_at is written at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

type KeyRow = typeof apiKeys.$inferSelect;
const view = (k: KeyRow) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  createdAt: k.createdAt.toISOString(),
});

export function listApiKeys(ctx: ServiceContext, businessId: string | undefined) {
  return inBusiness(ctx, businessId, 'api_keys.list', async (tx) =>
    (await tx.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(view),
  );
}

export function createApiKey(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: { name: string; role: ApiKeyRole },
) {
  if (!canGrant(ctx.actor.role, input.role)) throw new ForbiddenError('A key cannot have a role above yours');
  return inBusiness(ctx, businessId, 'api_keys.create', async (tx, bid) => {
    // A system admin's key acts for the business's owner (a key belongs to its business).
    const creator =
      ctx.actor.role === 'system_admin'
        ? (
            await tx
              .select({ id: users.id })
              .from(users)
              .where(and(eq(users.businessId, bid), eq(users.role, 'owner'), eq(users.disabled, false)))
              .limit(1)
          )[0]?.id
        : ctx.actor.userId;
    if (!creator) throw new ForbiddenError('The business has no active owner to act for');
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const [row] = await tx
      .insert(apiKeys)
      .values({
        businessId: bid,
        name: input.name,
        role: input.role,
        prefix: key.slice(0, 12),
        hash: hashOf(key),
        createdBy: creator,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      businessId: bid,
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      details: { name: row.name, role: row.role, prefix: row.prefix },
      ...actorAudit(ctx.actor),
    });
    return { apiKey: view(row), key };
  });
}

export function revokeApiKey(ctx: ServiceContext, businessId: string | undefined, id: string) {
  if (!isUuid(id)) throw new NotFoundError('API key');
  return inBusiness(ctx, businessId, 'api_keys.revoke', async (tx, bid) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw new NotFoundError('API key');
    await recordAudit(tx, {
      businessId: bid,
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: id,
      details: { name: row.name, prefix: row.prefix },
      ...actorAudit(ctx.actor),
    });
    return view(row);
  });
}

/**
 * The actor a presented key acts as, or null for an unknown, revoked or orphaned key.
 * Runs in the system scope: the business is not known until the key is found.
 */
export async function actorForApiKey(
  db: Database,
  key: string,
  request: { ip: string; userAgent: string },
  now = new Date(),
): Promise<(Actor & { apiKeyId: string }) | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  return db.withSystem(async (tx) => {
    const [row] = await tx
      .select({ key: apiKeys, user: users, businessStatus: businesses.status })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.createdBy))
      .innerJoin(businesses, eq(businesses.id, apiKeys.businessId))
      .where(and(eq(apiKeys.hash, hashOf(key)), isNull(apiKeys.revokedAt)));
    if (!row || row.user.disabled || row.businessStatus !== 'active') return null;
    await tx
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.key.id),
          or(
            isNull(apiKeys.lastUsedAt),
            lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)),
          ),
        ),
      );
    return {
      apiKeyId: row.key.id,
      userId: row.user.id,
      email: `api-key:${row.key.prefix}`,
      name: `מפתח API: ${row.key.name}`,
      role: row.key.role,
      businessId: row.key.businessId,
      ip: request.ip,
      userAgent: request.userAgent,
    };
  });
}

/** Appends one audit entry for a change made with a key (reads are not audited). */
export function auditKeyRequest(
  db: Database,
  actor: Actor & { apiKeyId: string },
  request: { method: string; path: string; status: number },
) {
  if (!actor.businessId) return Promise.resolve();
  const businessId = actor.businessId;
  return db.withTenant(businessId, (tx) =>
    recordAudit(tx, {
      businessId,
      action: 'api_key.request',
      targetType: 'api_key',
      targetId: actor.apiKeyId,
      details: request,
      ...actorAudit(actor),
    }),
  );
}
