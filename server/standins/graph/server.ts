import { createHash, randomBytes } from 'node:crypto';
import {
  defaultStatusOf,
  graphError,
  invalidParameter,
  invalidToken,
  unsupportedRequest,
} from './graph-error.ts';
import { type OutgoingMessage, parseOutgoing } from './message-schema.ts';

export interface GraphStandinOptions {
  /** Refuse free text to a customer who has not written in the last 24 hours. Default true, as Meta does. */
  enforceCustomerWindow?: boolean;
  /** The time the 24-hour window and `sent[].at` are measured by. Default: the wall clock. */
  now?: () => Date;
}

export interface GraphNumber {
  phoneNumberId: string;
  accessToken: string;
  /** As Meta shows it, e.g. '+972 3-555-0100'. */
  displayPhoneNumber: string;
  verifiedName: string;
  /** Approved template names. */
  templates?: string[];
}

export interface GraphFailure {
  code: number;
  /** Default: the status Graph uses for that code (401 for 190, 500 for 131000, …, else 400). */
  httpStatus?: number;
  /** Default: "(#code) Stand-in failure". */
  message?: string;
}

export interface SentMessage {
  phoneNumberId: string;
  /** The customer, E.164. */
  to: string;
  type: 'text' | 'template';
  text?: string;
  template?: { name: string; language: string; params: string[] };
  id: string;
  at: Date;
}

export interface GraphStandin {
  /** `http://127.0.0.1:PORT`; the client adds `/{version}/…`. */
  baseUrl: string;
  addNumber(n: GraphNumber): void;
  /** The customer wrote to the business: opens the 24-hour window for free text. */
  customerWrote(phoneNumberId: string, fromE164: string, at?: Date): void;
  /** Makes the next send to this number id fail with this Graph error (queued, one per send). */
  failNext(phoneNumberId: string, error: GraphFailure): void;
  /**
   * A customer's photo, file or voice note, as Meta holds it: GET /{version}/{id} answers its
   * URL (on this server), which answers the bytes to the number's token.
   */
  addMedia(media: { id: string; bytes: Uint8Array; mime: string }): void;
  /** Every message accepted, in order. */
  readonly sent: ReadonlyArray<SentMessage>;
  stop(): Promise<void>;
}

const BODY_LIMIT = 64 * 1024;
const WINDOW_MS = 24 * 60 * 60 * 1000;
const VERSION = /^v\d+\.\d+$/;
const NUMBER_FIELDS = ['display_phone_number', 'verified_name', 'quality_rating'] as const;

const digitsOf = (phone: string) => phone.replace(/\D/g, '');

