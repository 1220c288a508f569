import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';

let h: Harness;
let owner: string;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

type Fields = Record<string, string>;
const put = async (body: unknown) => {
  const res = await h.request('PUT', '/api/call-routing', { cookie: owner, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const fieldsOf = (json: Record<string, unknown>) =>
  Object.keys(((json.error as { details?: { fields?: Fields } }).details?.fields ?? {}) as Fields);

describe('call routing: the transfer number and the keypad menu', () => {
  test('a business starts with no transfer number and no menu', async () => {
    const res = await h.request('GET', '/api/call-routing', { cookie: owner });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      routing: { transferNumber: null, warmTransfer: false, keypadMenu: [] },
    });
  });

  test('a transfer number typed nationally is stored as E.164, with the menu and the warm flag', async () => {
    const menu = [
      { digit: '1', action: 'book' },
      { digit: '2', action: 'leave_details' },
      { digit: '0', action: 'transfer' },
    ];
    const saved = await put({ transferNumber: '050-123-4567', warmTransfer: true, keypadMenu: menu });
    expect(saved.status).toBe(200);
    expect(saved.json.routing).toEqual({
      transferNumber: '+972501234567',
      warmTransfer: true,
      keypadMenu: menu,
    });
    const read = await h.request('GET', '/api/call-routing', { cookie: owner });
    expect(((await read.json()) as { routing: unknown }).routing).toEqual(saved.json.routing);
  });

  test('saving routing leaves the VAD and recording settings as they were', async () => {
    await h.request('PUT', '/api/call-settings', {
      cookie: owner,
      body: { vad: { thresholdDb: 17 }, recordCalls: false },
    });
    await put({ transferNumber: '+972501234567' });
    const res = await h.request('GET', '/api/call-settings', { cookie: owner });
    const { settings } = (await res.json()) as { settings: { vad: unknown; recordCalls: boolean } };
    expect(settings).toMatchObject({ vad: { thresholdDb: 17 }, recordCalls: false });
  });

  test('a transfer number that is not a valid E.164 number is refused and nothing changes', async () => {
    await put({ transferNumber: '+972501234567' });
    for (const bad of ['12345', '+97250123', 'call me', '+1 555 0100', `+972${'5'.repeat(40)}`]) {
      const res = await put({ transferNumber: bad });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.json)).toContain('transferNumber');
    }
    const res = await h.request('GET', '/api/call-routing', { cookie: owner });
    expect(((await res.json()) as { routing: { transferNumber: string } }).routing.transferNumber).toBe(
      '+972501234567',
    );
  });

  test('a menu with a key used twice, an unknown action, # as a key or a transfer key without a number is refused', async () => {
    for (const [body, field] of [
      [
        {
          keypadMenu: [
            { digit: '1', action: 'book' },
            { digit: '1', action: 'repeat' },
          ],
        },
        'keypadMenu.1.digit',
      ],
      [{ keypadMenu: [{ digit: '1', action: 'dance' }] }, 'keypadMenu.0.action'],
      [{ keypadMenu: [{ digit: '#', action: 'book' }] }, 'keypadMenu.0.digit'],
      [{ transferNumber: null, keypadMenu: [{ digit: '0', action: 'transfer' }] }, 'keypadMenu'],
    ] as const) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.json)).toContain(field);
    }
  });

  test('an agent cannot read or change the routing', async () => {
    const agent = await h.login(h.a.users.agent.email);
    expect((await h.request('GET', '/api/call-routing', { cookie: agent })).status).toBe(403);
    const res = await h.request('PUT', '/api/call-routing', { cookie: agent, body: { warmTransfer: true } });
    expect(res.status).toBe(403);
  });
});
