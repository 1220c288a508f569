import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { DEFAULT_VAD_PARAMS } from './audio/vad-params.ts';
import { byteRange } from './routes.ts';

let h: Harness;
let owner: string;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

describe('call settings', () => {
  test('a business starts on the measured defaults, recording on', async () => {
    const res = await h.request('GET', '/api/call-settings', { cookie: owner });
    expect(res.status).toBe(200);
    const { settings } = (await res.json()) as { settings: Record<string, unknown> };
    expect(settings).toMatchObject({
      vad: {},
      recordCalls: true,
      isDefault: true,
      effectiveVad: DEFAULT_VAD_PARAMS,
    });
  });

  test('saving some parameters keeps the defaults for the rest', async () => {
    const body = { vad: { thresholdDb: 18, assistantMinSpeechMs: 600 }, recordCalls: false };
    const put = await h.request('PUT', '/api/call-settings', { cookie: owner, body });
    expect(put.status).toBe(200);
    const { settings } = (await (await h.request('GET', '/api/call-settings', { cookie: owner })).json()) as {
      settings: { vad: unknown; recordCalls: boolean; effectiveVad: Record<string, number> };
    };
    expect(settings.vad).toEqual(body.vad);
    expect(settings.recordCalls).toBe(false);
    expect(settings.effectiveVad).toEqual({
      ...DEFAULT_VAD_PARAMS,
      thresholdDb: 18,
      assistantMinSpeechMs: 600,
    });
  });

  test('refuses values outside their range and parameters that do not exist, naming them', async () => {
    for (const [vad, field] of [
      [{ thresholdDb: 400 }, 'vad.thresholdDb'],
      [{ voicingMin: -1 }, 'vad.voicingMin'],
      [{ hangoverMs: 'long' }, 'vad.hangoverMs'],
      [{ noSuchThing: 1 }, 'vad'],
    ] as const) {
      const res = await h.request('PUT', '/api/call-settings', { cookie: owner, body: { vad } });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { details?: { fields?: Record<string, string> } } };
      expect(Object.keys(error.details?.fields ?? {})).toContain(field);
    }
  });
});

describe('recording byte ranges', () => {
  test('reads the forms browsers send and refuses what cannot be served', () => {
    expect(byteRange('bytes=0-43', 1000)).toEqual({ start: 0, end: 43 });
    expect(byteRange('bytes=500-', 1000)).toEqual({ start: 500, end: 999 });
    expect(byteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange('bytes=1000-', 1000)).toBeNull();
    expect(byteRange('bytes=5-2', 1000)).toBeNull();
    expect(byteRange('items=0-1', 1000)).toBeNull();
    expect(byteRange(undefined, 1000)).toBeNull();
  });
});
