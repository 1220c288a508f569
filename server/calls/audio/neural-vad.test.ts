import { describe, expect, test } from 'bun:test';
import { createFakeClock } from '../replays/fake-clock.ts';
import { createNeuralVad, INPUT_SAMPLES, type SpeechModel, STATE_SIZE } from './neural-vad.ts';
import { loadSileroModel } from './silero.ts';

/** A model that remembers each batch and answers each window with its stream's first sample. */
function fakeModel() {
  const batches: number[] = [];
  const model: SpeechModel = {
    async run(input, state, batch) {
      batches.push(batch);
      const probabilities = new Float32Array(batch);
      for (let b = 0; b < batch; b++) probabilities[b] = input[b * INPUT_SAMPLES + 32] as number;
      const next = Float32Array.from(state, (v) => v + 1); // counts windows seen per stream
      return { probabilities, state: next };
    },
  };
  return { model, batches };
}

const frame = (value: number) => new Int16Array(160).fill(Math.round(value * 32768));
const settle = async (clock: ReturnType<typeof createFakeClock>, ms: number) => {
  for (let i = 0; i < ms; i++) {
    clock.advanceTo(clock.now() + 1);
    await Promise.resolve();
    await Promise.resolve();
  }
};

describe('neural VAD batching', () => {
  test('one inference per tick serves every call with a window ready, each with its own verdict', async () => {
    const clock = createFakeClock(0);
    const { model, batches } = fakeModel();
    const vad = createNeuralVad({ model, timers: clock.timers, tickMs: 8 });
    const got: number[][] = [[], [], []];
    const streams = [0, 1, 2].map((i) => vad.open((p) => got[i]?.push(p)));
    // 320 samples each: one 256-sample window per call.
    for (let f = 0; f < 2; f++) for (const [i, s] of streams.entries()) s.push(frame(0.1 * (i + 1)), true);
    await settle(clock, 20);
    expect(batches).toEqual([3]);
    expect(got.map((g) => g.map((p) => Number(p.toFixed(2))))).toEqual([[0.1], [0.2], [0.3]]);
    expect(vad.stats.windows).toBe(3);
  });

  test('a closed gate sends nothing, and the state starts over when the gate opens again', async () => {
    const clock = createFakeClock(0);
    const states: number[] = [];
    const model: SpeechModel = {
      async run(_input, state, batch) {
        states.push(state[0] as number);
        return { probabilities: new Float32Array(batch), state: Float32Array.from(state, (v) => v + 1) };
      },
    };
    const vad = createNeuralVad({ model, timers: clock.timers });
    const s = vad.open(() => {});
    const windows = async (n: number, open: boolean) => {
      for (let i = 0; i < (n * 256) / 160; i++) {
        s.push(frame(0), open);
        await settle(clock, 20);
      }
    };
    await windows(3, true);
    await windows(4, false);
    await windows(2, true);
    expect(vad.stats.windows).toBeGreaterThanOrEqual(4);
    // Carried over within a run of open windows; back to 0 after the gate was shut.
    expect(states.slice(0, 3)).toEqual([0, 1, 2]);
    expect(states).toContain(0);
    expect(states.lastIndexOf(0)).toBeGreaterThan(2);
  });

  test('a closed stream gets no late results', async () => {
    const clock = createFakeClock(0);
    const { model } = fakeModel();
    const vad = createNeuralVad({ model, timers: clock.timers });
    const got: number[] = [];
    const s = vad.open((p) => got.push(p));
    s.push(frame(0.5), true);
    s.push(frame(0.5), true);
    s.close();
    await settle(clock, 20);
    expect(got).toEqual([]);
    expect(vad.liveStreams).toBe(0);
  });

  test('an inference that fails is counted, and the calls carry on', async () => {
    const clock = createFakeClock(0);
    const warnings: string[] = [];
    const model: SpeechModel = { run: () => Promise.reject(new Error('runtime gone')) };
    const vad = createNeuralVad({ model, timers: clock.timers, log: { warn: (_f, m) => warnings.push(m) } });
    const s = vad.open(() => {});
    for (let f = 0; f < 4; f++) s.push(frame(0.2), true);
    await settle(clock, 40);
    expect(vad.stats.failures).toBeGreaterThan(0);
    expect(warnings[0]).toBe('neural vad: inference failed');
    expect(STATE_SIZE).toBe(256);
  });
});

describe('Silero through onnxruntime-node', () => {
  test('loads the shipped model, which hears no voice in silence', async () => {
    const model = await loadSileroModel({ log: { info() {}, warn() {} } });
    expect(model).not.toBeNull();
    const input = new Float32Array(INPUT_SAMPLES);
    const out = await model?.run(input, new Float32Array(STATE_SIZE), 1);
    expect(out?.probabilities[0]).toBeLessThan(0.2);
  }, 30_000);

  test('a missing model is one log line and null: the energy VAD carries the calls', async () => {
    const warnings: string[] = [];
    const model = await loadSileroModel({
      path: '/nonexistent/silero_vad.onnx',
      log: { info() {}, warn: (_f, m) => warnings.push(m) },
    });
    expect(model).toBeNull();
    expect(warnings).toEqual(['neural vad: model unavailable, using the energy VAD alone']);
  });
});
