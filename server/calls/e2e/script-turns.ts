/** Short scripted turns for the Realtime stand-in, cut from the real fixtures (tests stay fast). */
import { loadUlaw } from '../../standins/fixtures.ts';
import type { LoadedScript } from '../../standins/realtime/index.ts';

type LoadedTurn = LoadedScript['turns'][number];

export interface TurnSpec {
  audio?: { name: string; ms: number };
  transcript?: string;
  call?: { name: string; arguments: Record<string, unknown> };
  after?: TurnSpec;
}

export async function turn(spec: TurnSpec): Promise<LoadedTurn> {
  return {
    audio: spec.audio ? (await loadUlaw(spec.audio.name)).subarray(0, spec.audio.ms * 8) : null,
    transcript: spec.transcript ?? '',
    functionCall: spec.call ? { name: spec.call.name, arguments: JSON.stringify(spec.call.arguments) } : null,
    afterOutput: spec.after ? await turn(spec.after) : null,
  };
}

export async function script(
  greeting: TurnSpec,
  turns: TurnSpec[] = [],
  fallback?: TurnSpec,
): Promise<LoadedScript> {
  return {
    loaded: true,
    greeting: await turn(greeting),
    turns: await Promise.all(turns.map(turn)),
    fallback: fallback ? await turn(fallback) : null,
  };
}
