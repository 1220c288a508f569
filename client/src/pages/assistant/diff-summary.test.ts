import { expect, test } from 'bun:test';
import { diffSummary } from './diff-summary';

test('says two versions match when no line changed', () => {
  expect(diffSummary([{ op: 'same', text: 'היה אדיב.' }], 1, 3)).toBe('גרסה 1 וגרסה 3 זהות.');
});

test('counts added and removed lines in Hebrew', () => {
  const lines = [
    { op: 'same', text: 'היה אדיב.' },
    { op: 'del', text: 'ענה בקצרה.' },
    { op: 'add', text: 'ענה בקצרה ובחום.' },
    { op: 'add', text: 'הצע תור.' },
  ] as const;
  expect(diffSummary(lines, 1, 2)).toBe('מגרסה 1 לגרסה 2: נוספו 2 שורות, הוסרה שורה אחת.');
  expect(diffSummary(lines.slice(0, 2), 2, 3)).toBe('מגרסה 2 לגרסה 3: לא נוספו שורות, הוסרה שורה אחת.');
});
