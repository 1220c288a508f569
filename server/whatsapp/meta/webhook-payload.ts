/**
 * What Meta POSTs to the WhatsApp webhook, and how it proves it was Meta: the
 * `X-Hub-Signature-256` header is `sha256=` and the hex HMAC-SHA256 of the raw body under
 * the app secret. Only the fields we act on are read; the rest passes through unchecked.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

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

const MessageSchema = z.object({
  /** The customer's number: digits with the country code, no plus. */
  from: z.string(),
  id: z.string().min(1),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
});

const StatusSchema = z.object({
  /** The wamid the send returned (outbox_messages.provider_message_id). */
  id: z.string().min(1),
  status: z.string(),
  errors: z.array(z.object({ code: z.number(), title: z.string().optional() })).optional(),
});

const ValueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string().min(1) }).optional(),
  messages: z.array(MessageSchema).default([]),
  statuses: z.array(StatusSchema).default([]),
});

export const MetaWebhookSchema = z.object({
  object: z.string().optional(),
  entry: z
    .array(
      z.object({
        changes: z
          .array(z.object({ field: z.string().optional(), value: ValueSchema.optional() }))
          .default([]),
      }),
    )
    .default([]),
});

export type MetaWebhook = z.infer<typeof MetaWebhookSchema>;
export type MetaInboundMessage = z.infer<typeof MessageSchema>;
export type MetaStatus = z.infer<typeof StatusSchema>;

/** The messages and statuses of one payload, grouped by the business number they concern. */
export function byPhoneNumberId(payload: MetaWebhook) {
  const groups = new Map<string, { messages: MetaInboundMessage[]; statuses: MetaStatus[] }>();
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      const id = change.value?.metadata?.phone_number_id;
      if (!id || !change.value) continue;
      const group = groups.get(id) ?? { messages: [], statuses: [] };
      group.messages.push(...change.value.messages);
      group.statuses.push(...change.value.statuses);
      groups.set(id, group);
    }
  }
  return groups;
}
