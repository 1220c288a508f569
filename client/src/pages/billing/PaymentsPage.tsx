import { formatAgorot } from './money';
import { RecordsPage } from './RecordsPage';
import { type BillingRecord, dateOrDash, leadColumn, type RecordKind, recordApi } from './records';

export type PaymentStatus = 'pending' | 'paid' | 'refunded';

export interface Payment extends BillingRecord {
  amountAgorot: number;
  currency: 'ILS';
  status: PaymentStatus;
  description: string;
  dueDate: string | null;
  paidAt: string | null;
  createdAt: string;
}

const PAYMENTS: RecordKind<Payment> = {
  key: 'payment',
  title: 'תשלומים',
  description: 'מה שולם, מה ממתין ומה הוחזר',
  icon: 'payments',
  newLabel: 'תשלום חדש',
  definite: 'התשלום',
  emptyTitle: 'עדיין אין תשלומים',
  write: 'payments.write',
  api: recordApi<Payment>('payments', 'payment'),
  columns: [
    { header: 'סכום', cell: (p) => formatAgorot(p.amountAgorot), class: 'tabular-nums' },
    { header: 'תיאור', cell: (p) => p.description },
    leadColumn,
    'status',
    { header: 'לתשלום עד', cell: (p) => dateOrDash(p.dueDate) },
    { header: 'שולם', cell: (p) => dateOrDash(p.paidAt) },
  ],
  statuses: {
    labels: { pending: 'ממתין', paid: 'שולם', refunded: 'הוחזר' },
    // A refund is final, and only what was paid is refunded (server/billing/payments.ts).
    next: { pending: ['paid'], paid: ['pending', 'refunded'], refunded: [] },
  },
  name: (p) => p.description || formatAgorot(p.amountAgorot),
  fields: [
    { name: 'amountAgorot', label: 'סכום (₪)', kind: 'shekels', id: 'amount', required: true },
    { name: 'description', label: 'תיאור', kind: 'text', id: 'description', maxLength: 500 },
    { name: 'dueDate', label: 'לתשלום עד', kind: 'date', id: 'due' },
  ],
};

/** Payments the business tracks by hand (the payments feature): amounts, status, dates. */
export default function PaymentsPage() {
  return <RecordsPage kind={PAYMENTS} />;
}
