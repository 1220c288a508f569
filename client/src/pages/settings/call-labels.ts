import type { VadParams } from '../../../../server/calls/audio/vad-params';

/** The server's retention when a business sets none (server/calls/recording/retention.ts). */
export const DEFAULT_RETENTION_DAYS = 7;

export type VadField = {
  key: keyof VadParams;
  label: string;
  /** The server's bounds (server/calls/call-settings.ts), for the input and the error. */
  min: number;
  max: number;
  step: number;
  hint?: string;
};

/**
 * The voice-activity detector's knobs, in the order someone tuning a line thinks of them:
 * when speech starts and ends, then interrupting the assistant, then the noise floor.
 */
export const VAD_FIELDS: readonly VadField[] = [
  {
    key: 'thresholdDb',
    label: 'סף דיבור (dB מעל רעש הרקע)',
    min: 3,
    max: 40,
    step: 1,
    hint: 'גבוה יותר: פחות רעשים נחשבים דיבור, אבל דיבור שקט עלול להתפספס.',
  },
  {
    key: 'hangoverMs',
    label: 'שקט שמסיים דיבור (מ״ש)',
    min: 20,
    max: 2000,
    step: 20,
    hint: 'כמה שקט אחרי המתקשר נחשב לסוף המשפט שלו.',
  },
  {
    key: 'minSpeechMs',
    label: 'משך מינימלי לתחילת דיבור (מ״ש)',
    min: 20,
    max: 1000,
    step: 20,
  },
  {
    key: 'minEvidenceMs',
    label: 'מתוכו קולי או חוכך לפחות (מ״ש)',
    min: 0,
    max: 1000,
    step: 20,
  },
  {
    key: 'releaseDb',
    label: 'ירידה מתחת לסף עד סוף דיבור (dB)',
    min: 0,
    max: 20,
    step: 1,
  },
  {
    key: 'voicingMin',
    label: 'סף קוליות (0 עד 1)',
    min: 0,
    max: 1,
    step: 0.01,
    hint: 'שיעול ורעש קו נמוכים מ-0.5; דיבור קולי בין 0.7 ל-1.',
  },
  {
    key: 'fricativeZcr',
    label: 'סף עיצורים חוככים (חציות אפס לכל 20 מ״ש)',
    min: 10,
    max: 160,
    step: 1,
    hint: 'כך נשמעים ש, ס, צ, ח ו-כ גם כשהם שקטים.',
  },
  {
    key: 'fricativeReliefDb',
    label: 'הקלה לעיצורים חוככים (dB)',
    min: 0,
    max: 20,
    step: 1,
  },
  {
    key: 'assistantExtraDb',
    label: 'סף נוסף בזמן שהעוזר מדבר (dB)',
    min: 0,
    max: 30,
    step: 1,
    hint: 'מונע מהד של העוזר או מ"כן" קצר לקטוע אותו.',
  },
  {
    key: 'assistantMinSpeechMs',
    label: 'משך דיבור שקוטע את העוזר (מ״ש)',
    min: 20,
    max: 3000,
    step: 20,
  },
  {
    key: 'floorInitialDb',
    label: 'רעש רקע התחלתי (dBFS)',
    min: -100,
    max: -20,
    step: 1,
  },
  {
    key: 'floorMinDb',
    label: 'רעש רקע מינימלי (dBFS)',
    min: -100,
    max: -20,
    step: 1,
  },
  {
    key: 'floorRiseDbPerSec',
    label: 'קצב עליית רעש הרקע (dB לשנייה)',
    min: 0,
    max: 30,
    step: 0.5,
  },
  {
    key: 'floorFallMs',
    label: 'זמן ירידת רעש הרקע (מ״ש)',
    min: 20,
    max: 5000,
    step: 20,
  },
];

/** "בין 20 ל-2,000." */
export function rangeText(field: Pick<VadField, 'min' | 'max'>): string {
  const n = (value: number) => value.toLocaleString('he-IL');
  return `ערך בין ${n(field.min)} ל-${n(field.max)}.`;
}
