import { asc, eq, inArray } from 'drizzle-orm';
import {
  type BusinessFeatures,
  type BusinessStatus,
  businesses,
  businessPhoneNumbers,
} from '../../db/schema';
import type { PasswordHasher } from '../auth/passwords';
import { can } from '../auth/permissions';
import type { Tx } from '../db/database';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/pg-error';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { toE164 } from '../lib/phone';
import { acrossBusinesses, inBusiness, type ServiceContext } from '../tenancy/scope';
import { createOwnerInTx, type OwnerInput, type OwnerInvite } from './owner-invite';

export interface BusinessView {
  id: string;
  name: string;
  timezone: string;
  status: BusinessStatus;
  features: BusinessFeatures;
  phoneNumbers: string[];
  createdAt: string;
}

export interface CreateBusinessInput {
  name: string;
  phoneNumbers: string[];
  timezone?: string;
}

export interface UpdateBusinessInput {
  name?: string;
  timezone?: string;
  status?: BusinessStatus;
  features?: Partial<BusinessFeatures>;
  phoneNumbers?: string[];
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Normalises numbers to E.164, naming each one that is not a valid number. */
function normalisePhones(numbers: string[]): string[] {
  const fields: Record<string, string> = {};
  const out = numbers.map((n, i) => {
    const e164 = toE164(n);
    if (!e164) fields[`phoneNumbers.${i}`] = 'is not a valid phone number';
    return e164 ?? '';
  });
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return [...new Set(out)];
}

async function loadViews(tx: Tx, ids?: string[]): Promise<BusinessView[]> {
  const rows = await tx
    .select()
    .from(businesses)
    .where(ids ? inArray(businesses.id, ids) : undefined)
    .orderBy(asc(businesses.name));
  if (rows.length === 0) return [];
  const phones = await tx
    .select({ businessId: businessPhoneNumbers.businessId, e164: businessPhoneNumbers.e164 })
    .from(businessPhoneNumbers)
    .where(
      inArray(
        businessPhoneNumbers.businessId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(businessPhoneNumbers.e164));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    timezone: r.timezone,
    status: r.status,
    features: r.features,
    phoneNumbers: phones.filter((p) => p.businessId === r.id).map((p) => p.e164),
    createdAt: r.createdAt.toISOString(),
  }));
}

async function insertPhones(tx: Tx, businessId: string, numbers: string[]) {
  if (numbers.length === 0) return;
  // The unique index spans every tenant, so a number another business holds is refused
  // here even though row-level security hides that business's rows.
  try {
    await tx.insert(businessPhoneNumbers).values(numbers.map((e164) => ({ businessId, e164 })));
  } catch (err) {
    if (pgErrorCode(err) === UNIQUE_VIOLATION) {
      throw new ConflictError('A phone number is already in use', {
        fields: { phoneNumbers: 'is already in use' },
      });
    }
    throw err;
  }
}

export function createBusiness(ctx: ServiceContext, input: CreateBusinessInput): Promise<BusinessView> {
  return createBusinessWith(ctx, input, async () => undefined).then((r) => r.business);
}

/**
 * Creates the business and, in the same transaction, its owner (server/businesses/owner-invite.ts):
 * a taken email leaves neither behind.
 */
export function createBusinessWithOwner(
  ctx: ServiceContext,
  deps: { hasher: PasswordHasher },
  input: CreateBusinessInput & { owner: OwnerInput },
): Promise<{ business: BusinessView; owner: OwnerInvite | undefined }> {
  return createBusinessWith(ctx, input, (tx, id) =>
    createOwnerInTx(tx, deps.hasher, id, input.owner, { ip: ctx.actor.ip, now: new Date() }),
  );
}

async function createBusinessWith<T>(
  ctx: ServiceContext,
  input: CreateBusinessInput,
  alsoInTx: (tx: Tx, businessId: string) => Promise<T>,
): Promise<{ business: BusinessView; owner: T }> {
  if (!can(ctx.actor.role, 'business.create')) throw new ForbiddenError();
  const timezone = input.timezone ?? 'Asia/Jerusalem';
  if (!isTimeZone(timezone)) throw new ValidationError({ timezone: 'is not a known time zone' });
  const numbers = normalisePhones(input.phoneNumbers);
  return acrossBusinesses(ctx, 'business.create', async (tx) => {
    const [row] = await tx
      .insert(businesses)
      .values({ name: input.name, timezone })
      .returning({ id: businesses.id });
    if (!row) throw new Error('insert returned nothing');
    await insertPhones(tx, row.id, numbers);
    const owner = await alsoInTx(tx, row.id);
    const [view] = await loadViews(tx, [row.id]);
    return { business: view as BusinessView, owner };
  });
}

export function listBusinesses(ctx: ServiceContext): Promise<BusinessView[]> {
  if (can(ctx.actor.role, 'business.list_all')) {
    return acrossBusinesses(ctx, 'business.list', (tx) => loadViews(tx));
  }
  return inBusiness(ctx, undefined, 'business.list', (tx, id) => loadViews(tx, [id]));
}

export function getBusiness(ctx: ServiceContext, id: string): Promise<BusinessView> {
  if (!isUuid(id)) throw new NotFoundError('Business');
  return inBusiness(ctx, id, 'business.read', async (tx) => {
    const [view] = await loadViews(tx, [id]);
    if (!view) throw new NotFoundError('Business');
    return view;
  });
}

export function updateBusiness(
  ctx: ServiceContext,
  id: string,
  input: UpdateBusinessInput,
): Promise<BusinessView> {
  if (!isUuid(id)) throw new NotFoundError('Business');
  const adminOnly =
    input.status !== undefined || input.features !== undefined || input.phoneNumbers !== undefined;
  if (input.timezone !== undefined && !isTimeZone(input.timezone)) {
    throw new ValidationError({ timezone: 'is not a known time zone' });
  }
  const numbers = input.phoneNumbers ? normalisePhones(input.phoneNumbers) : undefined;
  return inBusiness(ctx, id, 'business.update', async (tx) => {
    const [current] = await tx.select().from(businesses).where(eq(businesses.id, id));
    if (!current) throw new NotFoundError('Business');
    if (adminOnly && !can(ctx.actor.role, 'business.change_status')) throw new ForbiddenError();
    await tx
      .update(businesses)
      .set({
        name: input.name,
        timezone: input.timezone,
        status: input.status,
        features: input.features ? { ...current.features, ...input.features } : undefined,
        updatedAt: new Date(),
      })
      .where(eq(businesses.id, id));
    if (numbers) {
      await tx.delete(businessPhoneNumbers).where(eq(businessPhoneNumbers.businessId, id));
      await insertPhones(tx, id, numbers);
    }
    const [view] = await loadViews(tx, [id]);
    return view as BusinessView;
  });
}
