import { z } from 'zod';
import { DEFAULT_FIXTURES_DIR, loadUlaw } from '../fixtures.ts';

/**
 * What the stand-in says, in order. Each response the model would give consumes one turn:
 * the first response is the `greeting` (when given), then `turns` in order; once they run
 * out, `fallback` answers every further response (or, without it, the last turn repeats).
 *
 * A turn is spoken audio (`audio`: a fixture name such as `assistant-greeting`, or a path
 * relative to the fixtures folder; `transcript`: the text streamed alongside), a function
 * call, or both in one response (audio first, like "one moment" before a lookup). After a
 * turn with a function call, the model waits for the client's `function_call_output` and
 * `response.create`; that next response plays the call's `afterOutput` turn when given, otherwise
 * the next turn in the list.
 *
 * Example (see example-script.json):
 *   { "greeting": { "audio": "assistant-greeting", "transcript": "Shalom..." },
 *     "turns": [ { "functionCall": { "name": "check_availability", "arguments": { "date": "2025-01-01" } },
 *                  "afterOutput": { "audio": "assistant-greeting", "transcript": "..." } } ] }
 */
export interface ScriptTurn {
  audio?: string;
  transcript?: string;
  functionCall?: { name: string; arguments: string | Record<string, unknown> };
  afterOutput?: ScriptTurn;
}

export const ScriptTurnSchema: z.ZodType<ScriptTurn> = z.lazy(() =>
  z
    .strictObject({
      audio: z.string().min(1).optional(),
      transcript: z.string().optional(),
      functionCall: z
        .strictObject({
          name: z.string().min(1),
          arguments: z.union([z.string(), z.record(z.string(), z.unknown())]),
        })
        .optional(),
      afterOutput: ScriptTurnSchema.optional(),
    })
    .refine((t) => t.audio !== undefined || t.functionCall !== undefined, {
      message: 'a turn needs audio, a functionCall, or both',
    })
    .refine((t) => t.afterOutput === undefined || t.functionCall !== undefined, {
      message: '`afterOutput` only follows a functionCall',
      path: ['afterOutput'],
    }),
);

export const RealtimeScriptSchema = z
  .strictObject({
    greeting: ScriptTurnSchema.optional(),
    turns: z.array(ScriptTurnSchema).default([]),
    fallback: ScriptTurnSchema.optional(),
  })
  .refine((s) => s.greeting || s.turns.length > 0 || s.fallback, { message: 'the script says nothing' });

export type RealtimeScript = z.input<typeof RealtimeScriptSchema>;

/** A turn with its audio read into memory and its arguments serialised, ready to stream. */
export interface LoadedTurn {
  audio: Uint8Array | null;
  transcript: string;
  functionCall: { name: string; arguments: string } | null;
  afterOutput: LoadedTurn | null;
}

export interface LoadedScript {
  /** Tells a loaded script from a raw one. */
  readonly loaded: true;
  greeting: LoadedTurn | null;
  turns: LoadedTurn[];
  fallback: LoadedTurn | null;
}

/** Validates a script (object or JSON text) and loads every audio file it names; throws listing what is wrong. */
export async function loadRealtimeScript(
  source: RealtimeScript | string,
  fixturesDir = DEFAULT_FIXTURES_DIR,
): Promise<LoadedScript> {
  const raw = typeof source === 'string' ? JSON.parse(source) : source;
  const parsed = RealtimeScriptSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid realtime script: ${z.prettifyError(parsed.error)}`);
  const cache = new Map<string, Promise<Uint8Array>>();
  const audio = (name: string) => {
    const found = cache.get(name) ?? loadUlaw(name, fixturesDir);
    cache.set(name, found);
    return found;
  };
  const load = async (turn: ScriptTurn): Promise<LoadedTurn> => ({
    audio: turn.audio ? await audio(turn.audio) : null,
    transcript: turn.transcript ?? '',
    functionCall: turn.functionCall
      ? {
          name: turn.functionCall.name,
          arguments:
            typeof turn.functionCall.arguments === 'string'
              ? turn.functionCall.arguments
              : JSON.stringify(turn.functionCall.arguments),
        }
      : null,
    afterOutput: turn.afterOutput ? await load(turn.afterOutput) : null,
  });
  const script = parsed.data;
  return {
    loaded: true,
    greeting: script.greeting ? await load(script.greeting) : null,
    turns: await Promise.all(script.turns.map(load)),
    fallback: script.fallback ? await load(script.fallback) : null,
  };
}

/** Reads a script file (JSON) from disk and loads it. */
export async function loadRealtimeScriptFile(path: string, fixturesDir?: string): Promise<LoadedScript> {
  return loadRealtimeScript(await Bun.file(path).text(), fixturesDir);
}
