/**
 * Which of a Baileys socket's messages.upsert are a customer writing to the business, and
 * what each one is: new ('notify'), not our own, not a status broadcast or a newsletter, and
 * not protocol (receipts, key distribution). A group's message is recorded in the group's
 * conversation (never answered); a reaction is recorded on the message it reacts to.
 */
import {
  type BaileysEventMap,
  getContentType,
  normalizeMessageContent,
  type proto,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { cleanDeep, cleanText } from '../../lib/clean-text';
import type { InboundMessage, MediaRef } from '../inbound';
import { e164OfJid } from '../transport';

/** Content that is protocol, not a message. */
const PROTOCOL = new Set([
  'protocolMessage',
  'senderKeyDistributionMessage',
  'messageContextInfo',
  'pollUpdateMessage',
  'keepInChatMessage',
  'pinInChatMessage',
]);

const MEDIA: Record<string, string> = {
  imageMessage: 'image',
  videoMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  documentWithCaptionMessage: 'document',
  stickerMessage: 'sticker',
};

const b64 = (v: Uint8Array | string | null | undefined) =>
  v == null ? undefined : typeof v === 'string' ? v : Buffer.from(v).toString('base64');

type Media = proto.Message.IImageMessage &
  proto.Message.IAudioMessage &
  proto.Message.IDocumentMessage &
  proto.Message.IStickerMessage &
  proto.Message.IVideoMessage;

/** The customer's message, or null when it is none of ours to record. */
export function inboundOf(msg: WAMessage): InboundMessage | null {
  const { key } = msg;
  if (key.fromMe || !key.id || !key.remoteJid) return null;
  const remote = key.remoteJid;
  if (remote === 'status@broadcast' || remote.endsWith('@broadcast') || remote.endsWith('@newsletter'))
    return null;
  const group = remote.endsWith('@g.us');
  // Baileys 7 may address a person by their LID, with the phone number as the alternate JID.
  const personJid = group ? (key.participantAlt ?? key.participant) : remote;
  const altJid = group ? key.participantAlt : key.remoteJidAlt;
  const lid = [personJid, group ? key.participant : remote].find((j) => j?.endsWith('@lid')) ?? null;
  const phoneJid = personJid?.endsWith('@lid') ? altJid : personJid;
  const from = phoneJid ? (e164OfJid(phoneJid) ?? null) : null;
  if (!from && !lid) return null;
  const content = normalizeMessageContent(msg.message);
  const type = getContentType(content ?? undefined);
  if (!content || !type || PROTOCOL.has(type)) return null;
  const pushName = msg.pushName ? cleanText(msg.pushName) : null;
  const base = {
    provider: 'baileys' as const,
    messageId: cleanText(key.id),
    from,
    fromUserId: lid ? cleanText(lid) : null,
    groupId: group ? cleanText(remote) : null,
    contactName: group ? null : pushName,
    senderName: group ? (pushName ?? from) : null,
    at: msg.messageTimestamp ? new Date(Number(msg.messageTimestamp) * 1000) : undefined,
  };
  const words = (s: string | null | undefined) => (s ? cleanText(s).trim() || null : null);
  const record = (
    kind: string,
    text: string | null,
    details?: Record<string, unknown>,
    media?: MediaRef,
  ) => ({
    ...base,
    kind,
    text,
    ...(details ? { details: cleanDeep(details) as Record<string, unknown> } : {}),
    ...(media ? { media } : {}),
  });

  switch (type) {
    case 'conversation':
    case 'extendedTextMessage':
      return record('text', words(content.conversation ?? content.extendedTextMessage?.text));
    case 'reactionMessage': {
      const r = content.reactionMessage;
      return record('reaction', null, { reaction: { messageId: r?.key?.id ?? '', emoji: r?.text ?? '' } });
    }
    case 'locationMessage':
    case 'liveLocationMessage': {
      const l = content.locationMessage ?? content.liveLocationMessage;
      const loc = l as proto.Message.ILocationMessage | undefined;
      const location = {
        latitude: l?.degreesLatitude ?? 0,
        longitude: l?.degreesLongitude ?? 0,
        name: loc?.name ?? undefined,
        address: loc?.address ?? undefined,
      };
      return record('location', words(['📍', location.name, location.address].filter(Boolean).join(' ')), {
        location,
      });
    }
    case 'contactMessage':
    case 'contactsArrayMessage': {
      const cards = content.contactMessage
        ? [content.contactMessage]
        : (content.contactsArrayMessage?.contacts ?? []);
      const contacts = cards.map((c) => ({
        name: { formatted_name: c.displayName ?? undefined },
        phones: [...(c.vcard ?? '').matchAll(/waid=(\d+)|TEL[^:]*:([+\d\s-]+)/g)].map((m) => ({
          phone: (m[2] ?? `+${m[1]}`).trim(),
        })),
      }));
      const text = contacts
        .map((c) => [c.name.formatted_name, ...c.phones.map((p) => p.phone)].filter(Boolean).join(' '))
        .join(', ');
      return record('contacts', words(text ? `👤 ${text}` : ''), { contacts });
    }
    case 'buttonsResponseMessage':
      return record('interactive', words(content.buttonsResponseMessage?.selectedDisplayText), {
        interactive: { type: 'button_reply', id: content.buttonsResponseMessage?.selectedButtonId },
      });
    case 'listResponseMessage':
      return record('interactive', words(content.listResponseMessage?.title), {
        interactive: {
          type: 'list_reply',
          id: content.listResponseMessage?.singleSelectReply?.selectedRowId,
        },
      });
    case 'templateButtonReplyMessage':
      return record('button', words(content.templateButtonReplyMessage?.selectedDisplayText), {
        button: { payload: content.templateButtonReplyMessage?.selectedId },
      });
    case 'interactiveResponseMessage':
      return record('interactive', words(content.interactiveResponseMessage?.body?.text));
  }
  const kind = MEDIA[type];
  if (kind) {
    const m = ((type === 'documentWithCaptionMessage'
      ? content.documentWithCaptionMessage?.message?.documentMessage
      : content[type as keyof proto.IMessage]) ?? {}) as Media;
    const voice = kind === 'audio' && Boolean(m.ptt);
    const media: MediaRef = {
      id: base.messageId,
      mime: m.mimetype ?? undefined,
      filename: m.fileName ?? undefined,
      ...(voice ? { voice: true } : {}),
      baileys: {
        url: m.url ?? undefined,
        directPath: m.directPath ?? undefined,
        mediaKey: b64(m.mediaKey),
        fileLength: m.fileLength == null ? undefined : Number(m.fileLength),
        type: kind === 'sticker' ? 'sticker' : kind,
      },
    };
    return record(voice ? 'voice' : kind, words(m.caption), undefined, media);
  }
  return record('unsupported', null, { type });
}

/** The customers' messages in one messages.upsert (history syncs and our own appends give none). */
export function inboundOfUpsert(upsert: BaileysEventMap['messages.upsert']): InboundMessage[] {
  if (upsert.type !== 'notify') return [];
  return upsert.messages.map(inboundOf).filter((m): m is InboundMessage => m !== null);
}
