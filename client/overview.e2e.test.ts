/**
 * The overview and the post-call summary in a real browser: the day's known calls,
 * bookings, leads and conversations appear as the overview's numbers, and a call that
 * ended with words said shows the summary the analysis job wrote from its transcript.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { recordCallEnd, recordCallStart } from '../server/calls/call-records';
import { EXPECTED, seedOverviewData } from '../server/overview/test-data';
import { type Dashboard, FLOW_TIMEOUT_MS, signedIn, startDashboard } from './e2e-helpers';

let dashboard: Dashboard;

beforeAll(async () => {
  dashboard = await startDashboard();
  await seedOverviewData(dashboard.server.db, dashboard.server.demoBusinessId, new Date(), 0);
}, FLOW_TIMEOUT_MS);
afterAll(async () => {
  await dashboard?.stop();
});

test('the overview shows the numbers of the data created, for today and for 30 days', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    const value = (id: string) => page.locator(`[data-figure="${id}"] [data-value]`);
    await value('answered').waitFor();
    const e = EXPECTED.today;
    expect(await value('answered').innerText()).toBe(String(e.answered));
    expect(await value('missed').innerText()).toBe(String(e.missed));
    expect(await value('bookings').innerText()).toBe(String(e.bookingsByAssistant));
    expect(await value('whatsapp').innerText()).toBe(String(e.whatsappConversations));
    expect(await value('faq').innerText()).toContain('40');
    // The median greeting from the roll-up's histogram: within 2 % of the exact 500 ms.
    const greeting = Number((await value('greeting').innerText()).replace(/[^\d.]/g, ''));
    expect(Math.abs(greeting - e.greetingMedian)).toBeLessThanOrEqual(e.greetingMedian * 0.02);
    const leads = page.locator('[data-breakdown="leads"] li');
    expect(await leads.count()).toBe(3);
    expect(await page.locator('[data-breakdown="leads"] li[data-row="שיחה"] [data-value]').innerText()).toBe('3');
    // Both charts are images with a summary a screen reader reads.
    await page.getByRole('img', { name: /שיחות לפי שעה היום: סך הכול 7/ }).waitFor();
    await page.getByRole('img', { name: /השעות העמוסות: סך הכול 7/ }).waitFor();
    await page.getByRole('button', { name: '30 ימים' }).click();
    await page.waitForFunction(
      (n) => document.querySelector('[data-figure="answered"] [data-value]')?.textContent === n,
      String(EXPECTED.month.answered),
    );
    await page.getByRole('img', { name: /שיחות לפי יום/ }).waitFor();
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test("a finished call's page shows the summary the analysis wrote from its transcript", async () => {
  const { db, demoBusinessId } = dashboard.server;
  const callId = crypto.randomUUID();
  const now = new Date();
  await recordCallStart(db, {
    callId,
    businessId: demoBusinessId,
    callSid: `CA${callId.replaceAll('-', '')}`,
    from: '+972541110000',
    to: '+97235550111',
    startedAt: now,
    answeredAt: now,
  });
  await recordCallEnd(db, {
    callId,
    businessId: demoBusinessId,
    endedAt: now,
    endReason: 'caller hung up',
    durationMs: 12_000,
    transcript: [
      { speaker: 'assistant', text: 'שלום, במה אפשר לעזור?', atMs: 0 },
      { speaker: 'caller', text: 'קוראים לי יעל, אני רוצה צבע ביום שלישי', atMs: 3000 },
      { speaker: 'assistant', text: 'אשמח לעזור, אבדוק זמינות ואחזור אלייך.', atMs: 6000 },
    ],
    counters: {},
    recording: null,
  });
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.goto(`${dashboard.server.url}/calls/${callId}`);
    const card = page.getByRole('region', { name: 'סיכום השיחה' });
    // Pending first or already done: the page follows the call live until the summary is there.
    await card.getByText('יעל פנה בעניין: צבע ביום שלישי').waitFor({ timeout: 30_000 });
    expect(await card.innerText()).toContain('צבע');
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
