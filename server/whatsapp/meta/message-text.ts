/**
 * A customer's Meta message as the inbox records it: its kind, the words the assistant reads
 * (the text, the caption under a photo or file, the title of the button or list row tapped,
 * a location's name and address, a shared contact), what it carries (a media id), and the
 * kind's own data (a location, contact cards, the message a reaction is on).
 */
import type { InboundMessage, MediaRef } from '../inbound';
import type { MetaContact, MetaInboundMessage } from './webhook-payload';

const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;

export function textOfMetaMessage(m: MetaInboundMessage): string | null {
  const text = (() => {
    switch (m.type) {
      case 'text':
        return m.text?.body;
      case 'image':
        return m.image?.caption;
      case 'video':
        return m.video?.caption;
      case 'document':
        return m.document?.caption;
      case 'interactive':
        return m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title;
      case 'button':
        return m.button?.text;
      case 'location': {
        const l = m.location;
        if (!l) return undefined;
        return ['📍', l.name, l.address].filter(Boolean).join(' ') || undefined;
      }
      case 'contacts': {
        const cards = (m.contacts ?? []).map((c) =>
          [c.name?.formatted_name ?? c.name?.first_name, ...(c.phones ?? []).map((p) => p.phone)]
            .filter(Boolean)
            .join(' '),
        );
        return cards.length ? `👤 ${cards.join(', ')}` : undefined;
      }
      default:
        return undefined;
    }
  })();
  return text?.trim() ? text : null;
}

/** The sender Meta names beside the message (contacts[] by wa_id or user_id). */
export function senderOf(m: MetaInboundMessage, contacts: readonly MetaContact[]) {
  return contacts.find(
    (c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id),
  );
}

/** The message as recorded; `from` is E.164 (or null for a username customer). */
export function inboundOfMeta(
  m: MetaInboundMessage,
  from: string | null,
  contacts: readonly MetaContact[],
): InboundMessage {
  const sender = senderOf(m, contacts);
  const name = sender?.profile?.name ?? sender?.profile?.username ?? null;
  const fromUserId = m.from_user_id ?? sender?.user_id ?? null;
  const seconds = Number(m.timestamp);
  const at = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
  let kind: string = m.type;
  let media: MediaRef | undefined;
  const details: Record<string, unknown> = {};
  for (const k of MEDIA_KINDS) {
    const item = m[k];
    if (m.type === k && item) {
      media = {
        id: item.id,
        mime: item.mime_type,
        filename: item.filename,
        ...(k === 'audio' && item.voice ? { voice: true } : {}),
      };
      if (k === 'audio' && item.voice) kind = 'voice';
    }
  }
  if (m.type === 'location' && m.location) details.location = m.location;
  if (m.type === 'contacts' && m.contacts) details.contacts = m.contacts;
  if (m.type === 'reaction' && m.reaction)
    details.reaction = { messageId: m.reaction.message_id, emoji: m.reaction.emoji ?? '' };
  if (m.type === 'interactive' && m.interactive) details.interactive = m.interactive;
  if (m.type === 'button' && m.button) details.button = m.button;
  if (m.type === 'system' && m.system) details.system = m.system;
  if (m.context?.id) details.replyTo = m.context.id;
  if (m.type === 'unsupported' || m.errors?.length)
    details.errors = (m.errors ?? []).map((e) => ({ code: e.code, title: e.title }));
  if (sender?.profile?.username) details.username = sender.profile.username;
  return {
    provider: 'meta',
    messageId: m.id,
    from,
    fromUserId,
    groupId: m.group_id ?? null,
    contactName: m.group_id ? null : name,
    senderName: m.group_id ? (name ?? from) : null,
    kind,
    text: m.type === 'system' ? (m.system?.body ?? null) : textOfMetaMessage(m),
    details: Object.keys(details).length ? details : undefined,
    media,
    at,
  };
}
