/**
 * The business's WhatsApp channel row: reading it and recording its status. Every status
 * change goes through recordStatus, so "it was connected and dropped" is decided in one
 * place, and the staff are told once (the whatsapp.disconnected event, in the same
 * transaction as the change).
 */
import { eq } from 'drizzle-orm';
import { type WhatsAppStatus, whatsappChannels } from '../../db/schema';
import type { Tx } from '../db/database';
import { emitEvent } from '../events/events';

export type ChannelRow = typeof whatsappChannels.$inferSelect;

export async function getChannel(tx: Tx, businessId: string): Promise<ChannelRow | undefined> {
  const [row] = await tx.select().from(whatsappChannels).where(eq(whatsappChannels.businessId, businessId));
  return row;
}

export interface StatusChange {
  status: WhatsAppStatus;
  /** Why (a disconnect code, a provider error), shown to the staff; cleared when connected. */
  reason?: string | null;
  /** The business's own number, once the provider tells it. */
  phoneNumber?: string;
  /** Baileys, pairing: the QR code to show now (each one replaces the last). Any other status clears it. */
  pairingQr?: string;
}

/**
 * Records a status change of an existing channel (no-op without one, or when nothing
 * changes). A drop from connected to disconnected emits whatsapp.disconnected. Resolves
 * with the status before the change, or undefined without a channel.
 */
export async function recordStatus(
  tx: Tx,
  businessId: string,
  change: StatusChange,
  now: Date,
): Promise<WhatsAppStatus | undefined> {
  const [current] = await tx
    .select({
      status: whatsappChannels.status,
      reason: whatsappChannels.statusReason,
      qr: whatsappChannels.pairingQr,
    })
    .from(whatsappChannels)
    .where(eq(whatsappChannels.businessId, businessId))
    .for('update');
  if (!current) return undefined;
  const reason = change.status === 'connected' ? null : (change.reason ?? null);
  const qr = change.status === 'pairing' ? (change.pairingQr ?? current.qr) : null;
  const same = current.status === change.status && current.reason === reason;
  if (same && change.phoneNumber === undefined && qr === current.qr) return current.status;
  await tx
    .update(whatsappChannels)
    .set({
      status: change.status,
      statusReason: reason,
      pairingQr: qr,
      ...(same ? {} : { statusChangedAt: now }),
      ...(change.phoneNumber ? { phoneNumber: change.phoneNumber } : {}),
      updatedAt: now,
    })
    .where(eq(whatsappChannels.businessId, businessId));
  if (current.status === 'connected' && change.status === 'disconnected') {
    await emitEvent(tx, businessId, {
      type: 'whatsapp.disconnected',
      reason: reason ?? 'unknown',
      actorUserId: null,
    });
  }
  return current.status;
}
