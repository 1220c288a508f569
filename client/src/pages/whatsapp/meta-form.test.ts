import { describe, expect, test } from 'bun:test';
import { ApiError } from '../../api';
import type { Channel } from './data';
import { metaBody, metaDraftFrom, metaErrors } from './meta-form';

const refused = (fields: Record<string, string>) =>
  new ApiError(400, 'validation_failed', 'Invalid input', { fields });

describe('the Meta form', () => {
  test('starts empty with Hebrew as the template language', () => {
    expect(metaDraftFrom(null)).toEqual({
      phoneNumberId: '',
      accessToken: '',
      reminderTemplate: '',
      templateLanguage: 'he',
    });
  });

  test('starts from the linked number, never with its token', () => {
    const channel = {
      provider: 'meta',
      meta: {
        phoneNumberId: '1234567',
        hasAccessToken: true,
        reminderTemplate: 'visit',
        templateLanguage: 'en_US',
      },
    } as Channel;
    expect(metaDraftFrom(channel)).toEqual({
      phoneNumberId: '1234567',
      accessToken: '',
      reminderTemplate: 'visit',
      templateLanguage: 'en_US',
    });
  });

  test('an empty token is left out (the stored one stays) and an empty template clears it', () => {
    expect(
      metaBody({ phoneNumberId: ' 1234567 ', accessToken: '  ', reminderTemplate: '', templateLanguage: '' }),
    ).toEqual({ phoneNumberId: '1234567', reminderTemplate: null, templateLanguage: 'he' });
  });

  test("Meta's refusal of the token is shown on the token field, in its own words", () => {
    const errors = metaErrors(refused({ accessToken: 'Meta refused it: Invalid OAuth access token' }));
    expect(errors).toEqual({ accessToken: 'Meta דחתה את אסימון הגישה: Invalid OAuth access token' });
  });

  test('an unknown number id, a taken one and a malformed one each get their sentence', () => {
    expect(
      metaErrors(refused({ phoneNumberId: 'Meta refused it: (#100) Invalid parameter' })).phoneNumberId,
    ).toBe('Meta לא מכירה את מזהה המספר הזה: (#100) Invalid parameter');
    expect(
      metaErrors(refused({ phoneNumberId: 'is already linked to another business' })).phoneNumberId,
    ).toBe('המספר הזה כבר מחובר לעסק אחר.');
    expect(
      metaErrors(refused({ phoneNumberId: 'must be the numeric phone number ID from Meta' })).phoneNumberId,
    ).toBe('מזהה מספר הטלפון הוא מספר בן 5 עד 20 ספרות, מתוך WhatsApp Manager ב-Meta.');
  });

  test('a missing token for a new number asks for one', () => {
    expect(metaErrors(refused({ accessToken: 'is required' })).accessToken).toBe(
      'צריך להזין אסימון גישה למספר הזה.',
    );
  });

  test('errors that are not field errors give no field messages', () => {
    expect(metaErrors(new ApiError(503, 'whatsapp_provider_unavailable', 'Meta did not answer'))).toEqual({});
  });
});
