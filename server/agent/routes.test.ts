import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createApp } from '../app';
import { createLoginThrottle } from '../auth/login-throttle';
import { createTokenService } from '../auth/tokens';
import { createLogger } from '../lib/logger';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_HASHER, TEST_ORIGIN, testConfig } from '../test/harness';
import { type Brain, createBrain } from './brain';

let h: Harness;
let brain: Brain;
let app: ReturnType<typeof createApp>['app'];
const cookies = { owner: '', agent: '', ownerB: '' };

beforeAll(async () => {
  h = await createHarness();
  // The same database behind an app and a brain, as main.ts wires them (changes reach it over businessChanges).
  brain = createBrain({ db: h.db });
  const config = testConfig();
  app = createApp({
    config,
    db: h.db,
    log: createLogger('silent'),
    hasher: TEST_HASHER,
    tokens: createTokenService(config.jwt),
    throttle: createLoginThrottle(h.db),
  }).app;
  cookies.owner = await h.login(h.a.users.owner.email);
  cookies.agent = await h.login(h.a.users.agent.email);
  cookies.ownerB = await h.login(h.b.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

function call(method: string, path: string, cookie: string, body?: unknown) {
  const headers: Record<string, string> = { origin: TEST_ORIGIN, cookie };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.request(`${TEST_ORIGIN}/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const json = async (res: Response) => ({
  status: res.status,
  // biome-ignore lint/suspicious/noExplicitAny: the assertions below are the type check of these bodies
  body: (await res.json()) as Record<string, any>,
});

describe('the profile', () => {
  test('a new business has a default profile with a male voice and masculine phrasing', async () => {
    const { body } = await json(await call('GET', '/assistant/profile', cookies.agent));
    expect(body.profile).toMatchObject({
      isDefault: true,
      voice: 'cedar',
      persona: 'masculine',
      language: 'he',
    });
    expect(body.profile.greeting).toContain('Business a');
  });

  test('the owner saves it, an agent may not, and the next call hears it at once', async () => {
    const before = await brain.instructionsFor(h.a.id, 'voice');
    const { body: current } = await json(await call('GET', '/assistant/profile', cookies.owner));
    const { isDefault: _, updatedAt: __, ...profile } = current.profile;
    const next = { ...profile, address: 'רחוב הרצל 10, תל אביב', greeting: 'שלום, מספרת אלון, מדבר נועם.' };
    expect((await call('PUT', '/assistant/profile', cookies.agent, next)).status).toBe(403);
    const saved = await json(await call('PUT', '/assistant/profile', cookies.owner, next));
    expect(saved).toMatchObject({
      status: 200,
      body: { profile: { isDefault: false, address: next.address } },
    });
    const after = await brain.instructionsFor(h.a.id, 'voice');
    expect(before).not.toContain('רחוב הרצל 10');
    expect(after).toContain('רחוב הרצל 10');
    expect(after).toContain('שלום, מספרת אלון, מדבר נועם.');
  });

  test('an unknown voice or a language other than Hebrew is refused', async () => {
    const { body } = await json(await call('GET', '/assistant/profile', cookies.owner));
    const { isDefault: _, updatedAt: __, ...profile } = body.profile;
    expect(
      (await call('PUT', '/assistant/profile', cookies.owner, { ...profile, voice: 'robot' })).status,
    ).toBe(400);
    expect(
      (await call('PUT', '/assistant/profile', cookies.owner, { ...profile, language: 'en' })).status,
    ).toBe(400);
  });
});

describe('prompts', () => {
  test('every save is a new version with its author and time, and the next message uses it', async () => {
    expect((await brain.agents.get(h.a.id)).promptVersions.whatsapp).toBe(0);
    const first = await json(
      await call('POST', '/assistant/prompts/whatsapp', cookies.owner, { body: 'שורה א\nשורה ב' }),
    );
    const second = await json(
      await call('POST', '/assistant/prompts/whatsapp', cookies.owner, { body: 'שורה א\nשורה ג' }),
    );
    expect(first.body.version).toMatchObject({ version: 1, author: { id: h.a.users.owner.id } });
    expect(second.body.version.version).toBe(2);
    expect(Date.parse(second.body.version.createdAt)).toBeGreaterThan(0);
    expect(await brain.instructionsFor(h.a.id, 'whatsapp')).toContain('שורה ג');

    const { body } = await json(await call('GET', '/assistant/prompts/whatsapp', cookies.agent));
    expect(body.current.version).toBe(2);
    expect(body.history.map((v: { version: number }) => v.version)).toEqual([2, 1, 0]);
  });

  test('the diff between two versions shows the changed line', async () => {
    const { body } = await json(
      await call('GET', '/assistant/prompts/whatsapp/diff?from=1&to=2', cookies.agent),
    );
    expect(body.lines).toEqual([
      { op: 'same', text: 'שורה א' },
      { op: 'del', text: 'שורה ב' },
      { op: 'add', text: 'שורה ג' },
    ]);
  });

  test('a rollback is a new version copying the old one', async () => {
    const { status, body } = await json(
      await call('POST', '/assistant/prompts/whatsapp/rollback', cookies.owner, { version: 1 }),
    );
    expect(status).toBe(201);
    expect(body.version).toMatchObject({ version: 3, copiedFrom: 1, body: 'שורה א\nשורה ב' });
    expect(await brain.instructionsFor(h.a.id, 'whatsapp')).toContain('שורה ב');
    expect(
      (await call('POST', '/assistant/prompts/whatsapp/rollback', cookies.owner, { version: 99 })).status,
    ).toBe(404);
  });

  test("channels are separate, an unknown channel is 404, and another business's prompts are its own", async () => {
    const { body } = await json(await call('GET', '/assistant/prompts/voice', cookies.owner));
    expect(body.current.version).toBe(0);
    expect((await call('GET', '/assistant/prompts/fax', cookies.owner)).status).toBe(404);
    const { body: b } = await json(await call('GET', '/assistant/prompts/whatsapp', cookies.ownerB));
    expect(b.current.version).toBe(0);
  });

  test("a system admin's version is shown to the business with the admin's name", async () => {
    const admin = await h.login(h.sysadmin.email);
    const saved = await call('POST', `/assistant/prompts/voice?businessId=${h.a.id}`, admin, {
      body: 'שורה',
    });
    expect(saved.status).toBe(201);
    const { body } = await json(await call('GET', '/assistant/prompts/voice', cookies.owner));
    expect(body.current.author).toEqual({ id: h.sysadmin.id, name: 'Root' });
  });
});

describe('FAQs', () => {
  let id = '';
  test('created, listed, edited and deleted, each change reaching the assistant at once', async () => {
    const created = await json(
      await call('POST', '/faqs', cookies.owner, {
        question: 'יש חניה ליד העסק?',
        answer: 'כן, חניון כחול לבן ממול.',
      }),
    );
    expect(created.status).toBe(201);
    id = created.body.faq.id;
    expect(created.body.faq.channels).toEqual(['voice', 'whatsapp']);
    const tool = () =>
      brain.executeTool({
        businessId: h.a.id,
        channel: 'voice',
        name: 'lookup_faq',
        arguments: '{"question":"יש חניה?"}',
      });
    expect(await tool()).toMatchObject({ ok: true, message: 'כן, חניון כחול לבן ממול.' });

    const patched = await call('PATCH', `/faqs/${id}`, cookies.owner, {
      answer: 'כן, חניון ברחוב הסמוך.',
      channels: ['whatsapp'],
    });
    expect(patched.status).toBe(200);
    // On the phone the entry is now off, so the model gets no answer to read out.
    expect(await tool()).toMatchObject({ ok: false, code: 'no_faq_match' });
    const listed = await json(await call('GET', '/faqs', cookies.agent));
    expect(listed.body.faqs).toEqual([expect.objectContaining({ id, answer: 'כן, חניון ברחוב הסמוך.' })]);
  });

  test('"try a question" says which FAQ would answer, on which words, and which words block one', async () => {
    const { body } = await json(
      await call('POST', '/faqs/try', cookies.agent, { question: 'יש לכם חניה?', channel: 'whatsapp' }),
    );
    expect(body).toMatchObject({ answer: { faqId: id }, answeredWithoutModel: true, outcome: 'answered' });
    expect(body.candidates[0]).toMatchObject({
      faqId: id,
      passes: true,
      matched: [{ word: 'חניה', by: 'חניה' }],
    });
    const blocked = await json(
      await call('POST', '/faqs/try', cookies.agent, { question: 'יש חניה לאופנועים?', channel: 'whatsapp' }),
    );
    expect(blocked.body).toMatchObject({ answer: null, outcome: 'not-covered' });
    expect(blocked.body.candidates[0]).toMatchObject({
      passes: false,
      blocked: { missingFromFaq: ['לאופנועים'] },
    });
    const phone = await json(
      await call('POST', '/faqs/try', cookies.agent, { question: 'יש לכם חניה?', channel: 'voice' }),
    );
    expect(phone.body).toMatchObject({ answer: null, answeredWithoutModel: false, candidates: [] });
  });

  test("another business cannot edit or delete this business's entries", async () => {
    expect((await call('PATCH', `/faqs/${id}`, cookies.ownerB, { answer: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/faqs/${id}`, cookies.ownerB)).status).toBe(404);
    expect((await call('DELETE', `/faqs/${id}`, cookies.agent)).status).toBe(403);
    expect((await call('DELETE', `/faqs/${id}`, cookies.owner)).status).toBe(204);
    expect((await json(await call('GET', '/faqs', cookies.owner))).body.faqs).toEqual([]);
  });
});

test('the compiled agent is reused between calls until something changes', async () => {
  await brain.voiceSession(h.a.id);
  const builds = brain.agents.builds;
  await brain.instructionsFor(h.a.id, 'voice');
  const session = await brain.voiceSession(h.a.id);
  expect(brain.agents.builds).toBe(builds);
  expect(session.tools.map((t) => t.name)).toEqual([
    'check_availability',
    'book_appointment',
    'reschedule_appointment',
    'cancel_appointment',
    'create_or_update_lead',
    'lookup_faq',
    'transfer_to_human',
    'end_call',
  ]);
  expect(session.voice).toBe('cedar');
});
