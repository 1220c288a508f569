import { action, query } from '@solidjs/router';
import { api, withQuery } from '../../api';

export type PaymentStatus = 'pending' | 'paid' | 'refunded';
export type ContractStatus = 'draft' | 'sent' | 'signed' | 'cancelled';
type LeadRef = { id: string; name: string | null; phone: string } | null;

export type Payment = {
  id: string;
  amountAgorot: number;
  currency: 'ILS';
  status: PaymentStatus;
  description: string;
  dueDate: string | null;
  paidAt: string | null;
  lead: LeadRef;
  createdAt: string;
};

export type Contract = {
  id: string;
  title: string;
  status: ContractStatus;
  documentUrl: string | null;
  fileRef: string | null;
  sentAt: string | null;
  signedAt: string | null;
  lead: LeadRef;
  createdAt: string;
};

export const PAYMENT_STATUS_LABEL: Record<PaymentStatus, string> = {
  pending: 'ממתין',
  paid: 'שולם',
  refunded: 'הוחזר',
};
/** Which statuses a payment may move to (the server enforces the same). */
export const PAYMENT_NEXT: Record<PaymentStatus, PaymentStatus[]> = {
  pending: ['paid'],
  paid: ['pending', 'refunded'],
  refunded: [],
};
export const CONTRACT_STATUS_LABEL: Record<ContractStatus, string> = {
  draft: 'טיוטה',
  sent: 'נשלח',
  signed: 'נחתם',
  cancelled: 'בוטל',
};
export const CONTRACT_NEXT: Record<ContractStatus, ContractStatus[]> = {
  draft: ['sent', 'signed', 'cancelled'],
  sent: ['draft', 'signed', 'cancelled'],
  signed: ['cancelled'],
  cancelled: [],
};

export const listPayments = query(
  async (businessId: string | undefined) =>
    (await api.get<{ payments: Payment[] }>(withQuery('/api/payments', { businessId }))).payments,
  'payments',
);
export const createPayment = action(
  (
    businessId: string | undefined,
    input: { amountAgorot: number; description?: string; dueDate?: string; leadId?: string },
  ) => api.post<{ payment: Payment }>(withQuery('/api/payments', { businessId }), input),
  'createPayment',
);
export const updatePayment = action(
  (businessId: string | undefined, id: string, patch: { status: PaymentStatus }) =>
    api.patch<{ payment: Payment }>(
      withQuery(`/api/payments/${encodeURIComponent(id)}`, { businessId }),
      patch,
    ),
  'updatePayment',
);

export const listContracts = query(
  async (businessId: string | undefined) =>
    (await api.get<{ contracts: Contract[] }>(withQuery('/api/contracts', { businessId }))).contracts,
  'contracts',
);
export const createContract = action(
  (businessId: string | undefined, input: { title: string; documentUrl?: string; leadId?: string }) =>
    api.post<{ contract: Contract }>(withQuery('/api/contracts', { businessId }), input),
  'createContract',
);
export const updateContract = action(
  (businessId: string | undefined, id: string, patch: { status: ContractStatus }) =>
    api.patch<{ contract: Contract }>(
      withQuery(`/api/contracts/${encodeURIComponent(id)}`, { businessId }),
      patch,
    ),
  'updateContract',
);
