import { describe, expect, test } from 'bun:test';
import { firstAudioMs, latencySummary, msText, turnLatencies } from './latency';

describe('latency at the ear on the call page', () => {
  test('one row per answered turn, in turn order, with the shares', () => {
    const rows = turnLatencies({
      earTotalMs: { '1': 900, '0': 700, '10': 1200 },
      earUpstreamMs: { '0': 650, '1': 850 },
      earRelayMs: { '0': 12, '1': 9 },
      earLineMs: { '0': 38 },
    });
    expect(rows.map((r) => r.turn)).toEqual([0, 1, 10]);
    expect(rows[0]).toEqual({ turn: 0, totalMs: 700, upstreamMs: 650, relayMs: 12, lineMs: 38 });
    expect(rows[2]).toEqual({ turn: 10, totalMs: 1200, upstreamMs: null, relayMs: null, lineMs: null });
  });

  test('no counters, or counters of another shape, give no rows rather than a broken table', () => {
    expect(turnLatencies(null)).toEqual([]);
    expect(turnLatencies({ earTotalMs: 5 })).toEqual([]);
    expect(turnLatencies({ earTotalMs: { x: 1, '2': 'slow', '3': 400 } })).toEqual([
      { turn: 3, totalMs: 400, upstreamMs: null, relayMs: null, lineMs: null },
    ]);
  });

  test('the median and the worst wait', () => {
    expect(
      latencySummary(turnLatencies({ earTotalMs: { '0': 700, '1': 900, '2': 1500, '3': 800 } })),
    ).toEqual({
      medianMs: 850,
      worstMs: 1500,
    });
    expect(latencySummary([])).toBeNull();
  });

  test('the first greeting frame, when measured', () => {
    expect(firstAudioMs({ firstAudioMs: 3 })).toBe(3);
    expect(firstAudioMs({ firstAudioMs: -1 })).toBeNull();
    expect(msText(12.4)).toBe('12 ms');
    expect(msText(null)).toBe('—');
  });
});
