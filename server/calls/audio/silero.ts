/**
 * Silero VAD (MIT, models/silero_vad.onnx with its LICENSE) through onnxruntime-node, as the
 * neural VAD's `SpeechModel`: 8 kHz, 256-sample windows with 32 samples of context, recurrent
 * state [2, batch, 128]. One CPU thread, sequential: inference shares the event loop's core
 * with the calls, and batching (neural-vad.ts) is what keeps it cheap.
 *
 * The runtime is imported when the model is loaded, so a machine without its native binary
 * still runs calls: `loadSileroModel` then logs one line and resolves null (energy VAD only).
 */
import { join } from 'node:path';
import { realTimers } from '../types.ts';
import { createNeuralVad, INPUT_SAMPLES, type NeuralVad, type SpeechModel } from './neural-vad.ts';

export const SILERO_MODEL_PATH = join(import.meta.dir, 'models', 'silero_vad.onnx');

export async function loadSileroModel(o: {
  path?: string;
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}): Promise<SpeechModel | null> {
  const path = o.path ?? SILERO_MODEL_PATH;
  try {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(path, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
    });
    const sr = new ort.Tensor('int64', BigInt64Array.from([8000n]), []);
    const model: SpeechModel = {
      async run(input, state, batch) {
        const out = await session.run({
          input: new ort.Tensor('float32', input, [batch, INPUT_SAMPLES]),
          state: new ort.Tensor('float32', state, [2, batch, 128]),
          sr,
        });
        return {
          probabilities: out.output?.data as Float32Array,
          state: out.stateN?.data as Float32Array,
        };
      },
    };
    // One window through it now: a model that loads but cannot run is found here, not mid-call.
    await model.run(new Float32Array(INPUT_SAMPLES), new Float32Array(256), 1);
    o.log.info({ model: path }, 'neural vad: Silero loaded');
    return model;
  } catch (err) {
    o.log.warn(
      { err: String(err), model: path },
      'neural vad: model unavailable, using the energy VAD alone',
    );
    return null;
  }
}

/**
 * The process's neural VAD: Silero behind the batcher, or null (one log line) when the model
 * cannot load, in which case every call runs the energy VAD alone.
 */
export async function loadNeuralVad(o: {
  path?: string;
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}): Promise<NeuralVad | null> {
  const model = await loadSileroModel(o);
  if (model === null) return null;
  return createNeuralVad({
    model,
    timers: realTimers,
    log: o.log,
  });
}
