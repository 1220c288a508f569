import { expect, test } from 'bun:test';
import { createChatResponder } from './script.ts';

const user = (content: string) => ({ model: 'm', messages: [{ role: 'user' as const, content }] });

test('queued responses are served in order before any rule', () => {
  const r = createChatResponder({
    responses: [{ content: 'ראשון' }, { content: 'שני' }],
    rules: [{ reply: { content: 'כלל' } }],
  });
  expect([1, 2, 3].map(() => r.answer(user('x')).choices[0]?.message.content)).toEqual([
    'ראשון',
    'שני',
    'כלל',
  ]);
});

test('a rule with times stops matching once used up, and the fallback answers', () => {
  const r = createChatResponder({
    rules: [{ match: { contains: 'מחיר' }, reply: { content: 'מאה שקל' }, times: 1 }],
    fallback: { content: 'לא הבנתי' },
  });
  expect(r.answer(user('מה המחיר?')).choices[0]?.message.content).toBe('מאה שקל');
  expect(r.answer(user('מה המחיר?')).choices[0]?.message.content).toBe('לא הבנתי');
});

test('a malformed script is refused when the responder is built', () => {
  expect(() => createChatResponder({ rules: [{ reply: { content: 'x', bogus: 1 } as never }] })).toThrow();
});
