import { Icon } from '../../ui/Icon';

const numberFormat = new Intl.NumberFormat('he-IL');

/** "מציג 26–50 מתוך 73" with back and forward buttons; pages are 1-based. */
export function Pagination(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const first = () => (props.total === 0 ? 0 : (props.page - 1) * props.pageSize + 1);
  const last = () => Math.min(props.total, props.page * props.pageSize);
  const pages = () => Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav aria-label="דפדוף" class="mt-4 flex items-center justify-between gap-3 text-sm text-slate-500">
      <p aria-live="polite">
        מציג {numberFormat.format(first())}–{numberFormat.format(last())} מתוך{' '}
        {numberFormat.format(props.total)}
      </p>
      <div class="flex gap-2">
        <button
          type="button"
          class="btn-secondary btn-sm"
          disabled={props.page <= 1}
          onClick={() => props.onPage(props.page - 1)}
        >
          <Icon name="back" />
          הקודם
        </button>
        <button
          type="button"
          class="btn-secondary btn-sm"
          disabled={props.page >= pages()}
          onClick={() => props.onPage(props.page + 1)}
        >
          הבא
          <Icon name="forward" />
        </button>
      </div>
    </nav>
  );
}
