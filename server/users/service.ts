import { asc, eq } from 'drizzle-orm';
import { businesses, users } from '../../db/schema';
import { recordAudit } from '../audit/service';
import type { PasswordHasher } from '../auth/passwords';
import { passwordProblem } from '../auth/passwords';
import { can, canGrant, ROLE_RANK, type Role } from '../auth/permissions';
import type { Tx } from '../db/database';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/pg-error';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { acrossBusinesses, actorAudit, inBusiness, type ServiceContext } from '../tenancy/scope';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  businessId: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

type UserRow = typeof users.$inferSelect;

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    businessId: u.businessId,
    disabled: u.disabled,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export interface UsersDeps {
  hasher: PasswordHasher;
}

export interface CreateUserInput {
  email: string;
  password: string;
  name: string;
  role: Role;
  businessId?: string | null;
}

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

function checkPassword(password: string, email: string) {
  const problem = passwordProblem(password, email);
  if (problem)
    throw new AppError(400, 'weak_password', `Password ${problem}`, { fields: { password: problem } });
}

/** Runs fn where the target user lives: a tenant's own business, or (system admin) wherever. */
function whereUsersLive<T>(
  ctx: ServiceContext,
  businessId: string | null | undefined,
  action: string,
  fn: (tx: Tx) => Promise<T>,
) {
  if (ctx.actor.role === 'system_admin' && !businessId) return acrossBusinesses(ctx, action, fn);
  return inBusiness(ctx, businessId, action, fn);
}

export function listUsers(ctx: ServiceContext, businessId?: string): Promise<UserView[]> {
  if (!can(ctx.actor.role, 'user.list')) throw new ForbiddenError();
  if (businessId !== undefined && !isUuid(businessId)) throw new NotFoundError('Business');
  return whereUsersLive(ctx, businessId, 'user.list', async (tx) => {
    const rows = await tx.select().from(users).orderBy(asc(users.name));
    return rows.map(toUserView);
  });
}

export function getUser(ctx: ServiceContext, id: string): Promise<UserView> {
  if (!can(ctx.actor.role, 'user.read')) throw new ForbiddenError();
  if (!isUuid(id)) throw new NotFoundError('User');
  return whereUsersLive(ctx, undefined, 'user.read', async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, id));
    if (!row) throw new NotFoundError('User');
    return toUserView(row);
  });
}

export async function createUser(
  ctx: ServiceContext,
  deps: UsersDeps,
  input: CreateUserInput,
): Promise<UserView> {
  const { actor } = ctx;
  if (!can(actor.role, 'user.create') || !canGrant(actor.role, input.role)) {
    throw new ForbiddenError('You may not create a user with this role');
  }
  const email = input.email.trim().toLowerCase();
  checkPassword(input.password, email);
  const isSystemAdmin = input.role === 'system_admin';
  const businessId = isSystemAdmin
    ? null
    : actor.role === 'system_admin'
      ? input.businessId
      : actor.businessId;
  if (!isSystemAdmin && !businessId) throw new ValidationError({ businessId: 'is required for this role' });
  if (isSystemAdmin && input.businessId)
    throw new ValidationError({ businessId: 'must be empty for a system admin' });
  if (input.businessId && businessId !== input.businessId) throw new NotFoundError('Business');
  const passwordHash = await deps.hasher.hash(input.password);
  const insert = async (tx: Tx, bid: string | null) => {
    try {
      const [row] = await tx
        .insert(users)
        .values({ email, name: input.name.trim(), passwordHash, role: input.role, businessId: bid })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await recordAudit(tx, {
        businessId: bid,
        ...actorAudit(actor),
        action: 'user.create',
        targetType: 'user',
        targetId: row.id,
        details: { role: row.role, email },
      });
      return toUserView(row);
    } catch (err) {
      if (pgErrorCode(err) === UNIQUE_VIOLATION) {
        throw new ConflictError('Email already in use', { fields: { email: 'is already in use' } });
      }
      throw err;
    }
  };
  if (!businessId) return acrossBusinesses(ctx, 'user.create', (tx) => insert(tx, null));
  return inBusiness(ctx, businessId, 'user.create', async (tx, bid) => {
    // RLS confines the lookup: a business of another tenant (or none) is simply not there.
    const [found] = await tx.select({ id: businesses.id }).from(businesses).where(eq(businesses.id, bid));
    if (!found) throw new NotFoundError('Business');
    return insert(tx, bid);
  });
}

export async function updateUser(
  ctx: ServiceContext,
  deps: UsersDeps,
  id: string,
  input: UpdateUserInput,
): Promise<UserView> {
  const { actor } = ctx;
  if (!can(actor.role, 'user.update')) throw new ForbiddenError();
  if (!isUuid(id)) throw new NotFoundError('User');
  return whereUsersLive(ctx, undefined, 'user.update', async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, id));
    if (!target) throw new NotFoundError('User');
    const self = target.id === actor.userId;
    // Nobody manages someone at or above their own rank, except a system admin.
    if (!self && actor.role !== 'system_admin' && ROLE_RANK[target.role] >= ROLE_RANK[actor.role]) {
      throw new ForbiddenError('You may not change this user');
    }
    if (self && (input.role !== undefined || input.disabled !== undefined)) {
      throw new ForbiddenError('You may not change your own role or disable yourself');
    }
    if (input.role !== undefined && input.role !== target.role) {
      if (!canGrant(actor.role, input.role)) throw new ForbiddenError('You may not grant this role');
      if ((input.role === 'system_admin') !== (target.role === 'system_admin')) {
        throw new ValidationError({ role: 'cannot move a user in or out of system administration' });
      }
    }
    let passwordHash: string | undefined;
    if (input.password !== undefined) {
      checkPassword(input.password, target.email);
      passwordHash = await deps.hasher.hash(input.password);
    }
    const roleChanged = input.role !== undefined && input.role !== target.role;
    const disabledChanged = input.disabled !== undefined && input.disabled !== target.disabled;
    // Any of these ends the user's existing sessions at once.
    const endSessions = roleChanged || (disabledChanged && input.disabled) || passwordHash !== undefined;
    const [row] = await tx
      .update(users)
      .set({
        name: input.name?.trim(),
        role: input.role,
        disabled: input.disabled,
        passwordHash,
        tokenVersion: endSessions ? target.tokenVersion + 1 : undefined,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    if (!row) throw new NotFoundError('User');
    const audit = (action: string, details: Record<string, unknown>) =>
      recordAudit(tx, {
        businessId: target.businessId,
        ...actorAudit(actor),
        action,
        targetType: 'user',
        targetId: id,
        details,
      });
    if (roleChanged) await audit('user.role_change', { from: target.role, to: input.role });
    if (disabledChanged) await audit(input.disabled ? 'user.disable' : 'user.enable', {});
    if (passwordHash) await audit('user.password_reset', {});
    return toUserView(row);
  });
}
