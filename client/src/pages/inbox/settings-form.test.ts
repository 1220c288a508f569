import { describe, expect, test } from 'bun:test';
import { draftFrom, emptyTemplate, settingsBody, settingsErrors } from './settings-form';

describe('the inbox settings form', () => {
  test('a business that never resumes the assistant by itself round-trips as never', () => {
    const draft = draftFrom({ aiResumeAfterMinutes: null, templates: [] });
    expect(draft.never).toBe(true);
    expect(settingsErrors(draft)).toEqual({});
    expect(settingsBody(draft)).toEqual({ aiResumeAfterMinutes: null, templates: [] });
  });

  test('minutes must be a whole number up to a week', () => {
    const base = draftFrom({ aiResumeAfterMinutes: 30, templates: [] });
    expect(settingsErrors({ ...base, minutes: '90' })).toEqual({});
    expect(settingsErrors({ ...base, minutes: '1.5' }).minutes).toBeDefined();
    expect(settingsErrors({ ...base, minutes: '-5' }).minutes).toBeDefined();
    expect(settingsErrors({ ...base, minutes: String(7 * 24 * 60 + 1) }).minutes).toBeDefined();
    expect(settingsBody({ ...base, minutes: ' 90 ' }).aiResumeAfterMinutes).toBe(90);
  });

  test("a template needs Meta's name, a language and its body", () => {
    const draft = {
      ...draftFrom({ aiResumeAfterMinutes: 60, templates: [] }),
      templates: [emptyTemplate(), { name: 'Follow Up', language: 'he', body: 'שלום {{1}}' }],
    };
    expect(Object.keys(settingsErrors(draft)).sort()).toEqual([
      'templates.0.body',
      'templates.0.name',
      'templates.1.name',
    ]);
  });

  test('the same template twice in one language is refused; in another language it is its own', () => {
    const t = { name: 'follow_up', language: 'he', body: 'שלום {{1}}' };
    const draft = draftFrom({ aiResumeAfterMinutes: 60, templates: [t, { ...t }] });
    expect(settingsErrors(draft)['templates.1.name']).toBeDefined();
    expect(settingsErrors({ ...draft, templates: [t, { ...t, language: 'en' }] })).toEqual({});
  });

  test('what is saved is trimmed', () => {
    const draft = draftFrom({ aiResumeAfterMinutes: 60, templates: [] });
    draft.templates.push({ name: ' follow_up ', language: ' he ', body: ' שלום {{1}} ' });
    expect(settingsBody(draft).templates).toEqual([
      { name: 'follow_up', language: 'he', body: 'שלום {{1}}' },
    ]);
  });
});
