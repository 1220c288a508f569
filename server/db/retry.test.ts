import { expect, test } from 'bun:test';
import { rejected, rejectionOf } from '../test/settle';
import { whileUnavailable } from './retry';

const dropped = () => Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });

test('retries while the database is unreachable, then returns the work once it succeeds', async () => {
  let calls = 0;
  const waits: number[] = [];
  const result = await whileUnavailable(
    async () => {
      calls++;
      if (calls < 4) throw new Error('Failed query', { cause: dropped() });
      return 'written';
    },
    { delaysMs: [1, 2], sleep: async (ms) => void waits.push(ms) },
  );
  expect(result).toBe('written');
  expect(waits).toEqual([1, 2, 2]);
});

test('does not retry a statement the database refused, and gives up after forMs', async () => {
  let calls = 0;
  const refused = Object.assign(new Error('duplicate key'), { code: '23505' });
  expect(
    await rejectionOf(
      whileUnavailable(async () => {
        calls++;
        throw refused;
      }),
    ),
  ).toBe(refused);
  expect(calls).toBe(1);
  let t = 0;
  expect(
    await rejected(
      whileUnavailable(() => Promise.reject(dropped()), {
        forMs: 10,
        now: () => t,
        sleep: async () => {
          t += 4;
        },
      }),
    ),
  ).toThrow('CONNECTION_CLOSED');
});
