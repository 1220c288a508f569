/**
 * The WhatsApp Cloud API client: sends a business's messages and checks its credentials
 * through the Graph API, at a configurable base URL (Meta's, or the local stand-in).
 * Every failure is a WhatsAppSendError saying whether to retry, give up, or re-link.
 */
import { z } from 'zod';
import { type OutboundMessage, type SendResult, WhatsAppSendError } from '../transport.ts';
import { graphSendError } from './graph-errors.ts';

export interface MetaCredentials {
  phoneNumberId: string;
  accessToken: string;
}

/** An approved message template, e.g. { name: 'appointment_reminder', language: 'he' }. */
export interface MetaTemplate {
  name: string;
  language: string;
}

export interface MetaClient {
  /**
   * POST {baseUrl}/{apiVersion}/{phoneNumberId}/messages. A text message, or, when `template`
   * is given and the message has templateParams, a template message whose body parameters are
   * templateParams. Resolves with messages[0].id.
   */
  send(creds: MetaCredentials, message: OutboundMessage, template?: MetaTemplate): Promise<SendResult>;
  /**
   * GET {baseUrl}/{apiVersion}/{phoneNumberId}: checks the credentials; resolves with the
   * number as E.164 and the verified name. Fails with a WhatsAppSendError like send.
   */
  describeNumber(creds: MetaCredentials): Promise<{ phoneNumber: string; verifiedName?: string }>;
}

export interface MetaClientOptions {
  /** e.g. https://graph.facebook.com (no version). */
  baseUrl: string;
  /** e.g. v23.0. */
  apiVersion: string;
  fetch?: typeof fetch;
  /** Per request, including reading the answer. Default 10 s. */
  timeoutMs?: number;
}

const SentId = z.object({ id: z.string().min(1) });
// Only what the send needs: a stricter schema would turn a message that went into a retry.
const SendResponseSchema = z.object({ messages: z.tuple([SentId], SentId) });

const NumberResponseSchema = z.object({
  id: z.string(),
  display_phone_number: z.string(),
  verified_name: z.string().optional(),
});

type GraphBody = Record<string, unknown>;

/** The Cloud API body for one message: a template only when both a template and its parameters exist. */
export function messageBody(message: OutboundMessage, template?: MetaTemplate): GraphBody {
  const common = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.replace(/^\+/, ''),
  };
  if (template && message.templateParams) {
    const parameters = message.templateParams.map((text) => ({ type: 'text', text }));
    return {
      ...common,
      type: 'template',
      template: {
        name: template.name,
        language: { code: template.language },
        // A template without variables takes no body component at all.
        ...(parameters.length ? { components: [{ type: 'body', parameters }] } : {}),
      },
    };
  }
  return { ...common, type: 'text', text: { body: message.body, preview_url: false } };
}

/** "+972 3-555-0100" (as Meta displays it) → "+97235550100". */
function e164OfDisplay(display: string): string | undefined {
  const digits = display.replace(/\D/g, '');
  return /^[1-9]\d{5,14}$/.test(digits) ? `+${digits}` : undefined;
}

export function createMetaClient(opts: MetaClientOptions): MetaClient {
  if (!/^v\d+\.\d+$/.test(opts.apiVersion))
    throw new Error(`Graph API version must look like v23.0, not ${JSON.stringify(opts.apiVersion)}`);
  const root = new URL(opts.baseUrl).href.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function call<T>(
    creds: MetaCredentials,
    path: string,
    init: { method: 'GET' | 'POST'; body?: GraphBody },
    schema: z.ZodType<T>,
  ): Promise<T> {
    const url = `${root}/${opts.apiVersion}/${encodeURIComponent(creds.phoneNumberId)}${path}`;
    let status: number;
    let text: string;
    try {
      const res = await doFetch(url, {
        method: init.method,
        headers: {
          authorization: `Bearer ${creds.accessToken}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw new WhatsAppSendError(
        timedOut
          ? `Graph API did not answer within ${timeoutMs} ms`
          : `Graph API unreachable: ${err instanceof Error ? err.message : String(err)}`,
        'retry',
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status < 200 || status >= 300) throw graphSendError(status, json, creds.accessToken);
    const parsed = schema.safeParse(json);
    // A 2xx that is not Graph's answer comes from something in between (a proxy, a wrong
    // base URL); whether the message went is unknown, and a retry that is later marked dead
    // beats a reminder silently lost.
    if (!parsed.success)
      throw new WhatsAppSendError(`Graph API answered HTTP ${status} with an unexpected body`, 'retry');
    return parsed.data;
  }

  return {
    async send(creds, message, template) {
      const res = await call(
        creds,
        '/messages',
        { method: 'POST', body: messageBody(message, template) },
        SendResponseSchema,
      );
      return { messageId: res.messages[0].id };
    },
    async describeNumber(creds) {
      const res = await call(
        creds,
        '?fields=display_phone_number,verified_name',
        { method: 'GET' },
        NumberResponseSchema,
      );
      const phoneNumber = e164OfDisplay(res.display_phone_number);
      if (!phoneNumber)
        throw new WhatsAppSendError(
          `Graph API gave a phone number that is not one: ${JSON.stringify(res.display_phone_number)}`,
          'permanent',
        );
      return res.verified_name === undefined
        ? { phoneNumber }
        : { phoneNumber, verifiedName: res.verified_name };
    },
  };
}
