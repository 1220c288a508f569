import { expect, test } from 'bun:test';
import fc from 'fast-check';
import { lineDiff } from './line-diff';

test('a changed line shows as removed then added, the rest unchanged', () => {
  expect(lineDiff('שלום\nדבר בקצרה\nתודה', 'שלום\nדבר בקצרה מאוד\nתודה')).toEqual([
    { op: 'same', text: 'שלום' },
    { op: 'del', text: 'דבר בקצרה' },
    { op: 'add', text: 'דבר בקצרה מאוד' },
    { op: 'same', text: 'תודה' },
  ]);
});

test('identical prompts have no added or removed lines', () => {
  expect(lineDiff('א\nב', 'א\nב').every((l) => l.op === 'same')).toBe(true);
});

test('any diff rebuilds both versions and keeps the most lines in common', () => {
  const text = fc.array(fc.constantFrom('א', 'ב', 'ג', 'ד'), { maxLength: 12 }).map((xs) => xs.join('\n'));
  fc.assert(
    fc.property(text, text, (before, after) => {
      const d = lineDiff(before, after);
      expect(
        d
          .filter((l) => l.op !== 'add')
          .map((l) => l.text)
          .join('\n'),
      ).toBe(before);
      expect(
        d
          .filter((l) => l.op !== 'del')
          .map((l) => l.text)
          .join('\n'),
      ).toBe(after);
      if (before === after) expect(d.some((l) => l.op !== 'same')).toBe(false);
    }),
  );
});
