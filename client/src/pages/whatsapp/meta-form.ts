/** The Meta (Cloud API) form's draft, the body it sends, and the server's refusals in Hebrew. */
import { ApiError } from '../../api';
import type { Channel, MetaInput } from './data';

export interface MetaDraft {
  phoneNumberId: string;
  accessToken: string;
  reminderTemplate: string;
  templateLanguage: string;
}

export const DEFAULT_TEMPLATE_LANGUAGE = 'he';

/** The form as the channel stands (the token is never sent back: the field starts empty). */
export function metaDraftFrom(channel: Channel | null | undefined): MetaDraft {
  const meta = channel?.meta;
  return {
    phoneNumberId: meta?.phoneNumberId ?? '',
    accessToken: '',
    reminderTemplate: meta?.reminderTemplate ?? '',
    templateLanguage: meta?.templateLanguage ?? DEFAULT_TEMPLATE_LANGUAGE,
  };
}

/** An empty token keeps the stored one; an empty template clears it (free text only). */
export function metaBody(draft: MetaDraft): MetaInput {
  const token = draft.accessToken.trim();
  return {
    phoneNumberId: draft.phoneNumberId.trim(),
    ...(token ? { accessToken: token } : {}),
    reminderTemplate: draft.reminderTemplate.trim() || null,
    templateLanguage: draft.templateLanguage.trim() || DEFAULT_TEMPLATE_LANGUAGE,
  };
}

/** What server/whatsapp/service.ts prefixes to Graph's own words when Meta says no. */
const REFUSED = /^Meta refused it: (.*)$/s;

const HINTS: Record<keyof MetaDraft, string> = {
  phoneNumberId: 'מזהה מספר הטלפון הוא מספר בן 5 עד 20 ספרות, מתוך WhatsApp Manager ב-Meta.',
  accessToken: 'אסימון הגישה קצר מדי. העתיקו אותו במלואו מ-Meta.',
  reminderTemplate: 'שם תבנית מכיל אותיות לטיניות קטנות, ספרות וקו תחתון בלבד.',
  templateLanguage: 'קוד שפה כמו he או en_US.',
};

function fieldMessage(field: string, message: string): string {
  const refused = REFUSED.exec(message);
  if (refused) {
    const said = refused[1] ?? '';
    return field === 'accessToken'
      ? `Meta דחתה את אסימון הגישה: ${said}`
      : `Meta לא מכירה את מזהה המספר הזה: ${said}`;
  }
  if (field === 'accessToken' && message === 'is required') return 'צריך להזין אסימון גישה למספר הזה.';
  if (field === 'phoneNumberId' && message.includes('another business'))
    return 'המספר הזה כבר מחובר לעסק אחר.';
  return HINTS[field as keyof MetaDraft] ?? 'הערך בשדה זה אינו תקין.';
}

/** Per-field messages for a refused PUT /api/whatsapp/meta; Meta's own reason is kept in them. */
export function metaErrors(error: unknown): Partial<Record<keyof MetaDraft, string>> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const out: Partial<Record<keyof MetaDraft, string>> = {};
  for (const [path, message] of Object.entries(error.details?.fields ?? {})) {
    const field = (path.split('.')[0] ?? path) as keyof MetaDraft;
    out[field] = fieldMessage(field, String(message));
  }
  return out;
}

/** The form-level sentence for an error that belongs to no field. */
export const META_ERROR_OVERRIDES = {
  whatsapp_provider_unavailable: 'Meta לא ענתה. נסו שוב בעוד רגע.',
};
