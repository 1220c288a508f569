/**
 * What the caller's words say about the turn, from upstream's transcription of them: a
 * backchannel ("כן", "אהה", "מממ", "בסדר", "אוקיי": go on), words that stop the assistant
 * ("רגע", "שנייה", "לא", "סליחה", "מה?"), or anything else (longer, so a turn of its own).
 * Only a transcript made entirely of backchannel words is a backchannel; one stop word, or
 * any other word, makes it a barge-in. Nothing recognisable (an empty transcript, the
 * transcriber's punctuation for a cough) is `empty`.
 */
export type WordsVerdict = 'backchannel' | 'barge_in' | 'empty';

const BACKCHANNEL = new Set([
  'כן',
  'כןכן',
  'אה',
  'אהה',
  'אההה',
  'אהא',
  'אהם',
  'אההם',
  'מממ',
  'ממ',
  'מם',
  'הממ',
  'הממם',
  'אמ',
  'אממ',
  'בסדר',
  'אוקיי',
  'אוקי',
  'אוקיי',
  'אוקיוקי',
  'יופי',
  'נכון',
  'ברור',
  'טוב',
  'סבבה',
  'okay',
  'ok',
  'yes',
  'yeah',
  'uh-huh',
  'uhhuh',
  'mhm',
  'mm',
  'hmm',
]);

/** Hebrew points and cantillation, which transcribers sometimes keep. */
const POINTS = /[\u0591-\u05C7]/g;
const NOT_LETTERS = /[^\p{L}\p{N}\s-]/gu;

export function normaliseWords(text: string): string[] {
  return text
    .replace(POINTS, '')
    .replace(NOT_LETTERS, ' ')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

export function judgeWords(text: string): WordsVerdict {
  const words = normaliseWords(text);
  if (words.length === 0) return 'empty';
  // Transcribers write a drawn-out "אהההה" or "ממממ": compare with repeats squeezed to two.
  const squeezed = words.map((w) => w.replace(/(.)\1{2,}/gu, '$1$1$1'));
  if (
    squeezed.length <= 3 &&
    squeezed.every((w) => BACKCHANNEL.has(w) || BACKCHANNEL.has(w.replace(/(.)\1+/gu, '$1$1')))
  )
    return 'backchannel';
  return 'barge_in';
}
