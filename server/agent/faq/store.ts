/**
 * A business's FAQ entries, and "try a question": which entry would answer it, and why.
 */
import { asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { ASSISTANT_CHANNELS, type AssistantChannel, faqs } from '../../../db/schema';
import type { Tx } from '../../db/database';
import { ConflictError, NotFoundError } from '../../lib/errors';
import { isUuid } from '../../lib/ids';
import { inBusiness, type ServiceContext } from '../../tenancy/scope';
import { loadProfile } from '../assistant/profile';
import { buildFaqIndex, type FaqEntry } from './match';
import { explainTrial, type FaqTrial } from './trial';

export type { FaqTrial };

/** Per business; past this the dashboard should be a search, not a list. */
export const MAX_FAQS = 2000;

const fields = {
  question: z.string().trim().min(2).max(500),
  answer: z.string().trim().min(1).max(2000),
  channels: z
    .array(z.enum(ASSISTANT_CHANNELS))
    .min(1)
    .transform((cs) => [...new Set(cs)]),
};
export const faqBody = z
  .object({ ...fields, channels: fields.channels.default([...ASSISTANT_CHANNELS]) })
  .strict();
// No defaults here: a field left out of a patch keeps its value.
export const faqPatch = z.object(fields).partial().strict();
export const tryBody = z
  .object({ question: z.string().trim().min(1).max(500), channel: z.enum(ASSISTANT_CHANNELS) })
  .strict();

export interface FaqView extends FaqEntry {
  channels: AssistantChannel[];
  createdAt: string;
  updatedAt: string;
}

const view = (r: typeof faqs.$inferSelect): FaqView => ({
  id: r.id,
  question: r.question,
  answer: r.answer,
  channels: r.channels,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** All entries of the business in the scope, oldest first (the index keeps that order). */
export async function loadFaqs(tx: Tx): Promise<FaqView[]> {
  return (await tx.select().from(faqs).orderBy(asc(faqs.createdAt), asc(faqs.id))).map(view);
}

export function listFaqs(ctx: ServiceContext, businessId: string | undefined): Promise<FaqView[]> {
  return inBusiness(ctx, businessId, 'faqs.list', (tx) => loadFaqs(tx));
}

type Changed<T> = Promise<{ businessId: string; faq: T }>;

export function createFaq(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: z.infer<typeof faqBody>,
): Changed<FaqView> {
  return inBusiness(ctx, businessId, 'faqs.create', async (tx, bid) => {
    const [counted] = await tx.select({ n: count() }).from(faqs);
    if ((counted?.n ?? 0) >= MAX_FAQS)
      throw new ConflictError(`At most ${MAX_FAQS} FAQ entries`, { reason: 'too_many' });
    const [row] = await tx
      .insert(faqs)
      .values({ businessId: bid, ...input })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    return { businessId: bid, faq: view(row) };
  });
}

export function updateFaq(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
  input: z.infer<typeof faqPatch>,
): Changed<FaqView> {
  if (!isUuid(id)) throw new NotFoundError('FAQ');
  return inBusiness(ctx, businessId, 'faqs.update', async (tx, bid) => {
    const [row] = await tx
      .update(faqs)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(faqs.id, id))
      .returning();
    if (!row) throw new NotFoundError('FAQ');
    return { businessId: bid, faq: view(row) };
  });
}

export function deleteFaq(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
): Changed<{ id: string }> {
  if (!isUuid(id)) throw new NotFoundError('FAQ');
  return inBusiness(ctx, businessId, 'faqs.delete', async (tx, bid) => {
    const [row] = await tx.delete(faqs).where(eq(faqs.id, id)).returning({ id: faqs.id });
    if (!row) throw new NotFoundError('FAQ');
    return { businessId: bid, faq: row };
  });
}

/** Runs a question through the same rule the assistant uses, on the business's current FAQs. */
export function tryFaq(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: z.infer<typeof tryBody>,
): Promise<FaqTrial> {
  return inBusiness(ctx, businessId, 'faqs.try', async (tx, bid) => {
    const { businessName } = await loadProfile(tx, bid);
    const index = buildFaqIndex(await loadFaqs(tx), { context: businessName });
    return explainTrial(index, input.question, input.channel);
  });
}
