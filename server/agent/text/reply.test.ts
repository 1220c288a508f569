import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { appointments, faqs } from '../../../db/schema';
import {
  type OpenAiRestStandin,
  type OpenAiRestStandinOptions,
  startOpenAiRestStandin,
} from '../../standins/openai-rest/index';
import type { ChatScript } from '../../standins/openai-rest/script';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { createHarness, type Harness } from '../../test/harness';
import { type Brain, createBrain } from '../brain';
import { createChatModel, createOpenAiClient } from './model';

// Sunday 2030-06-02, 10:00 in Jerusalem.
const NOW = new Date('2030-06-02T07:00:00Z');
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.db.withTenant(h.a.id, (tx) =>
    tx.insert(faqs).values({
      businessId: h.a.id,
      question: 'מה שעות הפתיחה?',
      answer: 'אנחנו פתוחים בימים א׳–ה׳ בין 9:00 ל-17:00.',
      channels: ['whatsapp', 'voice'],
    }),
  );
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const standins: OpenAiRestStandin[] = [];
afterAll(() => Promise.all(standins.map((s) => s.stop())));

/** A brain talking to a fresh stand-in running `script`; retries do not wait. */
async function brainWith(
  script: ChatScript,
  opts: { failures?: OpenAiRestStandinOptions['failures']; timeoutMs?: number } = {},
) {
  const standin = await startOpenAiRestStandin({ script, apiKey: 'sk-test', failures: opts.failures });
  standins.push(standin);
  const sleeps: number[] = [];
  const model = createChatModel({
    client: createOpenAiClient({ baseUrl: standin.baseUrl, apiKey: 'sk-test' }),
    timeoutMs: opts.timeoutMs ?? 5000,
    retryDeps: { sleep: async (ms) => void sleeps.push(ms), random: () => 1 },
  });
  const brain: Brain = createBrain({
    db: h.db,
    now: () => NOW,
    chat: { model, modelName: 'gpt-4o-mini', dateModelName: 'gpt-4o-mini' },
  });
  const chatRequests = () => standin.requests.filter((r) => r.path === '/v1/chat/completions');
  return { brain, standin, sleeps, chatRequests };
}

const bookingsOf = () => h.db.withTenant(h.a.id, (tx) => tx.select().from(appointments));
let phoneSeq = 0;
const nextPhone = () => `97254600${String(1000 + phoneSeq++)}`;

describe('the FAQ fast path', () => {
  test('a confident FAQ match is answered without calling the model', async () => {
    const { brain, chatRequests } = await brainWith({});
    const res = await brain.replyToText({
      businessId: h.a.id,
      from: nextPhone(),
      text: 'מה שעות הפתיחה שלכם?',
    });
    expect(res).toMatchObject({ via: 'faq', reply: 'אנחנו פתוחים בימים א׳–ה׳ בין 9:00 ל-17:00.' });
    expect(chatRequests()).toHaveLength(0);
  });

  test('a message the rule does not answer goes to the model, with the closest FAQ as context', async () => {
    const { brain, chatRequests } = await brainWith({
      rules: [{ match: { lastRole: 'user' }, reply: { content: 'על חגים אין לי מידע, אבדוק עם הצוות.' } }],
    });
    const res = await brain.replyToText({ businessId: h.a.id, from: nextPhone(), text: 'אתם פתוחים בחגים?' });
    expect(res).toMatchObject({ via: 'model', reply: 'על חגים אין לי מידע, אבדוק עם הצוות.' });
    const sent = chatRequests()[0]?.body as { messages: { role: string; content: string }[] };
    const context = sent.messages.find((m) => m.role === 'system' && m.content.includes('שאלות נפוצות'));
    expect(context?.content).toContain('שאלה: מה שעות הפתיחה?');
    expect(context?.content).toContain('תשובה: אנחנו פתוחים בימים א׳–ה׳ בין 9:00 ל-17:00.');
    expect(context?.content).toContain('אל תנחש');
  });
});

