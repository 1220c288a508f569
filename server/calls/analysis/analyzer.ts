/**
 * One post-call analysis request: the transcript in, a validated answer or the reason there
 * is none out. A model that cannot be reached throws (the job retries it later); a model
 * that answered but refused, or answered something that is not the schema, is an answer
 * too — `invalid`, with the reason — and is never retried into a made-up one.
 */
import type { ChatModel } from '../../agent/text/model';
import {
  ANALYSIS_INSTRUCTIONS,
  ANALYSIS_JSON_SCHEMA,
  ANALYSIS_SCHEMA_NAME,
  type AnalysisAnswer,
  AnalysisAnswerSchema,
} from './answer';

export type AnalysisResult =
  | { kind: 'done'; answer: AnalysisAnswer; model: string }
  | { kind: 'invalid'; reason: string };

export interface CallAnalyzer {
  /** `transcript` as transcriptForModel wrote it. Throws when the model is unreachable. */
  analyze(input: {
    transcript: string;
    businessName: string;
    channel: 'voice' | 'whatsapp';
  }): Promise<AnalysisResult>;
}

export function createCallAnalyzer(deps: { model: ChatModel; modelName: string }): CallAnalyzer {
  return {
    async analyze(input) {
      const res = await deps.model.complete({
        model: deps.modelName,
        temperature: 0,
        messages: [
          { role: 'system', content: `${ANALYSIS_INSTRUCTIONS} The business: ${input.businessName}.` },
          {
            role: 'user',
            content: `${input.channel === 'voice' ? 'שיחת טלפון' : 'שיחת וואטסאפ'}:\n${input.transcript}`,
          },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: ANALYSIS_SCHEMA_NAME, strict: true, schema: ANALYSIS_JSON_SCHEMA },
        },
      });
      const choice = res.choices[0];
      if (!choice) return { kind: 'invalid', reason: 'the model answered no choice' };
      if (choice.message.refusal)
        return { kind: 'invalid', reason: `refused: ${choice.message.refusal.slice(0, 200)}` };
      if (choice.finish_reason === 'length')
        return { kind: 'invalid', reason: 'the answer was cut off (length)' };
      const content = choice.message.content;
      if (!content) return { kind: 'invalid', reason: 'the model answered no content' };
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        return { kind: 'invalid', reason: 'the answer is not JSON' };
      }
      const parsed = AnalysisAnswerSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          kind: 'invalid',
          reason:
            `the answer does not match the schema: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(),
        };
      }
      return { kind: 'done', answer: parsed.data, model: res.model || deps.modelName };
    },
  };
}
