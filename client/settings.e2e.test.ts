import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Locator, Page } from 'playwright-core';
import { type Dashboard, FLOW_TIMEOUT_MS, pathIs, signedIn, startDashboard } from './e2e-helpers';

/**
 * The reminder lead times (on the appointment settings page) and the call settings page, in
 * a real browser against the real API and the built client (run `bun run build` first).
 */

let dashboard: Dashboard;

beforeAll(async () => {
  dashboard = await startDashboard();
}, FLOW_TIMEOUT_MS);

afterAll(async () => {
  await dashboard?.stop();
});

const RETENTION = 'שמירת הקלטות (ימים)';
const CUSTOMER_HOURS = 'תזכורת ללקוח בוואטסאפ (שעות לפני)';
const HANGOVER = 'שקט שמסיים דיבור (מ״ש)';

async function openPage(page: Page, label: string, path: string) {
  const nav = page.getByRole('navigation', { name: 'ניווט ראשי' });
  await nav.getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL(pathIs(path));
}

/** The text tied to a field through aria-describedby: its error, or its hint. */
async function description(field: Locator): Promise<string> {
  const id = await field.getAttribute('aria-describedby');
  expect(id).not.toBeNull();
  return (await field.page().locator(`[id="${id}"]`).textContent()) ?? '';
}

test('an owner changes the customer reminder and the recording retention, and both are still there after a reload', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await openPage(page, 'הגדרות יומן', '/settings/appointments');
    const reminders = page.getByRole('form', { name: 'תזכורות' });
    const customer = reminders.getByLabel(CUSTOMER_HOURS, { exact: true });
    expect(await customer.inputValue()).toBe('24');
    await customer.fill('48');
    expect(await description(customer)).toBe('הלקוח יקבל הודעת וואטסאפ יומיים לפני הפגישה.');
    await reminders.getByRole('button', { name: 'שמירת התזכורות' }).click();
    await page.getByRole('status').filter({ hasText: 'התזכורות נשמרו.' }).waitFor();

    await openPage(page, 'הגדרות שיחות', '/settings/calls');
    const retention = page.getByLabel(RETENTION, { exact: true });
    expect(await retention.inputValue()).toBe('');
    await retention.fill('30');
    // A VAD knob, in the collapsed advanced section.
    await page.getByText('מתקדם: זיהוי דיבור בשיחה').click();
    await page.getByLabel(HANGOVER, { exact: true }).fill('300');
    await page.getByRole('button', { name: 'שמירת הגדרות השיחות' }).click();
    await page.getByRole('status').filter({ hasText: 'ההגדרות נשמרו.' }).waitFor();

    await page.reload();
    expect(await page.getByLabel(RETENTION, { exact: true }).inputValue()).toBe('30');
    await page.getByText('ערך אחד הותאם').waitFor();
    expect(await page.getByLabel(HANGOVER, { exact: true }).inputValue()).toBe('300');

    await page.goto(`${dashboard.server.url}/settings/appointments`);
    expect(await page.getByRole('form', { name: 'תזכורות' }).getByLabel(CUSTOMER_HOURS, { exact: true }).inputValue(),).toBe('48');
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('values the server refuses show its errors next to their fields, and nothing is saved', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.goto(`${dashboard.server.url}/settings/calls`);
    const retention = page.getByLabel(RETENTION, { exact: true });
    const before = await retention.inputValue();
    await retention.fill('0');
    await page.getByText('מתקדם: זיהוי דיבור בשיחה').click();
    await page.getByLabel(HANGOVER, { exact: true }).fill('5000');
    // Closed again: the refusal below must open it by itself.
    await page.getByText('מתקדם: זיהוי דיבור בשיחה').click();
    await page.getByRole('button', { name: 'שמירת הגדרות השיחות' }).click();

    await page.getByRole('alert').filter({ hasText: 'חלק מהשדות אינם תקינים' }).waitFor();
    expect(await retention.getAttribute('aria-invalid')).toBe('true');
    expect(await description(retention)).toContain('בין 1 ל-3,650');
    const hangover = page.getByLabel(HANGOVER, { exact: true });
    await hangover.waitFor({ state: 'visible' });
    expect(await description(hangover)).toBe('ערך בין 20 ל-2,000.');

    await page.goto(`${dashboard.server.url}/settings/appointments`);
    const reminders = page.getByRole('form', { name: 'תזכורות' });
    const customer = reminders.getByLabel(CUSTOMER_HOURS, { exact: true });
    await customer.fill('200');
    await reminders.getByRole('button', { name: 'שמירת התזכורות' }).click();
    await reminders.getByRole('alert').waitFor();
    expect(await description(customer)).toBe('מספר שלם של שעות, בין 0 ל-168 (שבוע).');

    await page.goto(`${dashboard.server.url}/settings/calls`);
    expect(await page.getByLabel(RETENTION, { exact: true }).inputValue()).toBe(before);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('an agent has neither page: no sidebar link, and the addresses send them home', async () => {
  const { context, page } = await signedIn(dashboard, 'agent');
  try {
    const nav = page.getByRole('navigation', { name: 'ניווט ראשי' });
    await nav.getByRole('link', { name: 'לידים' }).waitFor();
    expect(await nav.getByRole('link', { name: /^(הגדרות שיחות|הגדרות יומן)$/ }).count()).toBe(0);
    for (const path of ['/settings/calls', '/settings/appointments']) {
      await page.goto(`${dashboard.server.url}${path}`);
      await page.waitForURL(pathIs('/leads'));
      await nav.waitFor();
    }
    expect(await page.getByLabel(RETENTION, { exact: true }).count()).toBe(0);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
