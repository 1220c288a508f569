import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { businesses, type CallTranscriptTurn, calls, jobs } from '../../../db/schema';
import { createOpenAiClient } from '../../agent/text/model';
import type { Database } from '../../db/database';
import { backoffMs } from '../../jobs/backoff';
import { createJobRunner } from '../../jobs/runner';
import { createLogger } from '../../lib/logger';
import { type ChatScript, startOpenAiRestStandin } from '../../standins/openai-rest/index';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import { recordCallEnd, recordCallStart } from '../call-records';
import { CALL_ANALYSIS_JOB } from './job';
import { createCallAnalysisJob } from './setup';

let db: Database;
let biz: string;
const log = createLogger('silent');
const BACKOFF = { baseMs: 10_000, maxMs: 60_000 };

beforeAll(async () => {
  db = await createTestDatabase();
  const [row] = await db.withSystem((tx) =>
    tx.insert(businesses).values({ name: 'מספרת רוני' }).returning({ id: businesses.id }),
  );
  biz = row?.id ?? '';
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

const BOOKING_CALL: CallTranscriptTurn[] = [
  { speaker: 'assistant', text: 'שלום, הגעתם למספרת רוני, במה אפשר לעזור?', atMs: 0 },
  { speaker: 'caller', text: 'היי, קוראים לי דנה, אני רוצה תספורת מחר בעשר', atMs: 4000 },
  { speaker: 'system', kind: 'tool', tool: { name: 'book_appointment', ok: true }, text: '', atMs: 7000 },
  { speaker: 'assistant', text: 'קבעתי לך תספורת מחר בעשר.', atMs: 8000 },
  { speaker: 'caller', text: 'מעולה, תודה רבה', atMs: 10000 },
];

async function endedCall(transcript: CallTranscriptTurn[]): Promise<string> {
  const callId = crypto.randomUUID();
  const now = new Date();
  await recordCallStart(db, {
    callId,
    businessId: biz,
    callSid: `CA${callId.replaceAll('-', '')}`,
    from: '+972541112233',
    to: '+97235550111',
    startedAt: now,
    answeredAt: now,
  });
  await recordCallEnd(db, {
    callId,
    businessId: biz,
    endedAt: now,
    endReason: 'caller hung up',
    durationMs: 9000,
    transcript,
    counters: {},
    recording: null,
  });
  return callId;
}

const callRow = async (id: string) => {
  const [row] = await db.withTenant(biz, (tx) => tx.select().from(calls).where(eq(calls.id, id)));
  if (!row) throw new Error('call vanished');
  return row;
};
const jobOf = async (callId: string) => {
  const rows = await db.withSystem((tx) => tx.select().from(jobs).where(eq(jobs.kind, CALL_ANALYSIS_JOB)));
  const job = rows.find((j) => j.payload.callId === callId);
  if (!job) throw new Error('no analysis job for the call');
  return job;
};

/** A runner whose model is the stand-in (with `script`), unreachable while `line.down`. */
async function rig(script?: ChatScript) {
  const standin = await startOpenAiRestStandin({ script });
  const line = { down: false };
  const client = createOpenAiClient({
    baseUrl: standin.baseUrl,
    apiKey: 'sk-test',
    // Port 1: a real refused connection, as when the service cannot be reached.
    fetch: ((url: string | URL | Request, init?: RequestInit) =>
      line.down ? fetch('http://127.0.0.1:1/v1/chat/completions', init) : fetch(url, init)) as typeof fetch,
  });
  const job = createCallAnalysisJob({ db, log, client, modelName: 'gpt-test' });
  let t = Date.now() + 1000;
  const clock = { now: () => new Date(t), advance: (ms: number) => (t += ms) };
  const runner = createJobRunner({
    db,
    log,
    handlers: { [CALL_ANALYSIS_JOB]: job },
    now: clock.now,
    backoff: BACKOFF,
  });
  return { standin, line, job, runner, clock };
}

test('an ended call is analysed: the Hebrew summary, outcome and fields are stored on it', async () => {
  const r = await rig();
  try {
    const id = await endedCall(BOOKING_CALL);
    expect((await callRow(id)).analysisStatus).toBe('pending');
    await r.runner.runOnce();
    const row = await callRow(id);
    expect(row.analysisStatus).toBe('done');
    expect(row.outcome).toBe('booked');
    expect(row.summary).toContain('דנה');
    expect(row.summary).toContain('תספורת');
    expect(row.analysis?.fields).toEqual({
      name: 'דנה',
      service: 'תספורת',
      time: 'מחר בעשר',
      callbackNumber: null,
    });
    expect(row.analysis?.sentiment).toBe('positive');
    // The request was structured output with the transcript, the tool's result included.
    const req = r.standin.requests.at(-1)?.body as {
      response_format: { type: string; json_schema: { name: string; strict: boolean } };
      messages: { content: string }[];
    };
    expect(req.response_format.type).toBe('json_schema');
    expect(req.response_format.json_schema.strict).toBe(true);
    expect(req.messages.at(-1)?.content).toContain('לקוח: היי, קוראים לי דנה');
    expect(req.messages.at(-1)?.content).toContain('book_appointment הצליח');
    expect((await jobOf(id)).status).toBe('done');
  } finally {
    await r.standin.stop();
  }
});

test('a call whose caller only asked a question is answered as such, nothing invented', async () => {
  const r = await rig();
  try {
    const id = await endedCall([
      { speaker: 'assistant', text: 'שלום, במה אפשר לעזור?', atMs: 0 },
      { speaker: 'caller', text: 'עד מתי אתם פתוחים?', atMs: 3000 },
      { speaker: 'assistant', text: 'אנחנו פתוחים עד שמונה בערב.', atMs: 5000 },
    ]);
    await r.runner.runOnce();
    const row = await callRow(id);
    expect(row.outcome).toBe('question_answered');
    expect(row.analysis?.fields).toEqual({ name: null, service: null, time: null, callbackNumber: null });
  } finally {
    await r.standin.stop();
  }
});

test('model unreachable: the call stays pending, retried after the backoff, then analysed', async () => {
  const r = await rig();
  try {
    const id = await endedCall(BOOKING_CALL);
    r.line.down = true;
    await r.runner.runOnce();
    expect((await callRow(id)).analysisStatus).toBe('pending');
    expect((await callRow(id)).summary).toBeNull();
    const waiting = await jobOf(id);
    expect(waiting.status).toBe('queued');
    expect(waiting.attempts).toBe(1);
    expect(waiting.runAt.getTime()).toBe(r.clock.now().getTime() + backoffMs(1, BACKOFF));
    expect(r.job.stats.unreachable).toBe(1);
    // Not before its time, even with the model back.
    r.line.down = false;
    expect(await r.runner.runOnce()).toBe(0);
    r.clock.advance(backoffMs(1, BACKOFF));
    await r.runner.runOnce();
    const row = await callRow(id);
    expect(row.analysisStatus).toBe('done');
    expect(row.outcome).toBe('booked');
    expect((await jobOf(id)).attempts).toBe(2);
  } finally {
    await r.standin.stop();
  }
});

test('a model unreachable through every attempt leaves the call failed with the reason, not pending forever', async () => {
  const r = await rig();
  try {
    const id = await endedCall(BOOKING_CALL);
    r.line.down = true;
    const job = await jobOf(id);
    for (let i = 0; i < job.maxAttempts; i++) {
      await r.runner.runOnce();
      r.clock.advance(BACKOFF.maxMs);
    }
    const row = await callRow(id);
    expect(row.analysisStatus).toBe('failed');
    expect(row.analysisError).toContain('could not be reached');
    expect(row.summary).toBeNull();
    expect(r.job.stats.gaveUp).toBe(1);
  } finally {
    await r.standin.stop();
  }
});

test('an answer that is not JSON, or not the schema: failed with the reason, counted, nothing stored', async () => {
  const r = await rig({
    responses: [
      { content: 'הנה הסיכום: הלקוח רצה תור' },
      {
        json: { summary: 'הלקוח קבע תור', outcome: 'sold', intent: 'תור', fields: {}, sentiment: 'neutral' },
      },
    ],
  });
  try {
    const notJson = await endedCall(BOOKING_CALL);
    await r.runner.runOnce();
    const wrongShape = await endedCall(BOOKING_CALL);
    await r.runner.runOnce();
    const a = await callRow(notJson);
    expect(a.analysisStatus).toBe('failed');
    expect(a.analysisError).toBe('the answer is not JSON');
    const b = await callRow(wrongShape);
    expect(b.analysisStatus).toBe('failed');
    expect(b.analysisError).toContain('does not match the schema');
    for (const row of [a, b]) {
      expect(row.summary).toBeNull();
      expect(row.outcome).toBeNull();
      expect(row.analysis).toBeNull();
    }
    expect(r.job.stats.invalid).toBe(2);
    // Not retried: the job is done, the reason is on the call.
    expect((await jobOf(notJson)).status).toBe('done');
  } finally {
    await r.standin.stop();
  }
});

test('a call where nobody spoke gets no analysis at all', async () => {
  const id = await endedCall([]);
  const row = await callRow(id);
  expect(row.analysisStatus).toBeNull();
  const rows = await db.withSystem((tx) => tx.select().from(jobs).where(eq(jobs.kind, CALL_ANALYSIS_JOB)));
  expect(rows.some((j) => j.payload.callId === id)).toBe(false);
});
