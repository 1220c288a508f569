/**
 * Unicode isolates for plain text (notifications, CSV, anything without markup): a run
 * wrapped here keeps its own direction inside Hebrew, so "+972501234567" never reads
 * "972501234567+" and an English name never drags the sentence's punctuation with it.
 * Markup uses the dashboard's <Ltr>/<Phone> components instead. Pure; shared with the client.
 */
const LRI = '\u2066';
const FSI = '\u2068';
const PDI = '\u2069';

/** A run that is always left to right: a phone, a price, a time, an id. */
export function ltr(text: string): string {
  return `${LRI}${text}${PDI}`;
}

/** A run whose direction is its own first strong letter: a name typed by anyone. */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

/** Removes the isolates this module adds (for comparisons and for search). */
export function stripIsolates(text: string): string {
  return text.replace(/[\u2066-\u2069]/g, '');
}
