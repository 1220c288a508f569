import { z } from 'zod';

/**
 * The send-message body the stand-in accepts: the text and template messages of the Cloud
 * API (the only kinds ProSaaS sends), as strict as Meta about the fields they need.
 */
const common = {
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  // Meta accepts the number with or without the '+'.
  to: z.string().regex(/^\+?[1-9]\d{5,14}$/, 'must be a phone number in international format'),
};

const TextMessage = z.object({
  ...common,
  type: z.literal('text'),
  text: z.object({
    body: z.string().min(1).max(4096),
    preview_url: z.boolean().optional(),
  }),
});

const TextParameter = z.object({ type: z.literal('text'), text: z.string().min(1) });

const TemplateMessage = z.object({
  ...common,
  type: z.literal('template'),
  template: z.object({
    name: z.string().min(1).max(512),
    language: z.object({ code: z.string().min(2), policy: z.literal('deterministic').optional() }),
    components: z
      .array(z.object({ type: z.enum(['header', 'body', 'button']), parameters: z.array(TextParameter) }))
      .optional(),
  }),
});

export const OutgoingMessageSchema = z.discriminatedUnion('type', [TextMessage, TemplateMessage]);
export type OutgoingMessage = z.infer<typeof OutgoingMessageSchema>;

/**
 * Parses a send body; on failure, names every problem ("text.body: …"). A missing `type`
 * means text, as on the Cloud API.
 */
export function parseOutgoing(
  body: unknown,
): { ok: true; message: OutgoingMessage } | { ok: false; problem: string } {
  const withType =
    body !== null && typeof body === 'object' && !('type' in body) ? { ...body, type: 'text' } : body;
  const parsed = OutgoingMessageSchema.safeParse(withType);
  if (parsed.success) return { ok: true, message: parsed.data };
  const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return { ok: false, problem };
}
