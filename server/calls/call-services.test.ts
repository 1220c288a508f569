import { expect, test } from 'bun:test';
import type { Database } from '../db/database';
import { createLogger } from '../lib/logger';
import { waitUntil } from '../standins/wait';
import { type CallFinish, createCallServices } from './call-services.ts';

const dropped = () => Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });

function servicesOn(db: Database, extra: { maxWaitingRecords?: number } = {}) {
  let remembered = 0;
  const services = createCallServices({
    db,
    brain: {
      voiceSession: async () => {
        throw new Error('unused');
      },
      executeTool: async () => {
        throw new Error('unused');
      },
      remember: async () => void remembered++,
    },
    log: createLogger('silent'),
    fallbackVoice: 'cedar',
    model: 'gpt-realtime',
    recordRetry: { delaysMs: [1] },
    ...extra,
  });
  return { services, remembered: () => remembered };
}

function finishedCall(): CallFinish {
  const begin = {
    callId: crypto.randomUUID(),
    callSid: 'CA1',
    businessId: crypto.randomUUID(),
    businessName: 'מספרה',
    from: '+972541234567',
    to: '+97235550111',
    startedAt: new Date(),
    answeredAt: new Date(),
  };
  return {
    callId: begin.callId,
    businessId: begin.businessId,
    begin,
    endedAt: new Date(),
    endReason: 'caller hung up',
    durationMs: 20_000,
    transcript: [],
    counters: {} as CallFinish['counters'],
    recordFailed: false,
    recording: null,
  };
}

test("a call's record is written once the database is back, not lost to the outage", async () => {
  let attempts = 0;
  const db = {
    withTenant: async () => {
      attempts++;
      if (attempts <= 3) throw dropped();
    },
  } as unknown as Database;
  const { services, remembered } = servicesOn(db);
  await services.finish(finishedCall());
  expect(attempts).toBe(4); // three refusals, then the write
  expect(services.stats.recordFailures).toBe(0);
  expect(remembered()).toBe(1);
});

test('records wait for the database up to the bound; one more is dropped at once and counted', async () => {
  let down = true;
  const written: string[] = [];
  const db = {
    withTenant: async () => {
      if (down) throw dropped();
      written.push('row');
    },
  } as unknown as Database;
  const { services } = servicesOn(db, { maxWaitingRecords: 2 });
  const waiting = [services.finish(finishedCall()), services.finish(finishedCall())];
  await waitUntil(() => services.stats.recordsWaiting === 2, 'two records waiting');
  await services.finish(finishedCall()); // the third: nowhere to wait
  expect(services.stats).toMatchObject({ recordsDropped: 1, recordFailures: 1, recordsWaiting: 2 });
  down = false;
  await Promise.all(waiting);
  expect(written).toHaveLength(2);
  expect(services.stats).toMatchObject({ recordsDropped: 1, recordFailures: 1, recordsWaiting: 0 });
});
