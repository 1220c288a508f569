import { expect, test } from 'bun:test';
import { createTranscript } from './transcript.ts';

test('a barge-in marks the assistant line it cut off, whether its words came before or after', () => {
  const t = createTranscript();
  t.add('assistant', 'שלום, הגעתם למספרה', 100, { itemId: 'item_a' });
  t.interrupted('item_a', 900, 2400);
  t.interrupted('item_b', 0, 1200);
  t.add('assistant', 'יש לנו תור פנוי מחר', 3000, { itemId: 'item_b' });
  t.add('assistant', 'תודה', 5000, { itemId: 'item_c' });
  expect(t.turns.map((x) => x.interrupted ?? null)).toEqual([
    { heardMs: 900, sentMs: 2400 },
    { heardMs: 0, sentMs: 1200 },
    null,
  ]);
});

test('keyed digits and tool outcomes say what they are', () => {
  const t = createTranscript();
  t.add('caller', 'המתקשר הקיש: 0541234567', 10, { kind: 'dtmf' });
  t.add('system', 'book_appointment: נקבע תור', 20, {
    kind: 'tool',
    tool: { name: 'book_appointment', ok: true },
  });
  t.add('caller', 'שלום', 30, { kind: 'speech' });
  expect(t.turns).toEqual([
    { speaker: 'caller', text: 'המתקשר הקיש: 0541234567', atMs: 10, kind: 'dtmf' },
    {
      speaker: 'system',
      text: 'book_appointment: נקבע תור',
      atMs: 20,
      kind: 'tool',
      tool: { name: 'book_appointment', ok: true },
    },
    { speaker: 'caller', text: 'שלום', atMs: 30 },
  ]);
});
