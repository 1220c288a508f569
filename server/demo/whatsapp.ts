/**
 * Development on the stand-ins. The demo business's WhatsApp is linked through the Cloud API
 * on the Graph stand-in, so `bun scripts/demo-whatsapp.ts` can write to it the way Meta
 * delivers a customer's message (a signed webhook) and show the assistant's reply. Every
 * Meta-linked business is registered on the stand-in at each start (it keeps nothing), with
 * the token stored for it, so links made in the dashboard survive a restart.
 */
import { eq } from 'drizzle-orm';
import { businesses, whatsappChannels } from '../../db/schema';
import type { Database } from '../db/database';
import type { SecretBox } from '../lib/secrets';
import { DEMO_BUSINESS } from './seed';

/** What the demo needs of a Graph API stand-in: to know a number and its token (main.ts passes one). */
export interface GraphNumbers {
  addNumber(n: {
    phoneNumberId: string;
    accessToken: string;
    displayPhoneNumber: string;
    verifiedName: string;
    templates?: string[];
  }): void;
}

/** The demo business's Cloud API phone number id (scripts/demo-whatsapp.ts writes to it). */
export const DEMO_META_PHONE_NUMBER_ID = '100200300400500';

/** The number as Meta shows it ("+972 3-555-0100" for +97235550100). */
const displayOf = (e164: string) => e164.replace(/^\+972(\d)(\d{3})(\d{4})$/, '+972 $1-$2-$3');

export async function registerMetaChannels(db: Database, box: SecretBox, graph: GraphNumbers) {
  const rows = await db.withSystem((tx) =>
    tx
      .select({ channel: whatsappChannels, name: businesses.name })
      .from(whatsappChannels)
      .innerJoin(businesses, eq(businesses.id, whatsappChannels.businessId))
      .where(eq(whatsappChannels.provider, 'meta')),
  );
  for (const { channel, name } of rows) {
    if (!channel.metaPhoneNumberId || !channel.metaAccessTokenSealed) continue;
    graph.addNumber({
      phoneNumberId: channel.metaPhoneNumberId,
      accessToken: await box.open(channel.metaAccessTokenSealed, channel.businessId),
      displayPhoneNumber: displayOf(channel.phoneNumber ?? ''),
      verifiedName: name,
      templates: channel.metaReminderTemplate ? [channel.metaReminderTemplate] : [],
    });
  }
}

/** On the demo's first start: its WhatsApp linked through the Cloud API (on the stand-in). */
export async function linkDemoWhatsApp(
  db: Database,
  box: SecretBox,
  graph: GraphNumbers,
  businessId: string,
) {
  const accessToken = `EAAG${crypto.randomUUID().replaceAll('-', '')}`;
  await db.withTenant(businessId, async (tx) =>
    tx
      .insert(whatsappChannels)
      .values({
        businessId,
        provider: 'meta',
        status: 'connected',
        phoneNumber: DEMO_BUSINESS.phone,
        metaPhoneNumberId: DEMO_META_PHONE_NUMBER_ID,
        metaAccessTokenSealed: await box.seal(accessToken, businessId),
        metaReminderTemplate: 'appointment_reminder',
      })
      .onConflictDoNothing(),
  );
  await registerMetaChannels(db, box, graph);
}
