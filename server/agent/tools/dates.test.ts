import { expect, test } from 'bun:test';
import { resolveDateTime } from './dates';

// Sunday 2030-06-02, 10:00 in Jerusalem.
const opts = { now: new Date('2030-06-02T07:00:00Z'), timeZone: 'Asia/Jerusalem' };

test('an explicit date and time is taken as given', async () => {
  expect(await resolveDateTime('2030-06-04 15:30', opts)).toEqual({
    date: '2030-06-04',
    time: '15:30',
    via: 'explicit',
  });
  expect(await resolveDateTime('2030-06-04T09:05:00+03:00', opts)).toMatchObject({ time: '09:05' });
});

test('everyday Hebrew is parsed without a model', async () => {
  let asked = 0;
  const fallback = async () => {
    asked++;
    return null;
  };
  expect(await resolveDateTime('מחר בשלוש', { ...opts, fallback })).toEqual({
    date: '2030-06-03',
    time: '15:00',
    via: 'hebrew',
  });
  expect(asked).toBe(0);
});

test('what the parser does not know goes to the model, and its answer is validated', async () => {
  const fallback = async () => ({ date: '2030-06-20', time: '11:00' });
  expect(await resolveDateTime('אחרי החג הגדול', { ...opts, fallback })).toEqual({
    date: '2030-06-20',
    time: '11:00',
    via: 'model',
  });
  const wrong = async () => ({ date: '2030-02-31', time: '25:00' });
  expect(await resolveDateTime('אחרי החג הגדול', { ...opts, fallback: wrong })).toBeNull();
  const failing = async () => {
    throw new Error('timeout');
  };
  expect(await resolveDateTime('אחרי החג הגדול', { ...opts, fallback: failing })).toBeNull();
});

test('an impossible explicit date is refused', async () => {
  expect(await resolveDateTime('2030-02-30 10:00', opts)).toBeNull();
});
