import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { businesses } from '../db/schema';
import { can } from '../server/auth/permissions';
import { at, businessDay } from '../server/scheduling/test-days';
import { apiAs, type Dashboard, FLOW_TIMEOUT_MS, reversedRuns, signedIn, startDashboard } from './e2e-helpers';
import { PAGES } from './src/nav';

/**
 * Numbers read right in Hebrew: every page, with leads that have no name (the heading is
 * the phone), Latin names, prices, tasks and appointments, measured in the rendered layout.
 */
let dashboard: Dashboard;
let leadId = '';

beforeAll(async () => {
  dashboard = await startDashboard();
  const { server } = dashboard;
  await server.db.withSystem((tx) =>
    tx.update(businesses).set({ features: { payments: true, contracts: true } }).where(eq(businesses.id, server.demoBusinessId)),
  );
  const owner = await apiAs(server, 'owner');
  const nameless = await owner<{ lead: { id: string } }>('POST', '/leads', { phone: '+972529876543' });
  leadId = nameless.lead.id;
  await owner('POST', '/leads', { phone: '03-555-0123', name: 'Dana Levi' });
  await owner('POST', '/tasks', { title: 'Call back +972529876543', leadId });
  await owner('POST', '/appointments', { startsAt: at(businessDay(1), '10:00'), leadId });
  await owner('POST', '/payments', { amountAgorot: 125_050, leadId });
  await owner('POST', `/leads/${leadId}/notes`, { body: 'ביקש לחזור אליו ל-+972529876543 אחרי 17:00' });
}, FLOW_TIMEOUT_MS);

afterAll(async () => {
  await dashboard?.stop();
});

test('no phone, price or number on any page reads reversed, for the owner', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    const paths = PAGES.filter((p) => can('owner', p.action)).map((p) => p.path.replace(':id', leadId));
    const problems: string[] = [];
    for (const path of paths) {
      await page.goto(`${dashboard.server.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.getByRole('status').filter({ hasText: 'טוען' }).waitFor({ state: 'detached' });
      problems.push(...(await reversedRuns(page)).map((p) => `${path}: ${p}`));
    }
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS * 2);

test("a nameless lead's page is headed by its phone in national format, with call and WhatsApp links", async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.goto(`${dashboard.server.url}/leads/${leadId}`);
    expect(await page.locator('main h1').first().textContent()).toBe('052-987-6543');
    const call = page.getByRole('link', { name: '052-987-6543' }).first();
    expect(await call.getAttribute('href')).toBe('tel:+972529876543');
    expect(await page.getByRole('link', { name: 'וואטסאפ ל־052-987-6543' }).first().getAttribute('href')).toBe(
      'https://wa.me/972529876543',
    );
    expect(await reversedRuns(page)).toEqual([]);

    await page.goto(`${dashboard.server.url}/leads`);
    await page.getByRole('link', { name: '03-555-0123' }).first().waitFor();
    expect(await page.locator('main').textContent()).not.toContain('+972');
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test("the system admin's business list shows its numbers in national format, in order", async () => {
  const { context, page } = await signedIn(dashboard, 'system_admin');
  try {
    await page.getByText('03-555-0100').first().waitFor();
    expect(await reversedRuns(page)).toEqual([]);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('the check itself sees a phone the bidi algorithm reversed, and a sign moved to the end', async () => {
  const context = await dashboard.browser.newContext();
  const page = await context.newPage();
  try {
    await page.setContent(
      '<html dir="rtl" lang="he"><body><p>ליד חדש: +972501234567</p><p>יתרה: -5 ₪</p><p><bdi dir="ltr">+972501234567</bdi> ב-10:00</p></body></html>',
    );
    expect(await reversedRuns(page)).toEqual([
      '"+972501234567" in "ליד חדש: +972501234567"',
      '"-5" in "יתרה: -5 ₪"',
    ]);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
