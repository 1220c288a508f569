/**
 * The post-call analysis job as the composition root builds it: one attempt per job run
 * (the job's own backoff is the retry policy, so an unreachable model is retried for
 * minutes, not hammered for seconds).
 */
import type OpenAI from 'openai';
import { createChatModel } from '../../agent/text/model';
import type { Database } from '../../db/database';
import type { Logger } from '../../lib/logger';
import { createCallAnalyzer } from './analyzer';
import { callAnalysisJob } from './job';

const ANALYSIS_TIMEOUT_MS = 30_000;

export function createCallAnalysisJob(deps: {
  db: Database;
  log: Logger;
  client: OpenAI;
  modelName: string;
}) {
  const model = createChatModel({
    client: deps.client,
    timeoutMs: ANALYSIS_TIMEOUT_MS,
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
  return callAnalysisJob({
    db: deps.db,
    log: deps.log.child({ component: 'call-analysis' }),
    analyzer: createCallAnalyzer({ model, modelName: deps.modelName }),
  });
}
