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
  test('without an embedder the precision rule alone answers', async () => {
    const found = await createFaqLookup({ index }).find(QUESTION, 'whatsapp');
    expect(found).toMatchObject({
      answer: { entry: { id: 'hours' }, confirmedBy: 'rule' },
      outcome: 'answered',
    });
  });

  test('with embeddings, a rule answer close in meaning is confirmed with its similarity', async () => {
    const embedder = fakeEmbedder({ [QUESTION]: [1, 0.1], 'מה שעות הפתיחה שלכם?': [1, 0] });
    const vectors = await embedFaqQuestions(embedder, FAQS);
    const { answer } = await createFaqLookup({ index, vectors, embedder }).find(QUESTION, 'whatsapp');
    expect(answer?.entry.id).toBe('hours');
    expect(answer?.confirmedBy).toBe('embedding');
    expect(answer?.similarity).toBeGreaterThan(0.9);
  });

  test('with embeddings, a rule answer far in meaning is refused, the FAQ kept as a candidate', async () => {
    const embedder = fakeEmbedder({ [QUESTION]: [0, 1], 'מה שעות הפתיחה שלכם?': [1, 0] });
    const vectors = await embedFaqQuestions(embedder, FAQS);
    const found = await createFaqLookup({ index, vectors, embedder }).find(QUESTION, 'whatsapp');
    expect(found).toMatchObject({ answer: null, outcome: 'dissimilar' });
    expect(found.candidates[0]?.entry.id).toBe('hours');
  });

  test('the threshold is the configured one', async () => {
    const embedder = fakeEmbedder({ [QUESTION]: [1, 1], 'מה שעות הפתיחה שלכם?': [1, 0] }); // cosine 0.71
    const vectors = await embedFaqQuestions(embedder, FAQS);
    const at = (minSimilarity: number) =>
      createFaqLookup({ index, vectors, embedder, confirmation: { minSimilarity } }).find(
        QUESTION,
        'whatsapp',
      );
    expect((await at(0.7)).answer?.entry.id).toBe('hours');
    expect((await at(0.75)).answer).toBeNull();
  });

  test('a failing embeddings API leaves the rule to decide and reports the error', async () => {
    const errors: unknown[] = [];
    const broken: Embedder = {
      embed: async () => {
        throw new Error('embeddings down');
      },
    };
    const vectors = new Map([['hours', Float32Array.from([1, 0])]]);
    const lookup = createFaqLookup({ index, vectors, embedder: broken, onError: (e) => errors.push(e) });
    expect((await lookup.find(QUESTION, 'whatsapp')).answer).toMatchObject({ confirmedBy: 'rule' });
    expect(errors).toHaveLength(1);
    expect(await embedFaqQuestions(broken, FAQS, (e) => errors.push(e))).toBeUndefined();
  });

  test('a question the rule refuses never reaches the embedder', async () => {
    const calls: string[][] = [];
    const embedder = fakeEmbedder({}, calls);
    const lookup = createFaqLookup({ index, vectors: new Map(), embedder });
    expect((await lookup.find('אני רוצה לבטל תור', 'whatsapp')).answer).toBeNull();
    expect((await lookup.find('איפה המספרה?', 'whatsapp')).answer).toBeNull();
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
