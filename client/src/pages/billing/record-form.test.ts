import { expect, test } from 'bun:test';
import { type FieldSpec, readRecordForm, SHEKELS_INVALID } from './record-form';

const fields: FieldSpec[] = [
  { name: 'amountAgorot', label: 'סכום (₪)', kind: 'shekels', id: 'amount', required: true },
  { name: 'title', label: 'כותרת', kind: 'text', id: 'title', required: true },
  { name: 'description', label: 'תיאור', kind: 'text', id: 'description' },
  { name: 'dueDate', label: 'לתשלום עד', kind: 'date', id: 'due' },
];

const form = (values: Record<string, string>) => new URLSearchParams(values);

test('shekels are sent as agorot, and the lead picked in the search as leadId', () => {
  const lead = crypto.randomUUID();
  expect(
    readRecordForm(
      fields,
      form({ amountAgorot: ' 1,250.5 ', title: 'מקדמה', dueDate: '2030-01-15', leadId: lead }),
    ),
  ).toEqual({ input: { amountAgorot: 125_050, title: 'מקדמה', dueDate: '2030-01-15', leadId: lead } });
});

test('optional fields left empty are not sent, but an empty required one is, for the server to refuse', () => {
  expect(readRecordForm(fields, form({ amountAgorot: '10', title: ' ', description: '' }))).toEqual({
    input: { amountAgorot: 1000, title: '' },
  });
});

test('an amount that is not money is refused beside its field before anything is sent', () => {
  for (const amount of ['', '0', '12.345', 'abc'])
    expect(readRecordForm(fields, form({ amountAgorot: amount, title: 'x' }))).toEqual({
      errors: { amountAgorot: SHEKELS_INVALID },
    });
});
