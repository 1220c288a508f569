/**
 * Development on the stand-ins: the demo business's WhatsApp is linked over Baileys, and
 * the fake WhatsApp Web pairs it by itself (no phone to scan the QR with), so reminders
 * and replies are seen going out without any account.
 */
import { whatsappChannels } from '../../db/schema';
import type { Database } from '../db/database';
import type { WhatsAppSessions } from '../whatsapp/baileys/sessions';

export async function linkDemoWhatsApp(db: Database, sessions: WhatsAppSessions, businessId: string) {
  await db.withTenant(businessId, (tx) =>
    tx.insert(whatsappChannels).values({ businessId, provider: 'baileys' }).onConflictDoNothing(),
  );
  await sessions.start(businessId);
}
