import { expect, test } from 'bun:test';
import { DEFAULT_VOICE as SERVER_DEFAULT, VOICES } from '../../../../server/agent/assistant/profile';
import { PROMPT_MAX_CHARS as SERVER_MAX } from '../../../../server/agent/assistant/prompts';
import { DEFAULT_VOICE, PROMPT_MAX_CHARS, VOICE_GROUPS, versionNote, voiceLabel, voicesIn } from './labels';

test('offers every voice the server accepts exactly once, the male default labelled as such', () => {
  const all = VOICE_GROUPS.flatMap((group) => voicesIn(group.key).map((v) => v.voice));
  expect(new Set(all).size).toBe(all.length);
  expect(all.sort()).toEqual([...VOICES].sort());
  expect(DEFAULT_VOICE).toBe(SERVER_DEFAULT);
  expect(voicesIn('male').map((v) => v.voice)).toContain('cedar');
  expect(voiceLabel('cedar')).toBe('Cedar (ברירת המחדל, גברי)');
  expect(voiceLabel('ash')).toBe('Ash');
});

test('says which version a rollback copied and marks the built-in default', () => {
  expect(versionNote({ version: 3, copiedFrom: 1 })).toBe('שוחזרה מגרסה 1');
  expect(versionNote({ version: 0, copiedFrom: null })).toBe('ברירת המחדל של המערכת');
  expect(versionNote({ version: 2, copiedFrom: null })).toBeUndefined();
});

test('lets a prompt grow exactly as long as the server accepts', () => {
  expect(PROMPT_MAX_CHARS).toBe(SERVER_MAX);
});
