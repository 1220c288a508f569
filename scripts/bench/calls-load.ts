/**
 * The load side of the calls benchmark, run as a child process so the relay's process
 * measures only itself: a Realtime stand-in (the assistant talks for the whole call) and N
 * Twilio caller stand-ins at real time, each playing line noise with a cough every 4 s.
 *
 * Protocol on stdio: prints `READY <realtime url>`, waits for `GO <server url>`, runs the
 * calls, prints `RESULT <json>` and exits. Argument: a JSON object (see `LoadConfig`).
 */
import { loadUlaw } from '../../server/standins/fixtures.ts';
import { startRealtimeStandin } from '../../server/standins/realtime/index.ts';
import { type CallerReport, runTwilioCaller } from '../../server/standins/twilio-caller/index.ts';

export interface LoadConfig {
  calls: number;
  seconds: number;
  /** The calls start evenly within this many ms. */
  rampMs: number;
  publicBaseUrl: string;
  authToken: string;
  to: string;
}

export interface LoadResult {
  calls: number;
  answered: number;
  /** Gaps in what callers heard while the assistant's reply still had audio to come. */
  underruns: number;
  underrunMs: number;
  /** Twilio clears (barge-ins) on noise and coughs: all of them are false. */
  clears: number;
  noiseMinutes: number;
  /** Ms from the stream's start to the first assistant audio heard, p50 and p99. */
  firstAudioMsP50: number;
  firstAudioMsP99: number;
  errors: number;
  /** Upstream sessions open at the same moment, at most (the calls the server carried at once). */
  upstreamOpenAtOnce: number;
  /**
   * How late each chunk of caller audio reached the upstream once the call was under way
   * (after its first second of audio), beyond its call's least-delayed chunk: the caller
   * sends at real time, so a chunk whose audio ends at byte B is due B/8 ms after the
   * stream's first (p50 / p99 over every such chunk of every call).
   */
  inboundLateMsP50: number;
  inboundLateMsP99: number;
  /** How long each call's first caller audio was held before reaching the upstream, p50 / p99. */
  firstFramesHeldMsP50: number;
  firstFramesHeldMsP99: number;
  /** Caller audio sent and never appended upstream (ms of audio, all calls). */
  inboundMissingMs: number;
  /** Upstream sessions opened and never sent caller audio (a warm start no stream adopted). */
  upstreamUnused: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};

/** Arrival times of each upstream session's caller audio, by session. */
function inboundClock() {
  const arrivals = new Map<string, { bytes: number; offsets: Array<{ bytes: number; offset: number }> }>();
  return {
    onInputAudio(sessionId: string, bytes: number) {
      let s = arrivals.get(sessionId);
      if (!s) {
        s = { bytes: 0, offsets: [] };
        arrivals.set(sessionId, s);
      }
      s.bytes += bytes;
      s.offsets.push({ bytes: s.bytes, offset: performance.now() - s.bytes / 8 });
    },
    lateness() {
      const late: number[] = [];
      const held: number[] = [];
      let bytes = 0;
      for (const s of arrivals.values()) {
        bytes += s.bytes;
        let best = Number.POSITIVE_INFINITY;
        for (const o of s.offsets) best = Math.min(best, o.offset);
        held.push((s.offsets[0]?.offset ?? best) - best);
        for (const o of s.offsets) if (o.bytes > 8000) late.push(o.offset - best);
      }
      return {
        p50: percentile(late, 0.5),
        p99: percentile(late, 0.99),
        heldP50: percentile(held, 0.5),
        heldP99: percentile(held, 0.99),
        bytes,
      };
    },
  };
}

/** The most sessions open at one moment. */
function mostOpenAtOnce(sessions: Array<{ openedAt: number; closedAt: number | null }>): number {
  const edges = sessions.flatMap((s) => [
    [s.openedAt, 1],
    [s.closedAt ?? Number.POSITIVE_INFINITY, -1],
  ]);
  edges.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let open = 0;
  let most = 0;
  for (const [, d] of edges) {
    open += d as number;
    most = Math.max(most, open);
  }
  return most;
}

const COUGH_EVERY_MS = 4000;

