import { eq } from 'drizzle-orm';
import { type BusinessFeatures, businesses } from '../../db/schema';
import type { Tx } from '../db/database';
import { NotFoundError } from '../lib/errors';

/**
 * Refuses with 404 (as if the route did not exist) unless the business has the feature on.
 * Read inside the request's own tenant transaction, so a flag turned off applies at once.
 */
export async function requireFeature(tx: Tx, businessId: string, feature: keyof BusinessFeatures) {
  const [row] = await tx
    .select({ features: businesses.features })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  if (!row?.features[feature]) throw new NotFoundError('Resource');
}
