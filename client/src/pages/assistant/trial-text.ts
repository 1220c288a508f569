import type { FaqTrial } from './data';

type Candidate = FaqTrial['candidates'][number];

/** Hebrew for the interrogative kinds and modals the rule compares (server/agent/faq/lexicon.ts). */
const ASKS: Record<string, string> = {
  where: 'איפה',
  when: 'מתי',
  'how-much': 'כמה',
  'how-long': 'כמה זמן',
  how: 'איך',
  why: 'למה',
  who: 'מי',
};
const MODALS: Record<string, string> = { can: 'אפשר', must: 'צריך' };

const quoted = (words: readonly string[], names: Record<string, string> = {}) =>
  words.map((w) => `"${names[w] ?? w}"`).join(', ');

/** What the assistant will do with the question, in one sentence for the owner. */
export function outcomeText(trial: FaqTrial, channelLabel: string): string {
  switch (trial.outcome) {
    case 'answered':
      return trial.answeredWithoutModel
        ? 'בוואטסאפ התשובה תישלח ישירות, בלי לפנות למודל.'
        : `ב${channelLabel} התשובה תועבר לעוזר, שיאמר אותה במילים שלו.`;
    case 'request':
      return `זו בקשה לפעולה (${quoted(trial.request)}), לא שאלה: העוזר יטפל בה בעצמו, עם הכלים שלו.`;
    case 'own-data':
      return `השאלה היא על הפרטים של הלקוח עצמו (${quoted(trial.ownData)}): העוזר יבדוק בעצמו, ולא ישלח תשובה קבועה.`;
    case 'ambiguous':
      return 'שתי שאלות עונות על השאלה באותה מידה. העוזר יענה בעצמו, עם השאלות הקרובות כהקשר.';
    default:
      return 'אין תשובה ודאית. העוזר יענה בעצמו, עם השאלות הקרובות כהקשר, או יאמר שיבדוק.';
  }
}

/** Why a candidate does not answer the question: one line per reason, none when it passes. */
export function blockedReasons(candidate: Candidate): string[] {
  const b = candidate.blocked;
  const out: string[] = [];
  for (const c of b.contradictions) out.push(`"${c.word}" סותרת את "${c.faqWord}" שבשאלה השמורה.`);
  if (b.missingFromFaq.length) out.push(`${quoted(b.missingFromFaq)}: לא מופיע בשאלה השמורה ולא בתשובה שלה.`);
  if (b.missingFromQuestion.length)
    out.push(`${quoted(b.missingFromQuestion)}: בשאלה השמורה, ולא בשאלה שנבדקה.`);
  if (b.asksDiffer)
    out.push(
      `השאלה שנבדקה שואלת ${quoted(b.asksDiffer.query, ASKS)}, והשמורה ${quoted(b.asksDiffer.faq, ASKS)}.`,
    );
  if (b.modalsDiffer)
    out.push(
      `${quoted(b.modalsDiffer.query, MODALS)} בשאלה שנבדקה, ${quoted(b.modalsDiffer.faq, MODALS)} בשמורה.`,
    );
  if (out.length === 0 && !candidate.passes) out.push('אין אף מילה של השאלה שנבדקה בשאלה השמורה עצמה.');
  return out;
}

/** A matched word, with the FAQ's word beside it when they are written differently. */
export function matchedText(m: Candidate['matched'][number]): string {
  return m.word === m.by ? m.word : `${m.word} ← ${m.by}`;
}