async function callerTrack(seconds: number): Promise<Uint8Array> {
  const noise = await loadUlaw('line-noise');
  const cough = await loadUlaw('cough');
  const track = new Uint8Array(seconds * 8000);
  for (let o = 0; o < track.length; o += noise.length) track.set(noise.subarray(0, track.length - o), o);
  // The cough fixture is a cough inside line noise: laid over the track every few seconds.
  for (let at = 1000 * 8; at + cough.length <= track.length; at += COUGH_EVERY_MS * 8) track.set(cough, at);
  return track;
}

function summarise(
  reports: CallerReport[],
  seconds: number,
  inbound: ReturnType<ReturnType<typeof inboundClock>['lateness']>,
  upstream: Array<{ openedAt: number; closedAt: number | null; appendedAudioBytes: number }>,
): LoadResult {
  let underruns = 0;
  let underrunMs = 0;
  let clears = 0;
  let errors = 0;
  const first: number[] = [];
  for (const r of reports) {
    clears += r.clears.length;
    errors += r.errors.length;
    if (r.heard[0]) first.push(r.heard[0].startMs);
    // One long reply plays throughout: any gap between heard ranges (not caused by a clear) is an underrun.
    for (let i = 1; i < r.heard.length; i++) {
      const gap = (r.heard[i]?.startMs ?? 0) - (r.heard[i - 1]?.endMs ?? 0);
      const cleared = r.clears.some(
        (t) => t >= (r.heard[i - 1]?.endMs ?? 0) - 1 && t <= (r.heard[i]?.startMs ?? 0),
      );
      if (gap > 0.5 && !cleared) {
        underruns++;
        underrunMs += gap;
      }
    }
  }
  first.sort((a, b) => a - b);
  return {
    calls: reports.length,
    answered: reports.filter((r) => r.heard.length > 0).length,
    underruns,
    underrunMs: Math.round(underrunMs),
    clears,
    noiseMinutes: (reports.length * seconds) / 60,
    firstAudioMsP50: Math.round(first[Math.floor(first.length / 2)] ?? -1),
    firstAudioMsP99: Math.round(first[Math.min(first.length - 1, Math.floor(first.length * 0.99))] ?? -1),
    errors,
    upstreamOpenAtOnce: mostOpenAtOnce(upstream),
    upstreamUnused: upstream.filter((s) => s.appendedAudioBytes === 0).length,
    inboundLateMsP50: Number(inbound.p50.toFixed(2)),
    inboundLateMsP99: Number(inbound.p99.toFixed(2)),
    firstFramesHeldMsP50: Math.round(inbound.heldP50),
    firstFramesHeldMsP99: Math.round(inbound.heldP99),
    inboundMissingMs: Math.round(
      (reports.reduce((sum, r) => sum + r.framesSent, 0) * 160 - inbound.bytes) / 8,
    ),
  };
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
  const inbound = inboundClock();
  const standin = await startRealtimeStandin({
    onInputAudio: inbound.onInputAudio,
    script: {
      greeting: { audio: 'assistant-greeting', transcript: 'greeting' },
      fallback: { audio: 'assistant-greeting', transcript: 'again' },
    },
    keepInputAudio: false,
  });
  const track = await callerTrack(cfg.seconds);
  console.log(`READY ${standin.url}`);
  let serverUrl = '';
  for await (const line of console) {
    if (line.startsWith('GO ')) {
      serverUrl = line.slice(3).trim();
      break;
    }
  }
  const ramp = cfg.rampMs / Math.max(1, cfg.calls);
  const reports = await Promise.all(
    Array.from({ length: cfg.calls }, async (_, i) => {
      await Bun.sleep(i * ramp);
      return runTwilioCaller({
        baseUrl: serverUrl,
        publicBaseUrl: cfg.publicBaseUrl,
        authToken: cfg.authToken,
        to: cfg.to,
        // Each call its own caller (and lead), as on a real line: one number calling 400 times
        // at once would only measure that lead's row lock.
        from: `+97250${String(1_000_000 + i)}`,
        actions: [
          { atMs: 0, say: track },
          { atMs: cfg.seconds * 1000, hangup: true },
        ],
      });
    }),
  );
  const result = summarise(reports, cfg.seconds, inbound.lateness(), standin.sessions);
  console.log(`RESULT ${JSON.stringify(result)}`);
  await standin.stop();
  process.exit(0);
}

if (import.meta.main) await main();
