import { describe, expect, test } from 'bun:test';
import { loadUlaw } from '../fixtures.ts';
import { createSpeechDetector, type SpeechEvent } from './speech-detector.ts';

async function detectAll(...names: string[]): Promise<SpeechEvent[]> {
  const detector = createSpeechDetector();
  const events: SpeechEvent[] = [];
  for (const name of names) {
    const audio = await loadUlaw(name);
    // Feed in 20 ms frames, as the relay appends them.
    for (let i = 0; i < audio.length; i += 160) events.push(...detector.push(audio.subarray(i, i + 160)));
  }
  return events;
}

describe('speech detector', () => {
  test('hears one utterance in the booking request followed by silence', async () => {
    const events = await detectAll('silence', 'caller-booking', 'silence');
    expect(events.map((e) => e.type)).toEqual(['started', 'stopped']);
    const [started, stopped] = events as [
      Extract<SpeechEvent, { type: 'started' }>,
      Extract<SpeechEvent, { type: 'stopped' }>,
    ];
    // The booking request begins right after 2 s of silence; the prefix padding reaches back 300 ms.
    expect(started.onsetMs).toBeGreaterThanOrEqual(2000);
    expect(started.onsetMs).toBeLessThan(2100);
    expect(started.audioStartMs).toBe(started.onsetMs - 300);
    expect(stopped.audioEndMs).toBeGreaterThan(5500);
    expect(stopped.audioEndMs).toBeLessThan(2000 + 3886 + 600);
  });

  test('stays quiet on silence and on steady line noise', async () => {
    expect(await detectAll('silence', 'line-noise', 'silence')).toEqual([]);
  });

  test('takes a cough for speech, as OpenAI server VAD does', async () => {
    const events = await detectAll('cough', 'silence');
    expect(events.map((e) => e.type)).toEqual(['started', 'stopped']);
  });

  test('counts the audio position across partial frames', () => {
    const detector = createSpeechDetector();
    detector.push(new Uint8Array(100).fill(0xff));
    detector.push(new Uint8Array(100).fill(0xff));
    expect(detector.positionMs()).toBe(25);
  });

  test('ends speech sooner when the silence duration is shortened', async () => {
    const audio = await loadUlaw('backchannel-ken');
    const silence = await loadUlaw('silence');
    const stopAt = async (silenceMs: number) => {
      const detector = createSpeechDetector({ silenceMs });
      const found = [...detector.push(audio), ...detector.push(silence)].find((e) => e.type === 'stopped');
      return found?.type === 'stopped' ? found.audioEndMs : -1;
    };
    const short = await stopAt(200);
    const long = await stopAt(800);
    expect(short).toBeGreaterThan(0);
    expect(long - short).toBe(600);
  });
});
