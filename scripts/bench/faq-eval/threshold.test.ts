import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createOpenAiClient, createOpenAiEmbedder } from '../../../server/agent/text/model';
import { type OpenAiRestStandin, startOpenAiRestStandin } from '../../../server/standins/openai-rest/index';
import { loadBusinesses, loadQuestions } from './eval-set';
import { chooseThreshold, embedPicks, type Pick, scoreWall } from './threshold';

const pick = (correct: boolean, similarity: number, byRule = false) =>
  ({ correct, similarity, byRule, faqId: 'f', question: {} }) as Pick;

describe('choosing the embedding threshold on data', () => {
  test('is the lowest value above every wrong pick, so none of them passes', () => {
    const picks = [pick(false, 0.42), pick(true, 0.8), pick(true, 0.41), pick(false, 0.3)];
    const t = chooseThreshold(picks);
    expect(t).toBe(0.421);
    expect(scoreWall(picks, 2, 'embedding', t)).toEqual({ answered: 1, wrong: 0, recall: 0.5 });
  });
  test('lets everything through when nothing was wrong', () => {
    expect(chooseThreshold([pick(true, 0.2)])).toBe(0);
  });
  test('scores the rule alone and both walls together', () => {
    const picks = [pick(true, 0.9, true), pick(true, 0.3, true), pick(false, 0.5)];
    expect(scoreWall(picks, 2, 'rule', 0.6)).toEqual({ answered: 2, wrong: 0, recall: 1 });
    expect(scoreWall(picks, 2, 'both', 0.6)).toEqual({ answered: 1, wrong: 0, recall: 0.5 });
  });
});

describe('measuring with an embeddings API', () => {
  let standin: OpenAiRestStandin;
  beforeAll(async () => {
    standin = await startOpenAiRestStandin({ apiKey: 'sk-test' });
  });
  afterAll(() => standin.stop());

  test('pairs each question with its first-ranked FAQ and the cosine between them', async () => {
    const embedder = createOpenAiEmbedder({
      client: createOpenAiClient({ baseUrl: standin.baseUrl, apiKey: 'sk-test' }),
      model: 'text-embedding-3-small',
      timeoutMs: 5000,
    });
    const businesses = loadBusinesses();
    const questions = loadQuestions('tuning', businesses).slice(0, 40);
    const picks = await embedPicks(embedder, businesses, questions, 16);
    expect(picks.length).toBeGreaterThan(20);
    for (const p of picks) expect(Math.abs(p.similarity)).toBeLessThanOrEqual(1 + 1e-6);
    expect(picks.find((p) => p.question.question === 'מה שעות הפתיחה שלכם?')).toMatchObject({
      faqId: 'hours',
      byRule: true,
      correct: true,
    });
    const t = chooseThreshold(picks);
    expect(scoreWall(picks, questions.length, 'embedding', t).wrong).toBe(0);
  });
});
