import { describe, expect, test } from 'bun:test';
import { loadUlaw } from '../fixtures.ts';
import { loadRealtimeScript, loadRealtimeScriptFile } from './script.ts';
import { EXAMPLE_SCRIPT_PATH } from './server.ts';

describe('realtime script', () => {
  test('loads the example script with its audio and serialised arguments', async () => {
    const script = await loadRealtimeScriptFile(EXAMPLE_SCRIPT_PATH);
    expect(script.greeting?.audio?.length).toBe((await loadUlaw('assistant-greeting')).length);
    const lookup = script.turns[0];
    expect(lookup?.functionCall?.name).toBe('check_availability');
    expect(JSON.parse(lookup?.functionCall?.arguments ?? '')).toMatchObject({ service: 'haircut' });
    expect(lookup?.afterOutput?.transcript).toContain('יש תור');
    expect(script.fallback).not.toBeNull();
  });

  test('refuses a turn with neither audio nor a function call, and `afterOutput` without a call', async () => {
    await expect(loadRealtimeScript({ turns: [{ transcript: 'hi' }] })).rejects.toThrow('a turn needs audio');
    await expect(
      loadRealtimeScript({ turns: [{ audio: 'cough', afterOutput: { audio: 'cough' } }] }),
    ).rejects.toThrow('`afterOutput` only follows a functionCall');
  });

  test('names the missing file when a script refers to audio that does not exist', async () => {
    await expect(loadRealtimeScript({ greeting: { audio: 'no-such-fixture' } })).rejects.toThrow(
      'no-such-fixture.ulaw',
    );
  });
});
