/**
 * Text that PostgreSQL cannot store (U+0000, half a surrogate pair) is cleaned where it
 * enters the API, so every JSON body and query string is stored or searched, never a 500.
 */
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

const NUL = '\u0000';
const LONE = '\ud83d';

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

describe.each([
  ['U+0000', NUL, ''],
  ['a lone surrogate', LONE, '\ufffd'],
])('with %s', (_, bad, becomes) => {
  test('a lead name is stored cleaned', async () => {
    const phone = `+97252${bad === NUL ? '1' : '2'}000001`;
    const { lead } = await json<{ lead: { id: string; name: string } }>(
      await h.request('POST', '/api/leads', { cookie: owner, body: { phone, name: `דנה${bad} כהן` } }),
    );
    expect(lead.name).toBe(`דנה${becomes} כהן`);
    const { lead: renamed } = await json<{ lead: { name: string } }>(
      await h.request('PATCH', `/api/leads/${lead.id}`, { cookie: owner, body: { name: `רינה${bad}` } }),
    );
    expect(renamed.name).toBe(`רינה${becomes}`);
    const note = await h.request('POST', `/api/leads/${lead.id}/notes`, {
      cookie: owner,
      body: { body: `התקשרה${bad} שוב` },
    });
    expect(note.status).toBe(201);
  });

  test('a task title is stored cleaned', async () => {
    const { task } = await json<{ task: { title: string } }>(
      await h.request('POST', '/api/tasks', { cookie: owner, body: { title: `להתקשר${bad}` } }),
    );
    expect(task.title).toBe(`להתקשר${becomes}`);
  });

  test('an FAQ question is stored cleaned', async () => {
    const { faq } = await json<{ faq: { question: string } }>(
      await h.request('POST', '/api/faqs', {
        cookie: owner,
        body: { question: `כמה עולה${bad} תספורת?`, answer: 'מאה שקל' },
      }),
    );
    expect(faq.question).toBe(`כמה עולה${becomes} תספורת?`);
  });

  test('the leads search answers', async () => {
    // A lone surrogate cannot be percent-encoded as UTF-8: what arrives is its raw bytes.
    const q = bad === NUL ? '%D7%93%D7%A0%D7%94%00' : '%D7%93%D7%A0%D7%94%ED%A0%BD';
    const res = await h.request('GET', `/api/leads?q=${q}`, { cookie: owner });
    expect(res.status).toBe(200);
  });
});

test('a query string that is not UTF-8 at all still answers', async () => {
  const res = await h.request('GET', '/api/leads?q=%FF%FE%00', { cookie: owner });
  expect(res.status).toBe(200);
});
