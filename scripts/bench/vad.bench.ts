import { FRAME_SAMPLES } from '../../server/calls/audio/format.ts';
import { decodeInto } from '../../server/calls/audio/mulaw.ts';
import { type FixtureName, loadFixture, scaleUlaw } from '../../server/calls/audio/test-audio.ts';
import { countOnsets, createVad } from '../../server/calls/audio/vad.ts';

/**
 * VAD cost per 20 ms frame and false barge-ins per minute of line noise. The frames are
 * views made once up front, so the timed loops measure the DSP, not the harness.
 */
const SPEECH: FixtureName[] = ['caller-booking', 'caller-interrupt', 'caller-phone', 'assistant-greeting'];
const FRAMES_PER_MINUTE = 3000;

function framesOf(audio: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let f = 0; (f + 1) * FRAME_SAMPLES <= audio.length; f++) {
    out.push(audio.subarray(f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES));
  }
  return out;
}

/** About one minute of frames, cycling through `sources`. */
function minuteOf(sources: Uint8Array[][]): Uint8Array[] {
  const all = sources.flat();
  return Array.from({ length: FRAMES_PER_MINUTE }, (_, i) => all[i % all.length] as Uint8Array);
}

function nsPerFrame(frames: Uint8Array[], rounds: number, work: (frame: Uint8Array) => void): number {
  for (const f of frames) work(f); // warm up the JIT
  const start = Bun.nanoseconds();
  for (let r = 0; r < rounds; r++) for (const f of frames) work(f);
  return (Bun.nanoseconds() - start) / (rounds * frames.length);
}

export async function run(): Promise<Record<string, string | number>> {
  const speech = minuteOf(await Promise.all(SPEECH.map(async (n) => framesOf(await loadFixture(n)))));
  const noise = await loadFixture('line-noise');
  const rounds = 20;

  const vad = createVad();
  const speechNs = nsPerFrame(speech, rounds, (f) => vad.push(f));
  const noiseFrames = minuteOf([framesOf(noise)]);
  const quietVad = createVad();
  const noiseNs = nsPerFrame(noiseFrames, rounds, (f) => quietVad.push(f));
  const pcm = new Int16Array(FRAME_SAMPLES);
  const decodeNs = nsPerFrame(speech, rounds, (f) => decodeInto(f, pcm));

  // False onsets per minute over one continuous 10-minute call per condition (fresh VAD, so
  // the floor starts cold, as at the start of a call).
  const loop = (clip: Uint8Array, minutes: number) => {
    const out = new Uint8Array(clip.length * Math.ceil((minutes * 60 * 8000) / clip.length));
    for (let o = 0; o < out.length; o += clip.length) out.set(clip, o);
    return out;
  };
  const perMinute = (audio: Uint8Array, assistant: boolean) => {
    const v = createVad();
    v.setAssistantSpeaking(assistant);
    return Number((countOnsets(v, audio) / (audio.length / 8000 / 60)).toFixed(2));
  };
  const lineNoise = loop(noise, 10);
  const loudNoise = loop(scaleUlaw(noise, 4), 10);
  const coughs = loop(await loadFixture('cough'), 10); // a cough every 1.08 s

  return {
    'vad ns/frame (speech)': Math.round(speechNs),
    'vad ns/frame (line noise)': Math.round(noiseNs),
    'vad realtime share per call (speech)': `${((speechNs / 20e6) * 100).toFixed(4)}%`,
    'mulaw decode ns/frame': Math.round(decodeNs),
    'false barge-ins/min, line noise, assistant talking': perMinute(lineNoise, true),
    'false onsets/min, line noise, assistant silent': perMinute(lineNoise, false),
    'false barge-ins/min, line noise +12 dB, assistant talking': perMinute(loudNoise, true),
    'false onsets/min, line noise +12 dB, assistant silent': perMinute(loudNoise, false),
    'false barge-ins/min, ~55 coughs/min, assistant talking': perMinute(coughs, true),
    'false onsets/min, ~55 coughs/min, assistant silent': perMinute(coughs, false),
  };
}

export default run;
