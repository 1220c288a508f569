import { expect, test } from 'bun:test';
import { faqFromForm } from './faq-form';

test('reads the question, the answer and the checked channels', () => {
  const form = new URLSearchParams([
    ['question', ' מה שעות הפתיחה? '],
    ['answer', 'א׳–ה׳ 9:00–19:00'],
    ['channels', 'whatsapp'],
  ]);
  expect(faqFromForm(form)).toEqual({
    question: 'מה שעות הפתיחה?',
    answer: 'א׳–ה׳ 9:00–19:00',
    channels: ['whatsapp'],
  });
});

test('keeps channel order and drops names that are not channels', () => {
  const form = new URLSearchParams([
    ['channels', 'whatsapp'],
    ['channels', 'fax'],
    ['channels', 'voice'],
  ]);
  expect(faqFromForm(form).channels).toEqual(['voice', 'whatsapp']);
  expect(faqFromForm(new URLSearchParams()).channels).toEqual([]);
});
