import { Show } from 'solid-js';
import { RecordsPage } from './RecordsPage';
import { type BillingRecord, dateOrDash, leadColumn, type RecordKind, recordApi } from './records';

export type ContractStatus = 'draft' | 'sent' | 'signed' | 'cancelled';

export interface Contract extends BillingRecord {
  title: string;
  status: ContractStatus;
  documentUrl: string | null;
  fileRef: string | null;
  sentAt: string | null;
  signedAt: string | null;
  createdAt: string;
}

/** A link to the document when there is one, else the stored file's key. */
function DocumentCell(props: { contract: Contract }) {
  return (
    <Show when={props.contract.documentUrl} fallback={props.contract.fileRef ?? '—'}>
      {(url) => (
        <a href={url()} target="_blank" rel="noopener noreferrer" class="text-brand-700 hover:underline">
          פתיחת המסמך
        </a>
      )}
    </Show>
  );
}

const CONTRACTS: RecordKind<Contract> = {
  key: 'contract',
  title: 'חוזים',
  description: 'טיוטות, חוזים שנשלחו וחוזים חתומים',
  icon: 'contracts',
  newLabel: 'חוזה חדש',
  definite: 'החוזה',
  emptyTitle: 'עדיין אין חוזים',
  write: 'contracts.write',
  api: recordApi<Contract>('contracts', 'contract'),
  columns: [
    { header: 'כותרת', cell: (k) => k.title, class: 'font-medium text-slate-900' },
    leadColumn,
    'status',
    { header: 'מסמך', cell: (k) => <DocumentCell contract={k} /> },
    { header: 'נשלח', cell: (k) => dateOrDash(k.sentAt) },
    { header: 'נחתם', cell: (k) => dateOrDash(k.signedAt) },
  ],
  statuses: {
    labels: { draft: 'טיוטה', sent: 'נשלח', signed: 'נחתם', cancelled: 'בוטל' },
    // Cancelled is final; a signed contract can only be cancelled (server/billing/contracts.ts).
    next: {
      draft: ['sent', 'signed', 'cancelled'],
      sent: ['draft', 'signed', 'cancelled'],
      signed: ['cancelled'],
      cancelled: [],
    },
  },
  name: (k) => k.title,
  fields: [
    {
      name: 'title',
      label: 'כותרת',
      kind: 'text',
      id: 'title',
      required: true,
      maxLength: 200,
      refused: 'יש לתת לחוזה כותרת.',
    },
    {
      name: 'documentUrl',
      label: 'קישור למסמך',
      kind: 'url',
      id: 'url',
      refused: 'יש להזין כתובת http(s) של המסמך.',
    },
  ],
};

/** Contracts with customers (the contracts feature): the document, where it stands, its dates. */
export default function ContractsPage() {
  return <RecordsPage kind={CONTRACTS} />;
}
