/**
 * Which of a Baileys socket's messages.upsert are a customer writing to the business: new
 * ('notify'), not our own, from one person (not a group, a status broadcast or a newsletter),
 * and carrying something a person wrote (not a reaction, a receipt or key distribution).
 */
import {
  type BaileysEventMap,
  getContentType,
  normalizeMessageContent,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { InboundMessage } from '../inbound';
import { e164OfJid } from '../transport';

/** Content that is protocol, not a message to answer. */
const NOT_WRITTEN = new Set([
  'protocolMessage',
  'reactionMessage',
  'senderKeyDistributionMessage',
  'messageContextInfo',
  'pollUpdateMessage',
  'keepInChatMessage',
  'pinInChatMessage',
]);

/** The customer's message, or null when it is none of ours to answer. */
export function inboundOf(msg: WAMessage): InboundMessage | null {
  const { key } = msg;
  if (key.fromMe || !key.id) return null;
  // Baileys 7 may address a person by their LID, with the phone number as the alternate JID.
  const jid = key.remoteJid?.endsWith('@lid') ? key.remoteJidAlt : key.remoteJid;
  const from = jid ? e164OfJid(jid) : undefined;
  if (!from) return null;
  const content = normalizeMessageContent(msg.message);
  const type = getContentType(content ?? undefined);
  if (!content || !type || NOT_WRITTEN.has(type)) return null;
  const text = content.conversation ?? content.extendedTextMessage?.text ?? null;
  return { provider: 'baileys', messageId: key.id, from, text: text || null };
}

/** The customers' messages in one messages.upsert (history syncs and our own appends give none). */
export function inboundOfUpsert(upsert: BaileysEventMap['messages.upsert']): InboundMessage[] {
  if (upsert.type !== 'notify') return [];
  return upsert.messages.map(inboundOf).filter((m): m is InboundMessage => m !== null);
}
