import { expect, test } from 'bun:test';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { ChatModel } from '../../agent/text/model';
import { rejected } from '../../test/settle';
import { createCallAnalyzer } from './analyzer';

function answering(
  message: Partial<ChatCompletion['choices'][number]['message']>,
  finish = 'stop',
): ChatModel {
  return {
    complete: async (params) => ({
      id: 'c1',
      object: 'chat.completion',
      created: 0,
      model: params.model,
      choices: [
        {
          index: 0,
          finish_reason: finish as 'stop',
          logprobs: null,
          message: { role: 'assistant', content: null, refusal: null, ...message },
        },
      ],
    }),
  };
}

const input = { transcript: '[0:01] לקוח: שלום', businessName: 'עסק', channel: 'voice' as const };

test('a refusal is an invalid answer with the refusal as its reason', async () => {
  const analyzer = createCallAnalyzer({
    model: answering({ refusal: "I can't help with that" }),
    modelName: 'm',
  });
  expect(await analyzer.analyze(input)).toEqual({
    kind: 'invalid',
    reason: "refused: I can't help with that",
  });
});

test('an answer cut off by the length limit is invalid, not parsed', async () => {
  const analyzer = createCallAnalyzer({
    model: answering({ content: '{"summary": "הלקוח' }, 'length'),
    modelName: 'm',
  });
  expect(await analyzer.analyze(input)).toEqual({
    kind: 'invalid',
    reason: 'the answer was cut off (length)',
  });
});

test('a field beyond the schema is refused (strict), so nothing unasked is stored', async () => {
  const json = {
    summary: 'הלקוח שאל שאלה.',
    outcome: 'question_answered',
    intent: 'שאלה',
    fields: { name: null, service: null, time: null, callbackNumber: null, creditCard: '4580' },
    sentiment: 'neutral',
  };
  const analyzer = createCallAnalyzer({
    model: answering({ content: JSON.stringify(json) }),
    modelName: 'm',
  });
  const result = await analyzer.analyze(input);
  expect(result.kind).toBe('invalid');
});

test('a model that cannot be reached throws, for the job to retry', async () => {
  const analyzer = createCallAnalyzer({
    model: { complete: () => Promise.reject(new Error('Connection error.')) },
    modelName: 'm',
  });
  expect(await rejected(analyzer.analyze(input))).toThrow('Connection error.');
});
