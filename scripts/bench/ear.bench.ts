/**
 * Latency at the caller's ear, over the Realtime and Twilio stand-ins (one process, real time).
 * Each call greets (the first call's greeting is spoken by the model and cached; the others
 * play it from the cache), then the caller says two short sentences, each answered.
 *
 * Figures: "caller stopped → assistant heard" p50/p95 per answered turn, split into upstream's
 * share (the stand-in's end-of-turn silence and response: not ours to tune here), ours (first
 * audio received → first frame sent to Twilio) and the line's (sent → playing, from the echoed
 * mark); first greeting audio after `start` with the cache warm (and cold, the first call);
 * webhook → upstream ready against webhook → stream `start` (warm start). Machine load beside.
 *
 * `bun run bench ear`; EAR_BENCH_CALLS=12 by default.
 */
import { loadavg } from 'node:os';
import { seedPhoneBusinesses, startPhoneServer } from '../../server/calls/e2e/phone-server.ts';
import { script } from '../../server/calls/e2e/script-turns.ts';
import { loadUlaw } from '../../server/standins/fixtures.ts';
import { startTwilioCaller, waitUntil } from '../../server/standins/twilio-caller/index.ts';
import { createTestDatabase } from '../../server/test/database';

const CALLS = Number(Bun.env.EAR_BENCH_CALLS ?? 12);
const GREETING = 'שלום, הגעתם למספרת בדיקה. במה אפשר לעזור?';

function pct(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export default async function run(): Promise<Record<string, string | number>> {
  const loadBefore = loadavg()[0] ?? 0;
  const db = await createTestDatabase();
  await seedPhoneBusinesses(db);
  const server = await startPhoneServer(db, {
    standin: {
      script: await script({ audio: { name: 'assistant-greeting', ms: 1500 }, transcript: GREETING }, [
        { audio: { name: 'assistant-booked', ms: 600 }, transcript: 'בסדר' },
        { audio: { name: 'assistant-checking', ms: 600 }, transcript: 'רגע' },
      ]),
    },
    session: { upstreamVad: { silenceDurationMs: 300 } },
  });
  const speech = (await loadUlaw('caller-booking')).subarray(0, 1200 * 8);
  try {
    for (let i = 0; i < CALLS; i++) {
      const caller = await startTwilioCaller(
        server.caller({
          callSid: `CA${String(i).padStart(32, '0')}`,
          actions: [
            { atMs: 1900, say: speech },
            { atMs: 5000, say: speech },
          ],
        }),
      );
      await waitUntil(() => caller.nowMs() > 8000, 'the call played out', { timeoutMs: 20_000 });
      await caller.hangup();
      await waitUntil(() => server.ended.length === i + 1, 'the call record', { timeoutMs: 20_000 });
    }
  } finally {
    await server.stop();
    await db.close();
  }
  const all = (k: 'earTotalMs' | 'earUpstreamMs' | 'earRelayMs' | 'earLineMs') =>
    server.ended.flatMap((s) => Object.values(s[k]));
  const total = all('earTotalMs');
  const upstream = all('earUpstreamMs');
  const relay = all('earRelayMs');
  const line = all('earLineMs');
  const warm = server.ended.slice(1);
  const firstWarm = warm.map((s) => s.firstAudioMs).filter((v) => v >= 0);
  const ready = server.ended.map((s) => s.webhookToReadyMs).filter((v) => v >= 0);
  const start = server.ended.map((s) => s.webhookToStartMs).filter((v) => v >= 0);
  const readyFirst = server.ended.filter(
    (s) => s.webhookToReadyMs >= 0 && s.webhookToReadyMs <= s.webhookToStartMs,
  );
  return {
    calls: CALLS,
    'answered turns measured': total.length,
    'caller stopped → heard p50 / p95 (ms)': `${pct(total, 50)} / ${pct(total, 95)}`,
    'upstream share p50 / p95 (ms; stand-in VAD silence 300 ms + response)': `${pct(upstream, 50)} / ${pct(upstream, 95)}`,
    'our share: received → first frame sent p50 / p95 (ms)': `${pct(relay, 50)} / ${pct(relay, 95)}`,
    'line: sent → playing p50 / p95 (ms)': `${pct(line, 50)} / ${pct(line, 95)}`,
    'first greeting audio after start, cache warm p50 / p95 (ms)': `${pct(firstWarm, 50)} / ${pct(firstWarm, 95)}`,
    'first greeting audio after start, model greeting (first call) (ms)': server.ended[0]?.firstAudioMs ?? -1,
    'webhook → upstream ready p50 / p95 (ms)': `${pct(ready, 50)} / ${pct(ready, 95)}`,
    'webhook → stream start p50 / p95 (ms)': `${pct(start, 50)} / ${pct(start, 95)}`,
    'calls whose upstream was ready before the stream started': `${readyFirst.length} of ${server.ended.length}`,
    'load average (1 min) before / after': `${loadBefore.toFixed(1)} / ${(loadavg()[0] ?? 0).toFixed(1)}`,
  };
}
