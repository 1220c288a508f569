import { describe, expect, test } from 'bun:test';
import { createDtmfCollector } from './dtmf.ts';

function rig(idleMs = 1000) {
  const entries: string[] = [];
  let due: { fn: () => void } | null = null;
  const collector = createDtmfCollector({
    idleMs,
    timers: { setTimeout: (fn) => (due = { fn }), clearTimeout: () => (due = null) },
    onEntry: (d) => entries.push(d),
  });
  return { collector, entries, fire: () => due?.fn() };
}

describe('keyed digits', () => {
  test('# ends an entry at once, without the #', () => {
    const r = rig();
    for (const d of '0541234567#') r.collector.key(d);
    expect(r.entries).toEqual(['0541234567']);
  });

  test('a pause ends an entry too, and keys that are not keys are ignored', () => {
    const r = rig();
    for (const d of ['1', 'x', '2', '']) r.collector.key(d);
    expect(r.entries).toEqual([]);
    r.fire();
    expect(r.entries).toEqual(['12']);
    r.collector.key('#'); // nothing keyed: nothing sent
    expect(r.entries).toEqual(['12']);
  });
});
