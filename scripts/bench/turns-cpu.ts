/**
 * The caller-side analysis's CPU per live call at 1, 100 and 400 calls, in two parts measured
 * separately so neither hides in the other's harness:
 *
 * 1. Per frame, for N calls in one loop: base64 and μ-law decode, the echo guard, the energy
 *    VAD, the speech tracker and the neural gate with its window copy (what every call pays).
 * 2. The Silero inferences the gate lets through: each call hears line noise with the caller
 *    speaking a third of the time and the assistant audible half of it, so the gate's share
 *    of windows is measured on that; the model is then timed on the batch size one tick
 *    (8 ms) gathers from N such calls, and on single windows (unbatched).
 *
 * Percent of one core per live call = CPU ns per call-second / 1e9 × 100. Times are this
 * process's CPU time (process.cpuUsage), not wall time, so a busy machine inflates them less.
 */

import {
  createNeuralVad,
  INPUT_SAMPLES,
  type SpeechModel,
  STATE_SIZE,
} from '../../server/calls/audio/neural-vad.ts';
import { loadFixture, mixUlaw } from '../../server/calls/audio/test-audio.ts';
import { createInboundAudio } from '../../server/calls/inbound-audio.ts';
import { createFakeClock } from '../../server/calls/replays/fake-clock.ts';

const TICK_MS = 8;
const WINDOWS_PER_SECOND = 8000 / 256;

async function payloads(): Promise<string[]> {
  const noise = await loadFixture('line-noise'); // 6 s
  const speech = await loadFixture('caller-booking');
  const six = mixUlaw(noise, speech.subarray(0, 2000 * 8), 1000 * 8, 0.8);
  const out: string[] = [];
  for (let f = 0; (f + 1) * 160 <= six.length; f++)
    out.push(Buffer.from(six.subarray(f * 160, (f + 1) * 160)).toString('base64'));
  return out;
}

/** ns of analysis per call-second, and the share of windows the gate lets through. */
async function analysis(calls: number, seconds: number, withGate: boolean) {
  const frames = await payloads();
  const clock = createFakeClock(0);
  // A model that answers at once: only the gate and the window copies are timed here.
  const instant: SpeechModel = {
    run: async (_i, state, batch) => ({ probabilities: new Float32Array(batch), state }),
  };
  const neural = withGate ? createNeuralVad({ model: instant, timers: clock.timers, tickMs: TICK_MS }) : null;
  const lines = Array.from({ length: calls }, () =>
    createInboundAudio({ neural, now: () => clock.now() }, () => {}),
  );
  let ns = 0;
  const steps = (seconds * 1000) / 20;
  for (let f = 0; f < steps; f++) {
    const t0 = process.cpuUsage();
    for (let c = 0; c < calls; c++) {
      const assistant = (f + c * 11) % 300 < 150;
      lines[c]?.push(frames[(f + c * 37) % frames.length] as string, assistant);
    }
    ns += cpuNs(t0);
    clock.advanceTo((f + 1) * 20);
    await Promise.resolve();
  }
  const gated =
    lines.reduce((a, l) => a + l.framesGated, 0) / lines.reduce((a, l) => a + l.framesAnalysed, 0);
  for (const l of lines) l.close();
  return { nsPerCallSecond: ns / (calls * seconds), gatedShare: gated };
}

async function inferenceNs(model: SpeechModel, batch: number, rounds: number): Promise<number> {
  const input = new Float32Array(batch * INPUT_SAMPLES);
  for (let i = 0; i < input.length; i++) input[i] = Math.sin(i / 7) * 0.1;
  const state = new Float32Array(batch * STATE_SIZE);
  await model.run(input, state, batch); // warm up
  const t0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) await model.run(input, state, batch);
  return cpuNs(t0) / rounds;
}

function cpuNs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) * 1000;
}

const pct = (nsPerCallSecond: number) => `${((nsPerCallSecond / 1e9) * 100).toFixed(4)}%`;

export async function vadCpu(model: SpeechModel | null): Promise<Record<string, string | number>> {
  const out: Record<string, string | number> = {};
  const seconds = Number(Bun.env.TURNS_CPU_SECONDS ?? 12);
  for (const calls of [1, 100, 400]) {
    const energy = await analysis(calls, seconds, false);
    const gated = await analysis(calls, seconds, true);
    const windowsPerCall = gated.gatedShare * WINDOWS_PER_SECOND;
    let line = `energy VAD alone ${pct(energy.nsPerCallSecond)}`;
    if (model) {
      const perTick = Math.max(1, Math.round((calls * windowsPerCall * TICK_MS) / 1000));
      const ticksPerSecond = Math.min(1000 / TICK_MS, calls * windowsPerCall);
      const batchNs = await inferenceNs(model, perTick, perTick > 100 ? 20 : 100);
      const batchedPerCall = (batchNs * ticksPerSecond) / calls;
      const singleNs = await inferenceNs(model, 1, 200);
      const singlePerCall = singleNs * windowsPerCall;
      line +=
        ` · with Silero batched ${pct(gated.nsPerCallSecond + batchedPerCall)}` +
        ` (${perTick} windows per inference, ${(batchNs / perTick / 1000).toFixed(1)} µs each)` +
        ` · unbatched ${pct(gated.nsPerCallSecond + singlePerCall)} (${(singleNs / 1000).toFixed(0)} µs a window)`;
    }
    out[`VAD CPU per live call (% of a core), ${calls} call${calls === 1 ? '' : 's'}`] = line;
    if (calls === 1)
      out['neural gate: share of windows the model looks at'] = `${(gated.gatedShare * 100).toFixed(0)}%`;
  }
  return out;
}
