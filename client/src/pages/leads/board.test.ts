import { expect, test } from 'bun:test';
import { boardColumns, neighbours } from './board';
import type { Lead, LeadStatus } from './data';

const status = (id: string, position: number, retired = false): LeadStatus => ({
  id,
  name: id,
  color: '#3b82f6',
  position,
  retired,
});
const lead = (id: string, statusId: string) =>
  ({ id, status: { id: statusId, name: statusId, color: '#000000' } }) as Lead;

const statuses = [status('won', 3), status('new', 0), status('old', 1, true), status('contacted', 2)];

test('columns follow the status order and each holds its own leads', () => {
  const columns = boardColumns(statuses, [lead('a', 'contacted'), lead('b', 'new'), lead('c', 'contacted')]);
  expect(columns.map((c) => c.status.id)).toEqual(['new', 'contacted', 'won']);
  expect(columns[1]?.leads.map((l) => l.id)).toEqual(['a', 'c']);
});

test('a retired status keeps its column only while leads are in it', () => {
  const columns = boardColumns(statuses, [lead('a', 'old')]);
  expect(columns.map((c) => c.status.id)).toEqual(['new', 'old', 'contacted', 'won']);
});

test('one step moves a lead to the nearest status in use, skipping retired ones', () => {
  const columns = boardColumns(statuses, [lead('a', 'old')]);
  expect(neighbours(columns, 'new')).toEqual({ previous: undefined, next: statuses[3] });
  expect(neighbours(columns, 'contacted')).toEqual({ previous: statuses[1], next: statuses[0] });
  // A lead in a retired status can leave it in either direction.
  expect(neighbours(columns, 'old')).toEqual({ previous: statuses[1], next: statuses[3] });
});
