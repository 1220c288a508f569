/**
 * Where a call can go besides the assistant: the number a transfer to a person dials
 * (E.164), whether the staff member first hears a summary (warm transfer), and the keypad
 * menu. Kept on the business's `call_settings` row beside the VAD tuning, edited by owners
 * and admins (`settings.calls`); read at each call's start, so a change applies from the next call.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { callSettings } from '../../db/schema';
import type { Tx } from '../db/database';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { keypadMenuBody, type MenuEntry, readMenu } from './keypad/menu.ts';
import { transferNumberBody } from './transfer/transfer-number.ts';

export const callRoutingBody = z
  .object({
    transferNumber: transferNumberBody.nullable().default(null),
    warmTransfer: z.boolean().default(false),
    keypadMenu: keypadMenuBody.default([]),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.keypadMenu.some((e) => e.action === 'transfer') && r.transferNumber === null)
      ctx.addIssue({
        code: 'custom',
        path: ['keypadMenu'],
        message: 'a transfer key needs a transfer number',
      });
  });
export type CallRoutingInput = z.infer<typeof callRoutingBody>;

export interface CallRouting {
  transferNumber: string | null;
  warmTransfer: boolean;
  keypadMenu: MenuEntry[];
}

export const NO_ROUTING: CallRouting = { transferNumber: null, warmTransfer: false, keypadMenu: [] };

/** The routing a call starts with, inside the business's scope. */
export async function loadCallRouting(tx: Tx): Promise<CallRouting> {
  const [row] = await tx
    .select({
      transferNumber: callSettings.transferNumber,
      warmTransfer: callSettings.warmTransfer,
      keypadMenu: callSettings.keypadMenu,
    })
    .from(callSettings)
    .limit(1);
  if (!row) return NO_ROUTING;
  // Re-validated on read: a row edited by hand must not dial a bad number or run a bad menu.
  const number = row.transferNumber ? transferNumberBody.safeParse(row.transferNumber) : null;
  return {
    transferNumber: number?.success ? number.data : null,
    warmTransfer: row.warmTransfer,
    keypadMenu: readMenu(row.keypadMenu),
  };
}

export function getCallRouting(ctx: ServiceContext, businessId: string | undefined): Promise<CallRouting> {
  return inBusiness(ctx, businessId, 'calls.settings.read', (tx) => loadCallRouting(tx));
}

export function saveCallRouting(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: CallRoutingInput,
): Promise<CallRouting> {
  return inBusiness(ctx, businessId, 'calls.settings.update', async (tx, bid) => {
    const values = {
      transferNumber: input.transferNumber,
      warmTransfer: input.warmTransfer,
      keypadMenu: input.keypadMenu,
      updatedBy: ctx.actor.userId,
    };
    await tx
      .insert(callSettings)
      .values({ businessId: bid, ...values })
      .onConflictDoUpdate({ target: callSettings.businessId, set: { ...values, updatedAt: sql`now()` } });
    const [row] = await tx.select().from(callSettings).where(eq(callSettings.businessId, bid));
    return {
      transferNumber: row?.transferNumber ?? null,
      warmTransfer: row?.warmTransfer ?? false,
      keypadMenu: readMenu(row?.keypadMenu),
    };
  });
}
