import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type GraphStandin, startGraphStandin } from '../../standins/graph/index.ts';
import { WhatsAppSendError } from '../transport.ts';
import { createMetaClient, type MetaClient } from './graph-client.ts';

const CREDS = { phoneNumberId: '106540352242922', accessToken: 'EAAG-business-token' };
const REMINDER = { name: 'appointment_reminder', language: 'he' };
const CUSTOMER = '+972501234567';

let graph: GraphStandin;
let client: MetaClient;
beforeAll(async () => {
  graph = await startGraphStandin();
  graph.addNumber({
    ...CREDS,
    displayPhoneNumber: '+972 3-555-0100',
    verifiedName: 'מספרת דנה',
    templates: ['appointment_reminder'],
  });
  client = createMetaClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0' });
});
afterAll(() => graph.stop());

/** The WhatsAppSendError a promise fails with. */
async function failureOf(p: Promise<unknown>): Promise<WhatsAppSendError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof WhatsAppSendError)) throw new Error(`expected a WhatsAppSendError, got ${err}`);
  return err;
}

/** A fetch that answers every request with this response. */
const answering = (make: () => Response) => (async () => make()) as unknown as typeof fetch;

test('a text within the customer window is sent and resolves with its wamid', async () => {
  graph.customerWrote(CREDS.phoneNumberId, CUSTOMER);
  const { messageId } = await client.send(CREDS, { to: CUSTOMER, body: 'נתראה מחר ב-10:00' });
  expect(messageId).toStartWith('wamid.');
  expect(graph.sent.at(-1)).toMatchObject({
    id: messageId,
    to: CUSTOMER,
    type: 'text',
    text: 'נתראה מחר ב-10:00',
  });
});

test('a reminder with a template goes as that template with its parameters', async () => {
  const { messageId } = await client.send(
    CREDS,
    { to: '+972529876543', body: 'תזכורת: דנה, מחר ב-10:00', templateParams: ['דנה', 'מחר ב-10:00'] },
    REMINDER,
  );
  expect(graph.sent.at(-1)).toMatchObject({
    id: messageId,
    to: '+972529876543',
    type: 'template',
    template: { name: 'appointment_reminder', language: 'he', params: ['דנה', 'מחר ב-10:00'] },
  });
});

test('a message without template parameters goes as text even when a template is given', async () => {
  graph.customerWrote(CREDS.phoneNumberId, CUSTOMER);
  await client.send(CREDS, { to: CUSTOMER, body: 'תודה!' }, REMINDER);
  expect(graph.sent.at(-1)).toMatchObject({ type: 'text', text: 'תודה!' });
});

test('free text outside the 24-hour window is a permanent failure with code 131047', async () => {
  const err = await failureOf(client.send(CREDS, { to: '+972541112222', body: 'שלום' }));
  expect(err).toMatchObject({ failure: 'permanent', code: 131047 });
  expect(err.message).toContain('Re-engagement message');
});

test('a template that is not approved is a permanent failure', async () => {
  const err = await failureOf(
    client.send(CREDS, { to: CUSTOMER, body: 'x', templateParams: ['a'] }, { name: 'promo', language: 'he' }),
  );
  expect(err).toMatchObject({ failure: 'permanent', code: 132001 });
});

test('a revoked token disconnects the channel, and the error never shows the token', async () => {
  const revoked = { ...CREDS, accessToken: 'EAAG-revoked-token' };
  const err = await failureOf(client.send(revoked, { to: CUSTOMER, body: 'x' }));
  expect(err).toMatchObject({ failure: 'disconnected', code: 190 });
  expect(err.message).toContain('Invalid OAuth access token');
  expect(err.message).not.toContain('EAAG-revoked-token');
  expect((await failureOf(client.describeNumber(revoked))).failure).toBe('disconnected');
});

test('rate limits and server errors are retried', async () => {
  graph.customerWrote(CREDS.phoneNumberId, CUSTOMER);
  graph.failNext(CREDS.phoneNumberId, { code: 130429 });
  graph.failNext(CREDS.phoneNumberId, { code: 131000, httpStatus: 500 });
  const message = { to: CUSTOMER, body: 'x' };
  expect(await failureOf(client.send(CREDS, message))).toMatchObject({ failure: 'retry', code: 130429 });
  expect(await failureOf(client.send(CREDS, message))).toMatchObject({ failure: 'retry', code: 131000 });
  expect((await client.send(CREDS, message)).messageId).toStartWith('wamid.');
});

test('describeNumber gives the business number as E.164 and its verified name', async () => {
  expect(await client.describeNumber(CREDS)).toEqual({
    phoneNumber: '+97235550100',
    verifiedName: 'מספרת דנה',
  });
  const unknown = await failureOf(client.describeNumber({ ...CREDS, phoneNumberId: '42' }));
  expect(unknown).toMatchObject({ failure: 'permanent', code: 100 });
});

test('a Graph that does not answer in time is retried', async () => {
  const hanging = ((_url: string, init: RequestInit) =>
    new Promise((_, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    })) as unknown as typeof fetch;
  const slow = createMetaClient({
    baseUrl: graph.baseUrl,
    apiVersion: 'v23.0',
    fetch: hanging,
    timeoutMs: 30,
  });
  const err = await failureOf(slow.send(CREDS, { to: CUSTOMER, body: 'x' }));
  expect(err.failure).toBe('retry');
  expect(err.message).toContain('30 ms');
});

test('an unreachable Graph is retried', async () => {
  const gone = await startGraphStandin();
  await gone.stop();
  const offline = createMetaClient({ baseUrl: gone.baseUrl, apiVersion: 'v23.0' });
  expect((await failureOf(offline.send(CREDS, { to: CUSTOMER, body: 'x' }))).failure).toBe('retry');
});

test('a proxy error page and an unexpected success body are retried', async () => {
  const proxy = createMetaClient({
    baseUrl: 'https://graph.example',
    apiVersion: 'v23.0',
    fetch: answering(() => new Response('<html>Bad gateway</html>', { status: 502 })),
  });
  expect((await failureOf(proxy.send(CREDS, { to: CUSTOMER, body: 'x' }))).failure).toBe('retry');
  const odd = createMetaClient({
    baseUrl: 'https://graph.example',
    apiVersion: 'v23.0',
    fetch: answering(() => Response.json({ messages: [] })),
  });
  expect((await failureOf(odd.send(CREDS, { to: CUSTOMER, body: 'x' }))).failure).toBe('retry');
});

test('the request is the Cloud API text message, with the bearer token and the digits only', async () => {
  let seen: { url: string; auth: string | null; body: unknown } | undefined;
  const spy = (async (url: string, init: RequestInit) => {
    seen = {
      url,
      auth: new Headers(init.headers).get('authorization'),
      body: JSON.parse(String(init.body)),
    };
    return Response.json({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.X' }] });
  }) as unknown as typeof fetch;
  const c = createMetaClient({ baseUrl: 'https://graph.example/', apiVersion: 'v23.0', fetch: spy });
  expect(await c.send(CREDS, { to: CUSTOMER, body: 'שלום' })).toEqual({ messageId: 'wamid.X' });
  expect(seen).toEqual({
    url: 'https://graph.example/v23.0/106540352242922/messages',
    auth: 'Bearer EAAG-business-token',
    body: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '972501234567',
      type: 'text',
      text: { body: 'שלום', preview_url: false },
    },
  });
});

test('a malformed API version is refused when the client is built', () => {
  expect(() => createMetaClient({ baseUrl: graph.baseUrl, apiVersion: '23' })).toThrow('v23.0');
});
