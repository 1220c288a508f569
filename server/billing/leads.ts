import { eq } from 'drizzle-orm';
import { leads } from '../../db/schema';
import type { Tx } from '../db/database';
import { ValidationError } from '../lib/errors';

/** A lead id given in a body must be a lead of this business (row-level security hides others). */
export async function checkLead(tx: Tx, leadId: string) {
  const [lead] = await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, leadId));
  if (!lead) throw new ValidationError({ leadId: 'is not a lead of this business' });
}
