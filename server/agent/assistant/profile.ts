/**
 * The assistant's profile: who it is and what it knows about the business. A business that
 * never saved one gets `defaultProfile` with its own name, so a new business answers at once.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { ASSISTANT_PERSONAS, assistantProfiles, businesses } from '../../../db/schema';
import type { Tx } from '../../db/database';
import { NotFoundError } from '../../lib/errors';
import { inBusiness, type ServiceContext } from '../../tenancy/scope';

/** The Realtime API's voices. Male-sounding ones: ash, ballad, cedar, echo, verse. */
export const VOICES = [
  'alloy',
  'ash',
  'ballad',
  'cedar',
  'coral',
  'echo',
  'marin',
  'sage',
  'shimmer',
  'verse',
] as const;
export const DEFAULT_VOICE = 'cedar';

const line = (max: number) => z.string().trim().max(max);
export const profileBody = z
  .object({
    assistantName: line(60).min(1),
    introduction: line(500),
    greeting: line(300).min(1),
    voice: z.enum(VOICES),
    persona: z.enum(ASSISTANT_PERSONAS),
    // Hebrew only for now; the field exists so the API does not change when that does.
    language: z.literal('he'),
    address: line(300),
    hoursText: line(1000),
    services: line(3000),
    prices: line(3000),
  })
  .strict();
export type AssistantProfile = z.infer<typeof profileBody>;

export interface ProfileView extends AssistantProfile {
  /** True while the business runs on the defaults (nothing saved yet). */
  isDefault: boolean;
  updatedAt: string | null;
}

export function defaultProfile(businessName: string): AssistantProfile {
  return {
    assistantName: 'העוזר הדיגיטלי',
    introduction: `אני העוזר הדיגיטלי של ${businessName}. אני יכול לענות על שאלות ולקבוע תורים.`,
    greeting: `שלום, הגעתם ל${businessName}. במה אפשר לעזור?`,
    voice: DEFAULT_VOICE,
    persona: 'masculine',
    language: 'he',
    address: '',
    hoursText: '',
    services: '',
    prices: '',
  };
}

/** The business's profile (or the defaults) and its name, inside its tenant scope. */
export async function loadProfile(
  tx: Tx,
  businessId: string,
): Promise<ProfileView & { businessName: string }> {
  const [biz] = await tx
    .select({ name: businesses.name })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  if (!biz) throw new NotFoundError('Business');
  const [row] = await tx.select().from(assistantProfiles).where(eq(assistantProfiles.businessId, businessId));
  if (!row) return { ...defaultProfile(biz.name), isDefault: true, updatedAt: null, businessName: biz.name };
  const { businessId: _, updatedBy: __, updatedAt, language: ___, ...fields } = row;
  return {
    ...fields,
    voice: (VOICES as readonly string[]).includes(fields.voice)
      ? (fields.voice as AssistantProfile['voice'])
      : DEFAULT_VOICE,
    language: 'he',
    isDefault: false,
    updatedAt: updatedAt.toISOString(),
    businessName: biz.name,
  };
}

export function getProfile(ctx: ServiceContext, businessId: string | undefined): Promise<ProfileView> {
  return inBusiness(ctx, businessId, 'assistant.profile.read', async (tx, bid) => {
    const { businessName: _, ...view } = await loadProfile(tx, bid);
    return view;
  });
}

/** Replaces the whole profile; returns it with the business id it was saved for. */
export function saveProfile(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: AssistantProfile,
): Promise<{ businessId: string; profile: ProfileView }> {
  return inBusiness(ctx, businessId, 'assistant.profile.update', async (tx, bid) => {
    const values = { ...input, updatedBy: ctx.actor.userId, updatedAt: new Date() };
    await tx
      .insert(assistantProfiles)
      .values({ businessId: bid, ...values })
      .onConflictDoUpdate({ target: assistantProfiles.businessId, set: values });
    const { businessName: _, ...profile } = await loadProfile(tx, bid);
    return { businessId: bid, profile };
  });
}
