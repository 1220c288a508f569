import { expect, test } from 'bun:test';
import fc from 'fast-check';
import type { MemoryTurn } from '../../db/schema';
import { foldTurns, memoryContext } from './memory';

const turn = (text: string, i = 0): MemoryTurn => ({
  role: i % 2 ? 'assistant' : 'user',
  channel: 'voice',
  text,
  at: '2030-06-02T10:00:00.000Z',
});

test('recent turns are kept as said, and older ones move into the summary', () => {
  const limits = { turns: 3, turnChars: 100, summaryChars: 500 };
  const m = foldTurns({ turns: [], summary: '' }, ['אחת', 'שתיים', 'שלוש', 'ארבע', 'חמש'].map(turn), limits);
  expect(m.turns.map((t) => t.text)).toEqual(['שלוש', 'ארבע', 'חמש']);
  expect(m.summary).toContain('אחת');
  expect(m.summary).toContain('שתיים');
  expect(memoryContext(m)).toContain('בשיחה');
});

test('memory stays within its bounds however much is said', () => {
  const limits = { turns: 4, turnChars: 50, summaryChars: 300 };
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.string({ maxLength: 200 }), { maxLength: 8 }), { maxLength: 10 }),
      (batches) => {
        let m = { turns: [] as MemoryTurn[], summary: '' };
        for (const b of batches) m = foldTurns(m, b.map(turn), limits);
        expect(m.turns.length).toBeLessThanOrEqual(4);
        expect(m.turns.every((t) => t.text.length <= 50)).toBe(true);
        expect(m.summary.length).toBeLessThanOrEqual(300);
      },
    ),
  );
});

test('the newest summary lines survive when the summary is full', () => {
  const limits = { turns: 1, turnChars: 40, summaryChars: 120 };
  let m = { turns: [] as MemoryTurn[], summary: '' };
  for (let i = 0; i < 20; i++) m = foldTurns(m, [turn(`הודעה מספר ${i}`)], limits);
  expect(m.turns[0]?.text).toBe('הודעה מספר 19');
  expect(m.summary).toContain('הודעה מספר 18');
  expect(m.summary).not.toContain('הודעה מספר 1 ');
});
