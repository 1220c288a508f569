import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type GraphStandin, startGraphStandin } from './server.ts';

const NUMBER = {
  phoneNumberId: '106540352242922',
  accessToken: 'EAAG-business-token',
  displayPhoneNumber: '+972 3-555-0100',
  verifiedName: 'מספרת דנה',
  templates: ['appointment_reminder'],
};
const CUSTOMER = '+972501234567';

let clock = new Date('2030-03-01T09:00:00Z');
let graph: GraphStandin;
beforeAll(async () => {
  graph = await startGraphStandin({ now: () => clock });
  graph.addNumber(NUMBER);
  graph.addNumber({ ...NUMBER, phoneNumberId: '200000000000001', accessToken: 'EAAG-other-token' });
});
afterAll(() => graph.stop());

const text = (to: string, body: string) => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { body, preview_url: false },
});
const template = (to: string, name: string, params: string[]) => ({
  messaging_product: 'whatsapp',
  to,
  type: 'template',
  template: {
    name,
    language: { code: 'he' },
    components: [{ type: 'body', parameters: params.map((p) => ({ type: 'text', text: p })) }],
  },
});

async function post(body: unknown, opts: { id?: string; token?: string; raw?: string } = {}) {
  const res = await fetch(`${graph.baseUrl}/v23.0/${opts.id ?? NUMBER.phoneNumberId}/messages`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${opts.token ?? NUMBER.accessToken}`,
      'content-type': 'application/json',
    },
    body: opts.raw ?? JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the tests read Graph's JSON freely
  return { status: res.status, json: (await res.json()) as any };
}

test('a text to a customer who wrote today is sent, answered like Graph and recorded', async () => {
  graph.customerWrote(NUMBER.phoneNumberId, CUSTOMER, new Date(clock.getTime() - 60 * 60 * 1000));
  const { status, json } = await post(text('972501234567', 'שלום, מחכים לך מחר'));
  expect(status).toBe(200);
  expect(json.messaging_product).toBe('whatsapp');
  expect(json.contacts).toEqual([{ input: '972501234567', wa_id: '972501234567' }]);
  expect(json.messages[0].id).toStartWith('wamid.');
  expect(graph.sent.at(-1)).toEqual({
    phoneNumberId: NUMBER.phoneNumberId,
    to: CUSTOMER,
    type: 'text',
    text: 'שלום, מחכים לך מחר',
    id: json.messages[0].id,
    at: clock,
  });
});

test('free text is refused once 24 hours have passed since the customer wrote', async () => {
  const customer = '+972521111111';
  graph.customerWrote(NUMBER.phoneNumberId, customer, clock);
  expect((await post(text(customer, 'א'))).status).toBe(200);
  clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000 + 1000);
  const before = graph.sent.length;
  const { status, json } = await post(text(customer, 'ב'));
  expect(status).toBe(400);
  expect(json.error).toMatchObject({ code: 131047, message: '(#131047) Re-engagement message' });
  expect(graph.sent.length).toBe(before);
});

test('a text to a customer who never wrote goes through when the window is not enforced', async () => {
  const open = await startGraphStandin({ enforceCustomerWindow: false });
  try {
    open.addNumber(NUMBER);
    const res = await fetch(`${open.baseUrl}/v21.0/${NUMBER.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${NUMBER.accessToken}` },
      body: JSON.stringify(text('972539999999', 'היי')),
    });
    expect(res.status).toBe(200);
    expect(open.sent.map((s) => s.to)).toEqual(['+972539999999']);
  } finally {
    await open.stop();
  }
});

test('an approved template goes to anyone, with its body parameters recorded', async () => {
  const { status, json } = await post(template('+972547777777', 'appointment_reminder', ['דנה', '10:00']));
  expect(status).toBe(200);
  expect(json.messages[0]).toMatchObject({ message_status: 'accepted' });
  expect(graph.sent.at(-1)).toMatchObject({
    to: '+972547777777',
    type: 'template',
    template: { name: 'appointment_reminder', language: 'he', params: ['דנה', '10:00'] },
  });
});

test('a template that is not approved is refused with 132001', async () => {
  const { status, json } = await post(template(CUSTOMER, 'promo', []));
  expect(status).toBe(404);
  expect(json.error).toMatchObject({
    code: 132001,
    message: '(#132001) Template name does not exist in the translation',
  });
});

test('an unknown token is refused with OAuth error 190', async () => {
  const { status, json } = await post(text(CUSTOMER, 'x'), { token: 'EAAG-revoked' });
  expect(status).toBe(401);
  expect(json.error).toMatchObject({
    message: 'Invalid OAuth access token - Cannot parse access token',
    type: 'OAuthException',
    code: 190,
  });
  expect(json.error.fbtrace_id).toBeString();
});

test("an unknown number id, or another business's number, is answered code 100", async () => {
  const unknown = await post(text(CUSTOMER, 'x'), { id: '999' });
  expect(unknown.status).toBe(400);
  expect(unknown.json.error.code).toBe(100);
  const foreign = await post(text(CUSTOMER, 'x'), { id: '200000000000001' });
  expect(foreign.status).toBe(400);
  expect(foreign.json.error.message).toContain("Object with ID '200000000000001' does not exist");
});

test('a malformed body is refused with code 100 naming the problem', async () => {
  const noBody = await post({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: {} });
  expect(noBody.status).toBe(400);
  expect(noBody.json.error.code).toBe(100);
  expect(noBody.json.error.message).toContain('text.body');
  const badTo = await post(text('not-a-number', 'x'));
  expect(badTo.json.error.message).toContain('to:');
  const notJson = await post(null, { raw: '{"messaging_product":' });
  expect(notJson.status).toBe(400);
  expect(notJson.json.error.message).toContain('not valid JSON');
});

test('a body over 64 KB is refused with 413', async () => {
  const { status, json } = await post(text(CUSTOMER, 'א'.repeat(40_000)));
  expect(status).toBe(413);
  expect(json.error.code).toBe(100);
});

test('failNext fails exactly the next send to that number with the given error', async () => {
  graph.customerWrote(NUMBER.phoneNumberId, CUSTOMER, clock);
  graph.failNext(NUMBER.phoneNumberId, { code: 130429 });
  graph.failNext(NUMBER.phoneNumberId, { code: 131000, httpStatus: 503, message: 'Something went wrong' });
  const first = await post(text(CUSTOMER, 'x'));
  expect(first.status).toBe(400);
  expect(first.json.error).toMatchObject({ code: 130429, message: '(#130429) Stand-in failure' });
  const second = await post(text(CUSTOMER, 'x'));
  expect(second.status).toBe(503);
  expect(second.json.error).toMatchObject({ code: 131000, message: 'Something went wrong' });
  expect((await post(text(CUSTOMER, 'x'))).status).toBe(200);
});

test('GET on the number id describes it with the fields asked for', async () => {
  const res = await fetch(
    `${graph.baseUrl}/v23.0/${NUMBER.phoneNumberId}?fields=display_phone_number,verified_name`,
    { headers: { authorization: `Bearer ${NUMBER.accessToken}` } },
  );
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    display_phone_number: '+972 3-555-0100',
    verified_name: 'מספרת דנה',
    id: NUMBER.phoneNumberId,
  });
  const bad = await fetch(`${graph.baseUrl}/v23.0/${NUMBER.phoneNumberId}?fields=secret`, {
    headers: { authorization: `Bearer ${NUMBER.accessToken}` },
  });
  expect(bad.status).toBe(400);
});

test('a path without a version like v23.0 is refused', async () => {
  const res = await fetch(`${graph.baseUrl}/latest/${NUMBER.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${NUMBER.accessToken}` },
    body: JSON.stringify(text(CUSTOMER, 'x')),
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { code: number } }).error.code).toBe(2500);
});

test('a streamed body without a length is cut off at 64 KB too', async () => {
  const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
  let sentChunks = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sentChunks++ < 8) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const res = await fetch(`${graph.baseUrl}/v23.0/${NUMBER.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${NUMBER.accessToken}` },
    body,
  });
  expect(res.status).toBe(413);
});
