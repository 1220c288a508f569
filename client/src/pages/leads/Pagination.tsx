import { Icon } from '../../ui/Icon';

const numberFormat = new Intl.NumberFormat('he-IL');

/**
 * "מציג 26–50 מתוך 73" (or "מתוך 10,000+") with back and forward buttons; pages are
 * 1-based and follow one another (the list is paged by cursor, not by number).
 */
export function Pagination(props: {
  page: number;
  pageSize: number;
  /** Rows on this page. */
  shown: number;
  /** The total as it is shown: "73", "10,000+". */
  total: string;
  hasNext: boolean;
  onNext: () => void;
  onPrevious: () => void;
}) {
  const first = () => (props.shown === 0 ? 0 : (props.page - 1) * props.pageSize + 1);
  const last = () => (props.page - 1) * props.pageSize + props.shown;
  return (
    <nav aria-label="דפדוף" class="mt-4 flex items-center justify-between gap-3 text-sm text-slate-500">
      <p aria-live="polite">
        מציג {numberFormat.format(first())}–{numberFormat.format(last())} מתוך {props.total}
      </p>
      <div class="flex gap-2">
        <button
          type="button"
          class="btn-secondary btn-sm"
          disabled={props.page <= 1}
          onClick={() => props.onPrevious()}
        >
          <Icon name="back" />
          הקודם
        </button>
        <button
          type="button"
          class="btn-secondary btn-sm"
          disabled={!props.hasNext}
          onClick={() => props.onNext()}
        >
          הבא
          <Icon name="forward" />
        </button>
      </div>
    </nav>
  );
}
