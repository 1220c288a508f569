/**
 * Meta's side of the WhatsApp webhook: payloads in the shape the Cloud API sends
 * (`whatsapp_business_account` → entry → changes → value), signed with the app secret as
 * `X-Hub-Signature-256` and POSTed, so tests and the demo reach the server by Meta's path.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { GraphStandin } from './server.ts';

/** How the payload is POSTed: fetch by default; a test may hand in `app.request`. */
export type Post = (url: string, init: RequestInit) => Response | Promise<Response>;

export interface WebhookTarget {
  webhookUrl: string;
  appSecret: string;
  post?: Post;
}

const digitsOf = (phone: string) => phone.replace(/\D/g, '');
const newWamid = () => `wamid.${randomBytes(24).toString('base64url')}`;

/** One change of the messages field: what Meta sends about one business number. */
export function messagesChange(phoneNumberId: string, value: Record<string, unknown>) {
  return {
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
      ...value,
    },
  };
}

/** A whole delivery: one entry per array of changes (Meta batches several of each). */
export function webhookDelivery(...entries: ReturnType<typeof messagesChange>[][]) {
  return {
    object: 'whatsapp_business_account',
    entry: entries.map((changes) => ({ id: '102290129340398', changes })),
  };
}

function envelope(phoneNumberId: string, value: Record<string, unknown>) {
  return webhookDelivery([messagesChange(phoneNumberId, value)]);
}

/** POSTs `payload` signed with `appSecret`, exactly as Meta does (the signature covers the raw bytes). */
export function deliverWebhook(target: WebhookTarget, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', target.appSecret).update(body).digest('hex')}`;
  const post = target.post ?? fetch;
  return Promise.resolve(
    post(target.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
    }),
  );
}

/** A customer's message as Meta delivers it: a text, or (text null) an image. */
export function messagePayload(opts: {
  phoneNumberId: string;
  from: string;
  text: string | null;
  id?: string;
}) {
  const from = digitsOf(opts.from);
  const id = opts.id ?? newWamid();
  const message =
    opts.text === null
      ? { type: 'image', image: { mime_type: 'image/jpeg', sha256: 'x', id: '1234567890' } }
      : { type: 'text', text: { body: opts.text } };
  return {
    id,
    payload: envelope(opts.phoneNumberId, {
      contacts: [{ profile: { name: 'Customer' }, wa_id: from }],
      messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
    }),
  };
}

/** Meta reporting, after accepting it, that a message of ours failed (131047 and the like). */
export function failedStatusPayload(opts: {
  phoneNumberId: string;
  messageId: string;
  to: string;
  code: number;
  title: string;
}) {
  return envelope(opts.phoneNumberId, {
    statuses: [
      {
        id: opts.messageId,
        status: 'failed',
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: digitsOf(opts.to),
        errors: [{ code: opts.code, title: opts.title, error_data: { details: opts.title } }],
      },
    ],
  });
}

/**
 * A customer writes to the business's number: the 24-hour window opens at the stand-in and
 * the signed webhook is POSTed. Resolves with Meta's message id and the server's answer.
 */
export async function customerSends(
  graph: Pick<GraphStandin, 'customerWrote'>,
  opts: WebhookTarget & { phoneNumberId: string; from: string; text: string | null; id?: string },
): Promise<{ id: string; response: Response }> {
  graph.customerWrote(opts.phoneNumberId, opts.from);
  const { id, payload } = messagePayload(opts);
  return { id, response: await deliverWebhook(opts, payload) };
}
