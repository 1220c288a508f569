/**
 * Chooses FAQ_EMBEDDING_MIN_SIMILARITY on the committed evaluation set with the configured
 * embeddings model (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_EMBEDDING_MODEL):
 *
 *   OPENAI_API_KEY=… bun scripts/faq-threshold.ts
 *
 * The threshold is chosen on the tuning part (the lowest similarity above every wrong pick,
 * see scripts/bench/faq-eval/threshold.ts) and then only measured on the held-out part.
 * Prints both parts' figures and the value to set. Costs a few hundred short embeddings.
 */
import { createOpenAiClient, createOpenAiEmbedder } from '../server/agent/text/model';
import { loadConfig } from '../server/config';
import { EVAL_PARTS, loadBusinesses, loadQuestions } from './bench/faq-eval/eval-set';
import { chooseThreshold, embedPicks, scoreWall } from './bench/faq-eval/threshold';

const config = loadConfig();
if (!config.openai.apiKey || !config.faqEmbeddings) {
  console.error('Needs OPENAI_API_KEY: the threshold is chosen on real embeddings, not on the stand-in.');
  process.exit(1);
}
const model = config.faqEmbeddings.model;
const embedder = createOpenAiEmbedder({
  client: createOpenAiClient({ baseUrl: config.openai.baseUrl, apiKey: config.openai.apiKey }),
  model,
  timeoutMs: 30_000,
});

const businesses = loadBusinesses();
const parts = await Promise.all(
  EVAL_PARTS.map(async (part) => {
    const questions = loadQuestions(part, businesses);
    return {
      part,
      answerable: questions.filter((q) => q.expect !== null).length,
      picks: await embedPicks(embedder, businesses, questions),
    };
  }),
);
const tuning = parts.find((p) => p.part === 'tuning');
if (!tuning) throw new Error('no tuning part');
const threshold = chooseThreshold(tuning.picks);

console.log(`Embeddings model ${model}; threshold chosen on the tuning part: ${threshold}\n`);
console.log('| part | wall | answered | wrong | recall |\n| --- | --- | --- | --- | --- |');
for (const { part, picks, answerable } of parts) {
  for (const wall of ['rule', 'embedding', 'both'] as const) {
    const s = scoreWall(picks, answerable, wall, threshold);
    console.log(`| ${part} | ${wall} | ${s.answered} | ${s.wrong} | ${(100 * s.recall).toFixed(1)} % |`);
  }
}
console.log(`\nFAQ_EMBEDDING_MIN_SIMILARITY=${threshold}`);
