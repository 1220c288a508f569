/**
 * The signed-in user's own account: their name, and their password (the current one first).
 * Changing the password ends every other session (the token version) and every open reset
 * link; the route issues this session a new token. Wrong current passwords count against the
 * login throttle, so a stolen session cannot be used to guess it.
 */
import { eq, sql } from 'drizzle-orm';
import { users } from '../../db/schema';
import { recordAudit } from '../audit/service';
import type { Database, Tx } from '../db/database';
import type { Actor } from '../http/env';
import { AppError, ForbiddenError, TooManyRequestsError } from '../lib/errors';
import { toUserView, type UserView } from '../users/service';
import type { LoginThrottle } from './login-throttle';
import { endOpenResets } from './password-reset';
import { type PasswordHasher, passwordProblem } from './passwords';

export interface AccountDeps {
  db: Database;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
}

/** A person's own row: in their business's scope, or the system's for a system admin. */
function asOwner<T>(db: Database, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (actor.apiKeyId) throw new ForbiddenError('An API key has no account of its own');
  return actor.businessId ? db.withTenant(actor.businessId, fn) : db.withSystem(fn);
}

export function updateProfile(deps: AccountDeps, actor: Actor, input: { name: string }): Promise<UserView> {
  return asOwner(deps.db, actor, async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ name: input.name, updatedAt: new Date() })
      .where(eq(users.id, actor.userId))
      .returning();
    if (!row) throw new AppError(401, 'unauthorized', 'Authentication required');
    await recordAudit(tx, {
      businessId: actor.businessId,
      actorUserId: actor.userId,
      actorEmail: actor.email,
      action: 'user.profile_updated',
      targetType: 'user',
      targetId: actor.userId,
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return toUserView(row);
  });
}

const wrongCurrent = () =>
  new AppError(400, 'wrong_password', 'The current password is wrong', {
    fields: { currentPassword: 'wrong_password' },
  });

/** Returns the account's new token version, for the session's new token. */
export async function changePassword(
  deps: AccountDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<{ user: UserView; tokenVersion: number }> {
  if (actor.apiKeyId) throw new ForbiddenError('An API key has no account of its own');
  const attempt = await deps.throttle.attempt(actor.ip, actor.email);
  if (!attempt.ok) throw new TooManyRequestsError(attempt.retryAfterSeconds);
  try {
    const current = await asOwner(deps.db, actor, async (tx) => {
      const [row] = await tx.select().from(users).where(eq(users.id, actor.userId));
      return row;
    });
    if (!current || !(await deps.hasher.verify(input.currentPassword, current.passwordHash))) {
      await attempt.failed();
      throw wrongCurrent();
    }
    const problem =
      input.newPassword === input.currentPassword
        ? 'must differ from the current password'
        : passwordProblem(input.newPassword, current.email);
    if (problem)
      throw new AppError(400, 'weak_password', `Password ${problem}`, { fields: { newPassword: problem } });
    const passwordHash = await deps.hasher.hash(input.newPassword);
    const done = await asOwner(deps.db, actor, async (tx) => {
      const now = new Date();
      const [row] = await tx
        .update(users)
        .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
        .where(eq(users.id, actor.userId))
        .returning();
      if (!row) throw new AppError(401, 'unauthorized', 'Authentication required');
      await endOpenResets(tx, row.id, now);
      await recordAudit(tx, {
        businessId: actor.businessId,
        actorUserId: actor.userId,
        actorEmail: actor.email,
        action: 'auth.password_changed',
        targetType: 'user',
        targetId: actor.userId,
        ip: actor.ip,
        userAgent: actor.userAgent,
      });
      return { user: toUserView(row), tokenVersion: row.tokenVersion };
    });
    await attempt.succeeded();
    return done;
  } finally {
    await attempt.release();
  }
}
