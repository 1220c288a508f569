/**
 * The call log in a real browser: a call made by the Twilio caller stand-in (answered by
 * the Realtime stand-in) appears in the open list by itself, opens, plays, and a click on a
 * transcript line seeks the recording there and highlights it. An agent sees calls.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { loadUlaw } from '../server/standins/fixtures';
import { startTwilioCaller, waitUntil } from '../server/standins/twilio-caller/index';
import { script } from '../server/calls/e2e/script-turns';
import { type Dashboard, FLOW_TIMEOUT_MS, signedIn, startDashboard } from './e2e-helpers';

let dashboard: Dashboard;

beforeAll(async () => {
  dashboard = await startDashboard({
    phone: {
      script: await script({ audio: { name: 'assistant-greeting', ms: 1500 }, transcript: 'שלום, הגעתם למספרה' }, [
        { audio: { name: 'assistant-offer', ms: 1500 }, transcript: 'יש לנו תור פנוי מחר בעשר' },
      ]),
    },
  });
}, FLOW_TIMEOUT_MS);
afterAll(async () => {
  await dashboard?.stop();
});

/** One call: the greeting, the caller asks for a booking, the assistant answers, the caller hangs up. */
async function makeCall(from: string) {
  const phone = dashboard.server.phone;
  if (!phone) throw new Error('the test server has no phone');
  const endedBefore = phone.ended;
  const caller = await startTwilioCaller(phone.caller({ from }));
  await waitUntil(() => caller.report().heardAudio.length >= 1500 * 8, 'the greeting heard', { timeoutMs: 15_000 });
  await caller.say((await loadUlaw('caller-booking')).subarray(0, 1500 * 8), Math.ceil(caller.nowMs()) + 300);
  await waitUntil(() => caller.report().heardAudio.length >= 3000 * 8, 'the reply heard', { timeoutMs: 15_000 });
  await caller.hangup();
  await waitUntil(() => phone.ended > endedBefore, 'the call record written', { timeoutMs: 15_000 });
}

test(
  'an agent sees a new call appear in the open list, opens it, plays it and seeks to a clicked line',
  async () => {
    const { context, page } = await signedIn(dashboard, 'agent');
    try {
      await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'שיחות', exact: true }).click();
      await page.getByRole('heading', { name: 'שיחות', level: 1 }).waitFor();
      await page.getByText('עדיין אין שיחות').waitFor();
      await makeCall('+972541234567');
      // No reload: the list hears of the call over the stream.
      const row = page.locator('tr[data-call-id]');
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      await row.first().getByRole('link').click();
      await page.getByRole('heading', { name: 'התמליל' }).waitFor();
      const transcript = page.getByRole('list', { name: 'תמליל השיחה' });
      const reply = transcript.getByRole('button', { name: /יש לנו תור פנוי מחר בעשר/ });
      await reply.waitFor();
      await transcript.getByRole('button', { name: /שלום, הגעתם למספרה/ }).waitFor();
      const audio = page.locator('audio');
      await page.waitForFunction(() => (document.querySelector('audio')?.duration ?? 0) > 0);
      const lineAt = await reply.evaluate((el) => {
        const text = el.querySelector('bdi')?.textContent ?? '0:00';
        const [m, s] = text.split(':').map(Number);
        return (m ?? 0) * 60 + (s ?? 0);
      });
      await reply.click();
      // Seeks to the line and plays from it; the line is the one highlighted.
      await page.waitForFunction(
        (at) => {
          const a = document.querySelector('audio');
          return a !== null && !a.paused && a.currentTime >= at - 1;
        },
        lineAt,
      );
      expect(await reply.getAttribute('aria-current')).toBe('true');
      const before = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
      await page.waitForFunction((t) => (document.querySelector('audio')?.currentTime ?? 0) > t, before);
      // The keyboard reaches the lines: Arrow up moves to the line before, Enter plays from it.
      const replyLine = Number(await reply.getAttribute('data-line'));
      await reply.focus();
      await page.keyboard.press('ArrowUp');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-line') ?? null);
      expect(focused).not.toBeNull();
      expect(Number(focused)).toBeLessThan(replyLine);
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (line) => document.querySelector(`button[data-line="${line}"]`)?.getAttribute('aria-current') === 'true',
        focused,
      );
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS * 2,
);

test(
  'a call in progress shows on the open call log with its caller, a running duration and its transcript growing, and leaves when it ends',
  async () => {
    const { context, page } = await signedIn(dashboard, 'agent');
    const phone = dashboard.server.phone;
    if (!phone) throw new Error('the test server has no phone');
    try {
      await page.goto(`${dashboard.server.url}/calls`);
      await page.getByRole('heading', { name: 'שיחות', level: 1 }).waitFor();
      const caller = await startTwilioCaller(phone.caller({ from: '+972547654321' }));
      const panel = page.getByTestId('live-calls');
      await panel.waitFor();
      const card = panel.getByTestId('live-call');
      await card.getByText('+972547654321').waitFor();
      // The greeting's words arrive while the call goes on, then the reply to the caller.
      await card.getByText('שלום, הגעתם למספרה').waitFor({ timeout: 15_000 });
      await waitUntil(() => caller.report().heardAudio.length >= 1500 * 8, 'the greeting heard', { timeoutMs: 15_000 });
      await caller.say((await loadUlaw('caller-booking')).subarray(0, 1500 * 8), Math.ceil(caller.nowMs()) + 300);
      await card.getByText('יש לנו תור פנוי מחר בעשר').waitFor({ timeout: 15_000 });
      const duration = card.locator('time');
      const first = await duration.textContent();
      await page.waitForFunction(
        (before) => document.querySelector('[data-testid="live-call"] time')?.textContent !== before,
        first,
      );
      await caller.hangup();
      await panel.waitFor({ state: 'detached', timeout: 15_000 });
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS * 2,
);
