import { describe, expect, test } from 'bun:test';
import { TOOL_SCHEMAS, type ToolName } from '../../agent/tools/definitions';
import { rejected } from '../../test/settle';
import { loadUlaw } from '../fixtures.ts';
import { loadRealtimeScript, loadRealtimeScriptFile } from './script.ts';
import { EXAMPLE_SCRIPT_PATH } from './server.ts';

describe('realtime script', () => {
  test('loads the example script with its audio and serialised arguments', async () => {
    const script = await loadRealtimeScriptFile(EXAMPLE_SCRIPT_PATH);
    expect(script.greeting?.audio?.length).toBe((await loadUlaw('assistant-greeting')).length);
    const lookup = script.turns[0];
    expect(lookup?.functionCall?.name).toBe('check_availability');
    expect(JSON.parse(lookup?.functionCall?.arguments ?? '')).toEqual({ day: 'מחר' });
    expect(lookup?.afterOutput?.transcript).toContain('יש תור');
    expect(script.fallback).not.toBeNull();
  });

  test("the example script's function calls are valid calls of the assistant's real tools", async () => {
    const script = await loadRealtimeScriptFile(EXAMPLE_SCRIPT_PATH);
    const calls = script.turns.flatMap((t) => (t.functionCall ? [t.functionCall] : []));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const schema = TOOL_SCHEMAS[call.name as ToolName];
      expect(schema).toBeDefined();
      expect(schema.safeParse(JSON.parse(call.arguments)).success).toBe(true);
    }
  });

  test('refuses a turn with neither audio nor a function call, and `afterOutput` without a call', async () => {
    expect(await rejected(loadRealtimeScript({ turns: [{ transcript: 'hi' }] }))).toThrow(
      'a turn needs audio',
    );
    expect(
      await rejected(loadRealtimeScript({ turns: [{ audio: 'cough', afterOutput: { audio: 'cough' } }] })),
    ).toThrow('`afterOutput` only follows a functionCall');
  });

  test('names the missing file when a script refers to audio that does not exist', async () => {
    expect(await rejected(loadRealtimeScript({ greeting: { audio: 'no-such-fixture' } }))).toThrow(
      'no-such-fixture.ulaw',
    );
  });
});