/** The body as text, or null once it exceeds the limit (declared or actually sent). */
async function readCapped(req: Request, limit: number): Promise<string | null> {
  if (Number(req.headers.get('content-length') ?? 0) > limit) return null;
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a local server speaking the part of the Graph API the WhatsApp Cloud API client uses:
 * sending text and template messages, and describing a phone number. It enforces what makes
 * real sends fail (the token, the 24-hour customer window, approved templates) and can be
 * told to fail the next send with any Graph error code.
 */
export async function startGraphStandin(opts: GraphStandinOptions = {}): Promise<GraphStandin> {
  const enforceWindow = opts.enforceCustomerWindow ?? true;
  const now = opts.now ?? (() => new Date());
  const numbers = new Map<string, GraphNumber>();
  const lastInbound = new Map<string, Date>();
  const failures = new Map<string, GraphFailure[]>();
  const sent: SentMessage[] = [];
  const media = new Map<string, { id: string; bytes: Uint8Array; mime: string }>();
  const windowKey = (phoneNumberId: string, phone: string) => `${phoneNumberId}:${digitsOf(phone)}`;

  const send = (number: GraphNumber, message: OutgoingMessage): Response => {
    const to = digitsOf(message.to);
    if (message.type === 'text' && enforceWindow) {
      const wrote = lastInbound.get(windowKey(number.phoneNumberId, to));
      if (!wrote || now().getTime() - wrote.getTime() > WINDOW_MS)
        return graphError(400, 131047, '(#131047) Re-engagement message', {
          details:
            'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        });
    }
    if (message.type === 'template' && !(number.templates ?? []).includes(message.template.name)) {
      const { name, language } = message.template;
      return graphError(404, 132001, '(#132001) Template name does not exist in the translation', {
        details: `template name (${name}) does not exist in ${language.code}`,
      });
    }
    const id = `wamid.${Buffer.concat([Buffer.from(`${to}:`), randomBytes(16)]).toString('base64url')}`;
    const record: SentMessage = {
      phoneNumberId: number.phoneNumberId,
      to: `+${to}`,
      type: message.type,
      id,
      at: now(),
    };
    if (message.type === 'text') record.text = message.text.body;
    else {
      const body = message.template.components?.find((c) => c.type === 'body');
      record.template = {
        name: message.template.name,
        language: message.template.language.code,
        params: body?.parameters.map((p) => p.text) ?? [],
      };
    }
    sent.push(record);
    return Response.json({
      messaging_product: 'whatsapp',
      contacts: [{ input: message.to, wa_id: to }],
      messages: [message.type === 'template' ? { id, message_status: 'accepted' } : { id }],
    });
  };

  const postMessage = async (req: Request, number: GraphNumber): Promise<Response> => {
    const injected = failures.get(number.phoneNumberId)?.shift();
    if (injected)
      return graphError(
        injected.httpStatus ?? defaultStatusOf(injected.code),
        injected.code,
        injected.message ?? `(#${injected.code}) Stand-in failure`,
      );
    const raw = await readCapped(req, BODY_LIMIT);
    if (raw === null) return graphError(413, 100, `(#100) Request body exceeds ${BODY_LIMIT} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return invalidParameter('the request body is not valid JSON');
    }
    const parsed = parseOutgoing(body);
    return parsed.ok ? send(number, parsed.message) : invalidParameter(parsed.problem);
  };

  const describe = (url: URL, number: GraphNumber): Response => {
    const asked = url.searchParams
      .get('fields')
      ?.split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const fields = asked?.length ? asked : [...NUMBER_FIELDS];
    const unknown = fields.find((f) => f !== 'id' && !(NUMBER_FIELDS as readonly string[]).includes(f));
    if (unknown)
      return graphError(
        400,
        100,
        `(#100) Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessPhoneNumber)`,
      );
    const all: Record<string, string> = {
      display_phone_number: number.displayPhoneNumber,
      verified_name: number.verifiedName,
      quality_rating: 'GREEN',
    };
    return Response.json({
      ...Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])),
      id: number.phoneNumberId,
    });
  };

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url);
      const [version, id, edge, ...rest] = url.pathname.split('/').filter(Boolean);
      const item = id ? media.get(id) : undefined;
      if (
        item &&
        req.method === 'GET' &&
        (version === 'media-download' || (version && VERSION.test(version) && !edge))
      ) {
        const token = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
        if (!token || ![...numbers.values()].some((n) => n.accessToken === token)) return invalidToken();
        if (version === 'media-download')
          return new Response(new Blob([item.bytes as Uint8Array<ArrayBuffer>]), {
            headers: { 'content-type': item.mime },
          });
        return Response.json({
          messaging_product: 'whatsapp',
          url: `${url.origin}/media-download/${item.id}`,
          mime_type: item.mime,
          sha256: createHash('sha256').update(item.bytes).digest('hex'),
          file_size: item.bytes.byteLength,
          id: item.id,
        });
      }
      if (!version || !VERSION.test(version) || !id || rest.length > 0 || (edge && edge !== 'messages'))
        return graphError(400, 2500, `Unknown path components: ${url.pathname}`);
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
      if (!token || ![...numbers.values()].some((n) => n.accessToken === token)) return invalidToken();
      const number = numbers.get(id);
      // A real token that does not own this number is told the object does not exist.
      if (!number || number.accessToken !== token) return unsupportedRequest(req.method, id);
      if (edge === 'messages' && req.method === 'POST') return postMessage(req, number);
      if (!edge && req.method === 'GET') return describe(url, number);
      return unsupportedRequest(req.method, id);
    },
  });

  return {
    baseUrl: `http://${server.hostname}:${server.port}`,
    addNumber(n) {
      numbers.set(n.phoneNumberId, { ...n, templates: [...(n.templates ?? [])] });
    },
    customerWrote(phoneNumberId, fromE164, at = now()) {
      lastInbound.set(windowKey(phoneNumberId, fromE164), at);
    },
    addMedia(m) {
      media.set(m.id, m);
    },
    failNext(phoneNumberId, error) {
      const queue = failures.get(phoneNumberId) ?? [];
      queue.push(error);
      failures.set(phoneNumberId, queue);
    },
    sent,
    async stop() {
      await server.stop(true);
    },
  };
}
