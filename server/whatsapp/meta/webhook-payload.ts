/**
 * What Meta POSTs to the WhatsApp webhook, and how it proves it was Meta: the
 * `X-Hub-Signature-256` header is `sha256=` and the hex HMAC-SHA256 of the raw body under
 * the app secret.
 *
 * A delivery is read item by item: each message and each status is validated on its own,
 * so one that does not match Meta's documented shape (or a shape Meta adds tomorrow) is
 * set aside with its reason while every other item of the delivery is kept. Only the
 * fields we act on are checked; the rest passes through unchecked.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { cleanDeep } from '../../lib/clean-text';

/** True only for the app secret's signature of exactly these bytes (compared in constant time). */
export function isMetaSignatureValid(
  appSecret: string,
  header: string | undefined,
  raw: Uint8Array,
): boolean {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!m?.[1]) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  const given = Buffer.from(m[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header Meta would send with this body. */
export function metaSignature(appSecret: string, raw: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/** Meta documents error codes as numbers; a string one must not cost the rest of the delivery. */
const ErrorCode = z.union([z.number(), z.string()]);
const ErrorSchema = z.object({
  code: ErrorCode.optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).partial().optional(),
});

const Media = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  /** Audio recorded in WhatsApp (a voice note), as opposed to an audio file sent. */
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

const ContactCard = z.object({
  name: z
    .object({ formatted_name: z.string().optional(), first_name: z.string().optional() })
    .partial()
    .optional(),
  phones: z
    .array(
      z.object({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() }),
    )
    .optional(),
  emails: z.array(z.object({ email: z.string().optional() })).optional(),
  org: z.object({ company: z.string().optional() }).partial().optional(),
});

export const MetaMessageSchema = z
  .object({
    id: z.string().min(1),
    /** The customer's number (digits with the country code, no plus); absent for a username customer. */
    from: z.string().optional(),
    /** The customer's business-scoped user id (BSUID, e.g. "US.13491208655302741918"). */
    from_user_id: z.string().optional(),
    /** Set when the message was written in a group. */
    group_id: z.string().optional(),
    timestamp: z.union([z.string(), z.number()]).optional(),
    type: z.string().min(1),
    context: z.object({ id: z.string().optional(), from: z.string().optional() }).partial().optional(),
    text: z.object({ body: z.string() }).optional(),
    image: Media.optional(),
    video: Media.optional(),
    audio: Media.optional(),
    document: Media.optional(),
    sticker: Media.optional(),
    location: z
      .object({
        latitude: z.coerce.number(),
        longitude: z.coerce.number(),
        name: z.string().optional(),
        address: z.string().optional(),
        url: z.string().optional(),
      })
      .optional(),
    contacts: z.array(ContactCard).optional(),
    interactive: z
      .object({
        type: z.string().optional(),
        button_reply: z.object({ id: z.string().optional(), title: z.string() }).optional(),
        list_reply: z
          .object({ id: z.string().optional(), title: z.string(), description: z.string().optional() })
          .optional(),
        nfm_reply: z
          .object({ name: z.string().optional(), body: z.string().optional() })
          .partial()
          .optional(),
      })
      .optional(),
    /** A template's quick-reply button. */
    button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
    /** An empty emoji takes the reaction back. */
    reaction: z.object({ message_id: z.string().min(1), emoji: z.string().optional() }).optional(),
    system: z
      .object({
        type: z.string().optional(),
        body: z.string().optional(),
        /** user_changed_number: the new number. */
        wa_id: z.string().optional(),
        new_wa_id: z.union([z.string(), z.number()]).optional(),
        user_id: z.string().optional(),
        previous_user_id: z.string().optional(),
      })
      .optional(),
    errors: z.array(ErrorSchema).optional(),
  })
  .refine((m) => m.from !== undefined || m.from_user_id !== undefined, {
    message: 'names no sender (neither from nor from_user_id)',
  });

export const MetaStatusSchema = z.object({
  /** The wamid the send returned (outbox_messages.provider_message_id). */
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]).optional(),
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  errors: z.array(ErrorSchema).optional(),
});

/** Who the webhook says wrote: Meta's `contacts[]`, matched to a message by wa_id or user_id. */
export const MetaContactSchema = z.object({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).partial().optional(),
});

export type MetaInboundMessage = z.infer<typeof MetaMessageSchema>;
export type MetaStatus = z.infer<typeof MetaStatusSchema>;
export type MetaContact = z.infer<typeof MetaContactSchema>;

/** One item of a delivery that could not be read: where it was and why (never its content). */
export interface Rejected {
  /** e.g. "entry[0].changes[1].messages[2]". */
  at: string;
  /** The message or status id, when the item had a readable one. */
  id?: string;
  /** The failed checks as path and code ("from_user_id: custom"), never the values. */
  reason: string;
}

export interface NumberGroup {
  messages: MetaInboundMessage[];
  statuses: MetaStatus[];
  contacts: MetaContact[];
}

export interface Delivery {
  /** The messages, statuses and senders of the delivery, by the business number they concern. */
  groups: Map<string, NumberGroup>;
  rejected: Rejected[];
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function reasonOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(item)'}: ${i.code === 'custom' ? i.message : i.code}`)
    .join('; ');
}

function idOf(item: unknown): string | undefined {
  return isObject(item) && typeof item.id === 'string' ? item.id.slice(0, 200) : undefined;
}

/**
 * Reads a parsed delivery (every string already cleaned of what PostgreSQL refuses): each
 * entry × change × message/status on its own. Pure.
 */
export function readDelivery(body: unknown): Delivery {
  const groups = new Map<string, NumberGroup>();
  const rejected: Rejected[] = [];
  const clean = cleanDeep(body);
  if (!isObject(clean) || !Array.isArray(clean.entry)) {
    rejected.push({ at: '(body)', reason: 'has no entry array' });
    return { groups, rejected };
  }
  clean.entry.forEach((entry, e) => {
    asArray(isObject(entry) ? entry.changes : undefined).forEach((change, c) => {
      const at = `entry[${e}].changes[${c}]`;
      const value = isObject(change) && isObject(change.value) ? change.value : undefined;
      const metadata = value && isObject(value.metadata) ? value.metadata : undefined;
      const phoneNumberId = typeof metadata?.phone_number_id === 'string' ? metadata.phone_number_id : '';
      if (!value || !phoneNumberId) {
        // Other fields (account updates, template reviews) carry no number id: nothing for us.
        if (value && (value.messages || value.statuses))
          rejected.push({ at, reason: 'metadata.phone_number_id: missing' });
        return;
      }
      const group = groups.get(phoneNumberId) ?? { messages: [], statuses: [], contacts: [] };
      groups.set(phoneNumberId, group);
      const each = <T>(key: string, schema: z.ZodType<T>, into: T[], report = true) => {
        asArray(value[key]).forEach((item, i) => {
          const parsed = schema.safeParse(item);
          if (parsed.success) into.push(parsed.data);
          else if (report)
            rejected.push({ at: `${at}.${key}[${i}]`, id: idOf(item), reason: reasonOf(parsed.error) });
        });
      };
      each('messages', MetaMessageSchema, group.messages);
      each('statuses', MetaStatusSchema, group.statuses);
      // A sender we cannot read only costs their display name.
      each('contacts', MetaContactSchema, group.contacts, false);
    });
  });
  return { groups, rejected };
}
