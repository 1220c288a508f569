import { expect, test } from 'bun:test';
import { buildFaqIndex, matchFaq } from '../../../../server/agent/faq/match';
import { asTyped } from './typed-words';

test('shows the words the matcher used as the user typed them, final letters and niqqud included', () => {
  const question = 'בְּאילו שעות אתם פתוחים?';
  const index = buildFaqIndex([
    { id: '1', question: 'מה שעות הפתיחה?', answer: 'אנחנו פתוחים עד 19:00.', channels: ['whatsapp'] },
  ]);
  const [match] = matchFaq(index, question, { channel: 'whatsapp' });
  expect(match?.why.matchedTokens).toContain('פתוחימ');
  expect(asTyped(question, match?.why.matchedTokens ?? [])).toEqual(['שעות', 'פתוחים']);
});

test('keeps a word it cannot find in the question as the matcher gave it', () => {
  expect(asTyped('מתי פותחים', ['חניה', 'פותחימ'])).toEqual(['חניה', 'פותחים']);
});
