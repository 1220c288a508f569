import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startOpenAiRestStandin } from '../../standins/openai-rest';
import { createOpenAiClient, createOpenAiEmbedder } from '../text/model';
import { createFaqLookup, type Embedder, embedFaqQuestions } from './lookup';
import { buildFaqIndex, type FaqEntry } from './match';

const FAQS: FaqEntry[] = [
  {
    id: 'hours',
    question: 'מה שעות הפתיחה שלכם?',
    answer: 'א׳–ה׳ 09:00–17:00.',
    channels: ['voice', 'whatsapp'],
  },
  {
    id: 'parking',
    question: 'איפה אפשר לחנות?',
    answer: 'חניה חינם מאחורי הבניין.',
    channels: ['voice', 'whatsapp'],
  },
];
const index = buildFaqIndex(FAQS);
const QUESTION = 'מה שעות הפתיחה?';

/** An embedder whose vectors are set per text: [1, 0] means "about hours", [0, 1] "other". */
function fakeEmbedder(vectors: Record<string, number[]>, calls: string[][] = []): Embedder {
  return {
    async embed(texts) {
      calls.push(texts);
      return texts.map((t) => Float32Array.from(vectors[t] ?? [0, 1]));
    },
  };
}

describe('FAQ lookup', () => {
  test('without an embedder the lexical thresholds confirm a match', async () => {
    const found = await createFaqLookup({ index }).find(QUESTION, 'whatsapp');
    expect(found).toMatchObject({ entry: { id: 'hours' }, confirmedBy: 'thresholds' });
  });

  test('with embeddings, a lexical match close in meaning is confirmed with its similarity', async () => {
    const embedder = fakeEmbedder({ [QUESTION]: [1, 0.1], 'מה שעות הפתיחה שלכם?': [1, 0] });
    const vectors = await embedFaqQuestions(embedder, FAQS);
    const found = await createFaqLookup({ index, vectors, embedder }).find(QUESTION, 'whatsapp');
    expect(found?.entry.id).toBe('hours');
    expect(found?.confirmedBy).toBe('embedding');
    expect(found?.similarity).toBeGreaterThan(0.9);
  });

  test('with embeddings, a lexical match far in meaning is refused (no answer rather than a wrong one)', async () => {
    const embedder = fakeEmbedder({ [QUESTION]: [0, 1], 'מה שעות הפתיחה שלכם?': [1, 0] });
    const vectors = await embedFaqQuestions(embedder, FAQS);
    expect(await createFaqLookup({ index, vectors, embedder }).find(QUESTION, 'whatsapp')).toBeNull();
  });

  test('a failing embeddings API falls back to the thresholds and reports the error', async () => {
    const errors: unknown[] = [];
    const broken: Embedder = {
      embed: async () => {
        throw new Error('embeddings down');
      },
    };
    const vectors = new Map([['hours', Float32Array.from([1, 0])]]);
    const lookup = createFaqLookup({ index, vectors, embedder: broken, onError: (e) => errors.push(e) });
    expect(await lookup.find(QUESTION, 'whatsapp')).toMatchObject({ confirmedBy: 'thresholds' });
    expect(errors).toHaveLength(1);
    expect(await embedFaqQuestions(broken, FAQS, (e) => errors.push(e))).toBeUndefined();
  });

  test('a question no FAQ covers never reaches the embedder', async () => {
    const calls: string[][] = [];
    const embedder = fakeEmbedder({}, calls);
    const lookup = createFaqLookup({ index, vectors: new Map(), embedder });
    expect(await lookup.find('אני רוצה לבטל תור', 'whatsapp')).toBeNull();
    expect(calls).toEqual([]);
  });
});

describe('OpenAI embedder', () => {
  let standin: Awaited<ReturnType<typeof startOpenAiRestStandin>>;
  beforeAll(async () => {
    standin = await startOpenAiRestStandin({ apiKey: 'sk-test' });
  });
  afterAll(() => standin.stop());

  test('embeds a batch through the embeddings API, one vector per text in order', async () => {
    const client = createOpenAiClient({ baseUrl: standin.baseUrl, apiKey: 'sk-test' });
    const embedder = createOpenAiEmbedder({ client, model: 'text-embedding-3-small', timeoutMs: 2000 });
    const [a, b, again] = await embedder.embed(['שעות פתיחה', 'חניה', 'שעות פתיחה']);
    expect(a?.length).toBeGreaterThan(0);
    expect(Array.from(again ?? [])).toEqual(Array.from(a ?? []));
    expect(Array.from(b ?? [])).not.toEqual(Array.from(a ?? []));
    expect(standin.requests.at(-1)).toMatchObject({ path: '/v1/embeddings', status: 200 });
  });
});
