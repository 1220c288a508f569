import type { VadParams } from '../../../../server/calls/audio/vad-params';
import type { CallSettings } from '../../../../server/calls/call-settings';
import { ApiError } from '../../api';
import { DEFAULT_RETENTION_DAYS, rangeText, VAD_FIELDS } from './call-labels';

/**
 * The call settings as the form holds them: numbers as typed, '' meaning "the default".
 * An empty VAD field is left out of the saved settings, so the business keeps following
 * the measured defaults for it (and any later retuning of them).
 */
export type CallDraft = {
  recordCalls: boolean;
  recordingRetentionDays: string;
  vad: Record<keyof VadParams, string>;
};

const text = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

export function draftFrom(settings: CallSettings): CallDraft {
  const vad = Object.fromEntries(VAD_FIELDS.map((f) => [f.key, text(settings.vad[f.key])]));
  return {
    recordCalls: settings.recordCalls,
    recordingRetentionDays: text(settings.recordingRetentionDays),
    vad: vad as CallDraft['vad'],
  };
}

/** The PUT body. Values go as typed (0, -3, 2.5): the server decides, and says which field. */
export function bodyFrom(draft: CallDraft): CallSettings {
  const vad: Partial<VadParams> = {};
  for (const { key } of VAD_FIELDS) {
    const value = draft.vad[key].trim();
    if (value !== '') vad[key] = Number(value);
  }
  const days = draft.recordingRetentionDays.trim();
  return { recordCalls: draft.recordCalls, recordingRetentionDays: days === '' ? null : Number(days), vad };
}

const RETENTION_HINT = `מספר שלם של ימים, בין 1 ל-3,650; ריק: ברירת המחדל (${DEFAULT_RETENTION_DAYS} ימים).`;

/**
 * Per-field Hebrew messages for a `validation_failed` answer to PUT /api/call-settings,
 * keyed as the form's fields are: 'recordingRetentionDays', 'recordCalls', 'vad.thresholdDb'.
 */
export function callErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const out: Record<string, string> = {};
  for (const path of Object.keys(error.details?.fields ?? {})) {
    const [root = '', key] = path.split('.');
    if (root === 'vad') {
      const field = VAD_FIELDS.find((f) => f.key === key);
      out[field ? `vad.${field.key}` : 'vad'] = field
        ? rangeText(field)
        : 'אחד מערכי זיהוי הדיבור אינו תקין.';
    } else if (root === 'recordingRetentionDays') {
      out[root] = RETENTION_HINT;
    } else {
      out[root] = 'הערך בשדה זה אינו תקין.';
    }
  }
  return out;
}