describe('replies through the model', () => {
  test('a booking made by the tool is confirmed to the customer', async () => {
    const { brain, chatRequests } = await brainWith({
      rules: [
        {
          match: { lastRole: 'user' },
          reply: {
            toolCalls: [
              {
                name: 'book_appointment',
                arguments: { name: 'דנה כהן', when: 'מחר בשלוש', confirmed: true },
              },
            ],
          },
        },
        { match: { toolName: 'book_appointment' }, reply: { content: 'קבעתי לך תור למחר בשלוש. נתראה!' } },
      ],
    });
    const from = nextPhone();
    const res = await brain.replyToText({ businessId: h.a.id, from, text: 'כן, הפרטים נכונים, תקבע' });
    expect(res).toMatchObject({ via: 'model', corrected: false, reply: 'קבעתי לך תור למחר בשלוש. נתראה!' });
    expect(res.actions).toEqual([expect.objectContaining({ type: 'booked' })]);
    expect((await bookingsOf()).some((b) => b.startsAt.toISOString() === '2030-06-03T12:00:00.000Z')).toBe(
      true,
    );
    // The model saw the WhatsApp instructions and the tools in chat-completions shape.
    const sent = chatRequests()[0]?.body as {
      messages: { content: string }[];
      tools: { function: { name: string } }[];
    };
    expect(sent.messages[0]?.content).toContain('וואטסאפ');
    expect(sent.tools.map((t) => t.function.name)).toContain('book_appointment');
    expect(sent.tools.map((t) => t.function.name)).not.toContain('end_call');
  });

  test('a reply claiming a booking no tool made is caught and rewritten before it is sent', async () => {
    const { brain } = await brainWith({
      rules: [
        { match: { lastRole: 'user' }, reply: { content: 'מעולה, קבעתי לך תור למחר בעשר!' } },
        { match: { lastRole: 'system' }, reply: { content: 'כדי לקבוע תור אני צריך את שמך המלא. מה השם?' } },
      ],
    });
    const before = (await bookingsOf()).length;
    const res = await brain.replyToText({ businessId: h.a.id, from: nextPhone(), text: 'תקבע לי מחר בעשר' });
    expect(res).toMatchObject({
      corrected: true,
      actions: [],
      reply: 'כדי לקבוע תור אני צריך את שמך המלא. מה השם?',
    });
    expect((await bookingsOf()).length).toBe(before);
  });

  test('a model that insists on the false claim is replaced by a plain statement', async () => {
    const { brain } = await brainWith({ fallback: { content: 'התור נקבע בהצלחה.' } });
    const res = await brain.replyToText({ businessId: h.a.id, from: nextPhone(), text: 'תקבע לי תור' });
    expect(res.corrected).toBe(true);
    expect(res.reply).toStartWith('עדיין לא קבעתי את התור');
  });

  test('a refused booking cannot be claimed either', async () => {
    const { brain } = await brainWith({
      responses: [
        {
          toolCalls: [
            { name: 'book_appointment', arguments: { name: 'לקוח', when: 'מחר באחת', confirmed: true } },
          ],
        },
        { content: 'שריינתי לך את אחת בצהריים.' },
        { content: 'מה שמך המלא?' },
      ],
    });
    const res = await brain.replyToText({ businessId: h.a.id, from: nextPhone(), text: 'מחר באחת' });
    expect(res).toMatchObject({ corrected: true, actions: [], reply: 'מה שמך המלא?' });
  });

  test('a date the parser does not know is asked of the small model, and booked at its answer', async () => {
    const { brain, chatRequests } = await brainWith({
      rules: [
        { match: { structured: true }, reply: { json: { date: '2030-06-05', time: '11:30' } } },
        {
          match: { lastRole: 'user' },
          reply: {
            toolCalls: [
              {
                name: 'book_appointment',
                arguments: { name: 'נועה לוי', when: 'אחרי שאחזור מהמילואים', confirmed: true },
              },
            ],
          },
        },
        { match: { toolName: 'book_appointment' }, reply: { content: 'נקבע תור ליום רביעי ב-11:30.' } },
      ],
    });
    const res = await brain.replyToText({
      businessId: h.a.id,
      from: nextPhone(),
      text: 'אחרי שאחזור מהמילואים',
    });
    expect(res.actions).toEqual([
      expect.objectContaining({ type: 'booked', startsAt: '2030-06-05T11:30:00+03:00' }),
    ]);
    expect(chatRequests().some((r) => (r.body as { response_format?: unknown }).response_format)).toBe(true);
  });

  test('the tool loop is bounded: a model that only calls tools gets a fallback reply', async () => {
    const { brain, chatRequests } = await brainWith({
      fallback: { toolCalls: [{ name: 'check_availability', arguments: { day: 'מחר' } }] },
    });
    const res = await brain.replyToText({ businessId: h.a.id, from: nextPhone(), text: 'מה פנוי?' });
    expect(res.via).toBe('fallback');
    expect(chatRequests()).toHaveLength(5);
  });
});

