import { eq } from 'drizzle-orm';
import { type BusinessFeatures, businesses, users } from '../../db/schema';
import { recordAudit } from '../audit/service';
import type { Database } from '../db/database';
import { AppError, TooManyRequestsError, UnauthorizedError } from '../lib/errors';
import { toUserView, type UserView } from '../users/service';
import type { Attempt, LoginThrottle } from './login-throttle';
import type { PasswordHasher } from './passwords';
import type { Role } from './permissions';

export interface AuthDeps {
  db: Database;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
}

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string;
}

/** What the session middleware needs to accept a token: the user as the database has it now. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  businessId: string | null;
  tokenVersion: number;
  disabled: boolean;
  businessName: string | null;
  /** The business's feature flags; null for a system admin. */
  businessFeatures: BusinessFeatures | null;
  businessActive: boolean;
}

/**
 * Checks credentials. Unknown email, wrong password and a disabled account all answer
 * the same 401 after the same amount of hashing work; past the throttle's limits an attempt
 * answers 429 with the delay to wait, before any password is checked (login-throttle.ts).
 */
export async function login(
  deps: AuthDeps,
  input: LoginInput,
): Promise<{ user: UserView; tokenVersion: number }> {
  const email = input.email.trim().toLowerCase();
  // A slot is claimed before the password is looked at (login-throttle.ts).
  const attempt = await deps.throttle.attempt(input.ip, email);
  if (!attempt.ok) throw new TooManyRequestsError(attempt.retryAfterSeconds);
  try {
    return await evaluate(deps, input, email, attempt);
  } finally {
    await attempt.release(); // a no-op once failed() or succeeded() reported
  }
}

async function evaluate(
  deps: AuthDeps,
  input: LoginInput,
  email: string,
  attempt: Extract<Attempt, { ok: true }>,
): Promise<{ user: UserView; tokenVersion: number }> {
  // The tenant is not known before the user is found: a narrow lookup in the system scope.
  const user = await deps.db.withSystem(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.email, email));
    return row;
  });
  const ok = user && !user.disabled ? await deps.hasher.verify(input.password, user.passwordHash) : false;
  if (!user || user.disabled) await deps.hasher.burn(input.password);

  const where = { ip: input.ip, userAgent: input.userAgent };
  if (!ok || !user) {
    await attempt.failed();
    await deps.db.withSystem((tx) =>
      recordAudit(tx, {
        businessId: user?.businessId ?? null,
        actorUserId: user?.id ?? null,
        actorEmail: email.slice(0, 320),
        action: 'auth.login_failed',
        ...where,
        details: { reason: !user ? 'unknown_email' : user.disabled ? 'disabled' : 'wrong_password' },
      }),
    );
    throw new UnauthorizedError('Wrong email or password', 'invalid_credentials');
  }

  const done = await deps.db.withSystem(async (tx) => {
    if (user.businessId) {
      const [biz] = await tx
        .select({ status: businesses.status })
        .from(businesses)
        .where(eq(businesses.id, user.businessId));
      if (biz?.status !== 'active')
        throw new AppError(403, 'business_suspended', 'This business is suspended');
    }
    const [updated] = await tx
      .update(users)
      .set({ lastLoginAt: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    await recordAudit(tx, {
      businessId: user.businessId,
      actorUserId: user.id,
      actorEmail: email,
      action: 'auth.login',
      ...where,
    });
    return { user: toUserView(updated ?? user), tokenVersion: user.tokenVersion };
  });
  await attempt.succeeded();
  return done;
}

/** Loads the user a token names, within the token's own tenant scope. */
export function loadSessionUser(
  db: Database,
  userId: string,
  businessId: string | null,
): Promise<SessionUser | null> {
  const query = async (tx: Parameters<Parameters<Database['withSystem']>[0]>[0]) => {
    const [row] = await tx
      .select({
        user: users,
        businessName: businesses.name,
        businessStatus: businesses.status,
        businessFeatures: businesses.features,
      })
      .from(users)
      .leftJoin(businesses, eq(businesses.id, users.businessId))
      .where(eq(users.id, userId));
    if (!row) return null;
    const u = row.user;
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      businessId: u.businessId,
      tokenVersion: u.tokenVersion,
      disabled: u.disabled,
      businessName: row.businessName,
      businessFeatures: row.businessFeatures,
      businessActive: u.businessId === null || row.businessStatus === 'active',
    };
  };
  return businessId ? db.withTenant(businessId, query) : db.withSystem(query);
}
