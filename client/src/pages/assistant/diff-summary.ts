import type { DiffLine } from './data';

/** One sentence on a diff: how many lines were added and removed, or that the versions match. */
export function diffSummary(lines: readonly DiffLine[], from: number, to: number): string {
  const added = lines.filter((line) => line.op === 'add').length;
  const removed = lines.filter((line) => line.op === 'del').length;
  if (added === 0 && removed === 0) return `גרסה ${from} וגרסה ${to} זהות.`;
  return `מגרסה ${from} לגרסה ${to}: ${count(added, 'נוספה', 'נוספו')}, ${count(removed, 'הוסרה', 'הוסרו')}.`;
}

function count(n: number, one: string, many: string): string {
  if (n === 0) return `לא ${many} שורות`;
  return n === 1 ? `${one} שורה אחת` : `${many} ${n} שורות`;
}
