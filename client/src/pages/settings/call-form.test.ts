import { expect, test } from 'bun:test';
import { DEFAULT_VAD_PARAMS } from '../../../../server/calls/audio/vad-params';
import { callSettingsBody, vadParamsBody } from '../../../../server/calls/call-settings';
import { DEFAULT_RETENTION_DAYS as SERVER_RETENTION } from '../../../../server/calls/recording/retention';
import { ApiError } from '../../api';
import { bodyFrom, callErrors, draftFrom } from './call-form';
import { DEFAULT_RETENTION_DAYS, VAD_FIELDS } from './call-labels';

test('offers every VAD parameter the server knows, once, with the bounds it enforces', () => {
  expect(VAD_FIELDS.map((f): string => f.key).sort()).toEqual(Object.keys(DEFAULT_VAD_PARAMS).sort());
  for (const f of VAD_FIELDS) {
    const accepts = (value: number) => vadParamsBody.safeParse({ [f.key]: value }).success;
    expect([f.key, accepts(f.min), accepts(f.max)]).toEqual([f.key, true, true]);
    expect([f.key, accepts(f.min - f.step), accepts(f.max + f.step)]).toEqual([f.key, false, false]);
  }
  expect(DEFAULT_RETENTION_DAYS).toBe(SERVER_RETENTION);
});

test('saves back what was loaded, leaving the VAD parameters nobody set on their defaults', () => {
  const loaded = { recordCalls: false, recordingRetentionDays: 30, vad: { hangoverMs: 300 } };
  const body = bodyFrom(draftFrom(loaded));
  expect(body).toEqual(loaded);
  expect(callSettingsBody.safeParse(body).success).toBe(true);
});

test('sends an empty retention as the system default and a typed 0 as 0, for the server to refuse', () => {
  const draft = draftFrom({ recordCalls: true, recordingRetentionDays: null, vad: {} });
  expect(draft.recordingRetentionDays).toBe('');
  expect(bodyFrom(draft).recordingRetentionDays).toBeNull();
  expect(bodyFrom({ ...draft, recordingRetentionDays: '0' }).recordingRetentionDays).toBe(0);
});

test("puts the server's refusals next to their own fields", () => {
  const error = new ApiError(400, 'validation_failed', '', {
    fields: { recordingRetentionDays: 'too small', 'vad.hangoverMs': 'too big', 'vad.nonsense': 'unknown' },
  });
  const errors = callErrors(error);
  expect(Object.keys(errors).sort()).toEqual(['recordingRetentionDays', 'vad', 'vad.hangoverMs']);
  expect(errors.recordingRetentionDays).toContain('בין 1 ל-3,650');
  expect(errors['vad.hangoverMs']).toContain('2,000');
  expect(callErrors(new ApiError(403, 'forbidden', ''))).toEqual({});
});
