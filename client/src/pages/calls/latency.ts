/**
 * Latency at the ear, per answered turn, from a call's counters (turn-latency.ts on the
 * server): how long the caller waited from stopping to talk until the answer played, split
 * into the model's share (upstream), ours (relay) and the line's. Pure.
 */
export interface TurnLatencyRow {
  turn: number;
  totalMs: number;
  upstreamMs: number | null;
  relayMs: number | null;
  lineMs: number | null;
}

type Counters = Record<string, unknown> | null | undefined;

function byTurn(counters: Counters, key: string): Map<number, number> {
  const raw = counters?.[key];
  const out = new Map<number, number>();
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const turn = Number(k);
    if (Number.isInteger(turn) && turn >= 0 && typeof v === 'number' && Number.isFinite(v)) out.set(turn, v);
  }
  return out;
}

/** One row per measured turn, in order; empty for a call with none (or counters of an older shape). */
export function turnLatencies(counters: Counters): TurnLatencyRow[] {
  const total = byTurn(counters, 'earTotalMs');
  const upstream = byTurn(counters, 'earUpstreamMs');
  const relay = byTurn(counters, 'earRelayMs');
  const line = byTurn(counters, 'earLineMs');
  return [...total.keys()]
    .sort((a, b) => a - b)
    .map((turn) => ({
      turn,
      totalMs: total.get(turn) as number,
      upstreamMs: upstream.get(turn) ?? null,
      relayMs: relay.get(turn) ?? null,
      lineMs: line.get(turn) ?? null,
    }));
}

/** The median and the worst wait over the turns (null without turns). */
export function latencySummary(
  rows: readonly TurnLatencyRow[],
): { medianMs: number; worstMs: number } | null {
  if (rows.length === 0) return null;
  const sorted = rows.map((r) => r.totalMs).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { medianMs: Math.round(medianMs), worstMs: sorted.at(-1) as number };
}

/** The first greeting frame after the stream started (ms), when measured. */
export function firstAudioMs(counters: Counters): number | null {
  const v = counters?.firstAudioMs;
  return typeof v === 'number' && v >= 0 ? v : null;
}

export const msText = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms)} ms`);