describe('transient failures', () => {
  test('rate-limited answers (429) are retried with backoff, and the customer still gets the reply', async () => {
    const { brain, sleeps, chatRequests } = await brainWith(
      { fallback: { content: 'שלום! במה אפשר לעזור?' } },
      { failures: { count: 2, status: 429 } },
    );
    const res = await brain.replyToText({ businessId: h.a.id, from: nextPhone(), text: 'היי' });
    expect(res).toMatchObject({ via: 'model', reply: 'שלום! במה אפשר לעזור?' });
    expect(chatRequests().map((r) => r.status)).toEqual([429, 429, 200]);
    expect(sleeps).toEqual([250, 500]);
  });

  test('a request that times out is retried', async () => {
    const { brain, chatRequests } = await brainWith(
      { fallback: { content: 'כאן!' } },
      { failures: { count: 1, delayMs: 400 }, timeoutMs: 100 },
    );
    const res = await brain.replyToText({ businessId: h.a.id, from: nextPhone(), text: 'יש מישהו?' });
    expect(res.reply).toBe('כאן!');
    expect(chatRequests().length).toBe(2);
  });

  test('when the model stays down, the customer gets an apology, not silence', async () => {
    const { brain } = await brainWith({}, { failures: { count: 10, status: 503 } });
    const res = await brain.replyToText({ businessId: h.a.id, from: nextPhone(), text: 'היי' });
    expect(res.via).toBe('fallback');
    expect(res.reply).toContain('נציג יחזור אליך');
  });
});

describe('memory across channels', () => {
  test('what was said on a call is known when the same person writes on WhatsApp', async () => {
    const { brain, chatRequests } = await brainWith({ fallback: { content: 'בטח, נמשיך מאיפה שעצרנו.' } });
    await brain.remember({
      businessId: h.a.id,
      phone: '054-777-1234',
      channel: 'voice',
      turns: [
        { role: 'user', text: 'אני מתעניינת בהחלקה אורגנית לשיער' },
        { role: 'assistant', text: 'אשמח לעזור. ההחלקה לוקחת כשלוש שעות.' },
      ],
    });
    await brain.replyToText({ businessId: h.a.id, from: '972547771234', text: 'היי, דיברנו אתמול בטלפון' });
    const context = JSON.stringify(chatRequests()[0]?.body);
    expect(context).toContain('החלקה אורגנית');
    expect(context).toContain('בשיחה');
    const memory = await brain.recall(h.a.id, '0547771234');
    expect(memory.turns.map((t) => `${t.channel}:${t.role}`)).toEqual([
      'voice:user',
      'voice:assistant',
      'whatsapp:user',
      'whatsapp:assistant',
    ]);
  });

  test("one business's memory of a number is not another's", async () => {
    const { brain } = await brainWith({});
    await brain.remember({
      businessId: h.a.id,
      phone: '0548889999',
      channel: 'voice',
      turns: [{ role: 'user', text: 'סוד' }],
    });
    expect((await brain.recall(h.b.id, '0548889999')).turns).toEqual([]);
  });
});
