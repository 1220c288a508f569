/**
 * Cursor paging kept in the URL, for lists paged by the server's `next` cursor: `after` is
 * this page's cursor, `back` the cursors of the pages before it ('~'-joined; the first
 * page's '' is implied when it is the only one), so Back and a reload land on the same page.
 */
export interface CursorParams {
  after?: string;
  back?: string;
}

const numberFormat = new Intl.NumberFormat('he-IL');

/** "73", or "10,000+" when the server stopped counting. */
export const countText = (p: { total: number; totalCapped: boolean }) =>
  `${numberFormat.format(p.total)}${p.totalCapped ? '+' : ''}`;

const joinBack = (cursors: string[]) => (cursors.length <= 1 && !cursors[0] ? undefined : cursors.join('~'));

export function cursorPages(
  params: CursorParams,
  setParams: (next: Record<string, string | undefined>) => void,
) {
  // The cursors of the pages before this one ('' is the first page).
  const back = () => (params.after ? (params.back ? params.back.split('~') : ['']) : []);
  return {
    page: () => back().length + 1,
    next(cursor: string | null) {
      if (cursor) setParams({ after: cursor, back: joinBack([...back(), params.after ?? '']) });
    },
    previous() {
      const before = back();
      setParams({ after: before[before.length - 1] || undefined, back: joinBack(before.slice(0, -1)) });
    },
  };
}
