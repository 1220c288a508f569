/**
 * The inbox settings form's draft and checks: the assistant's quiet time after a staff reply
 * (minutes, or never) and the approved templates staff may send outside Meta's 24 hours.
 * The checks mirror the server's schema (server/whatsapp/inbox/actions.ts, settingsBody).
 */
export interface InboxSettings {
  aiResumeAfterMinutes: number | null;
  templates: { name: string; language: string; body: string }[];
}

export interface SettingsDraft {
  never: boolean;
  minutes: string;
  templates: { name: string; language: string; body: string }[];
}

export const MAX_QUIET_MINUTES = 7 * 24 * 60;
export const MAX_TEMPLATES = 50;

export function draftFrom(s: InboxSettings): SettingsDraft {
  return {
    never: s.aiResumeAfterMinutes === null,
    minutes: String(s.aiResumeAfterMinutes ?? 60),
    templates: s.templates.map((t) => ({ ...t })),
  };
}

export const emptyTemplate = () => ({ name: '', language: 'he', body: '' });

/** Field errors by path (`minutes`, `templates.0.name`…), in Hebrew; empty when the draft can be saved. */
export function settingsErrors(d: SettingsDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!d.never) {
    const n = Number(d.minutes.trim());
    if (!/^\d+$/.test(d.minutes.trim()) || n > MAX_QUIET_MINUTES)
      errors.minutes = `מספר דקות שלם בין 0 ל־${MAX_QUIET_MINUTES} (שבוע)`;
  }
  const seen = new Set<string>();
  d.templates.forEach((t, i) => {
    const name = t.name.trim();
    if (!/^[a-z0-9_]{1,512}$/.test(name))
      errors[`templates.${i}.name`] = 'השם כפי שאושר ב־Meta: אותיות לטיניות קטנות, ספרות וקו תחתון';
    const language = t.language.trim();
    if (language.length < 2 || language.length > 15) errors[`templates.${i}.language`] = 'קוד שפה, למשל he';
    if (!t.body.trim()) errors[`templates.${i}.body`] = 'גוף התבנית כפי שאושר, עם {{1}} במקום כל פרמטר';
    else if (t.body.trim().length > 1024) errors[`templates.${i}.body`] = 'עד 1024 תווים';
    const key = `${name}/${language}`;
    if (name && seen.has(key)) errors[`templates.${i}.name`] = 'התבנית הזו כבר ברשימה באותה שפה';
    seen.add(key);
  });
  return errors;
}

export function settingsBody(d: SettingsDraft): InboxSettings {
  return {
    aiResumeAfterMinutes: d.never ? null : Number(d.minutes.trim()),
    templates: d.templates.map((t) => ({
      name: t.name.trim(),
      language: t.language.trim(),
      body: t.body.trim(),
    })),
  };
}
