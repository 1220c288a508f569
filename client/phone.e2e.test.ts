import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { businesses } from '../db/schema';
import { HOME_PAGE, ROLES, type Role } from '../server/auth/permissions';
import { apiAs, type Dashboard, FLOW_TIMEOUT_MS, logIn, PAGE_TIMEOUT_MS, pathIs, startDashboard } from './e2e-helpers';
import { PAGES, pageOpen } from './src/nav';

/**
 * The dashboard on a phone (390×844, an iPhone 12–15): every page of every role fits the
 * screen's width, every page is in the drawer, and the calendar opens on one day.
 */
const PHONE = { width: 390, height: 844 };
const FEATURES = { payments: true, contracts: true };
let dashboard: Dashboard;
let leadId = '';

beforeAll(async () => {
  dashboard = await startDashboard();
  const { server } = dashboard;
  await server.db.withSystem((tx) =>
    tx.update(businesses).set({ features: FEATURES }).where(eq(businesses.id, server.demoBusinessId)),
  );
  const owner = await apiAs(server, 'owner');
  // Long values are what push a page wide: a long name, a long email, a long task title.
  const lead = await owner<{ lead: { id: string } }>('POST', '/leads', {
    phone: '+972529876543',
    name: 'שם ארוך מאוד של לקוחה חדשה שמגיע מטופס באתר',
    email: 'a.very.long.address.for.testing.widths@example-company-domain.co.il',
  });
  leadId = lead.lead.id;
  await owner('POST', '/tasks', { title: 'לחזור ללקוחה עם הצעת מחיר מפורטת לכל השירותים', leadId });
  await owner('POST', '/payments', { amountAgorot: 1_250_000, leadId, description: 'מקדמה' });
}, FLOW_TIMEOUT_MS);

afterAll(async () => {
  await dashboard?.stop();
});

async function phoneSignedIn(role: Role) {
  const context = await dashboard.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await page.goto(`${dashboard.server.url}/login`);
  await logIn(page, dashboard.server, role);
  await page.waitForURL(pathIs(HOME_PAGE[role]));
  return { context, page };
}

/** How far the page reaches past the screen's width, in CSS pixels (0 when it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);

for (const role of ROLES) {
  test(`every page of ${role} fits a 390 px phone, and the drawer lists every one of them`, async () => {
    const { context, page } = await phoneSignedIn(role);
    try {
      // A system admin's session has no business, so no feature-flagged pages.
      const pages = PAGES.filter((p) => pageOpen(p, role, role === 'system_admin' ? undefined : FEATURES));
      const inNav = pages.filter((p) => p.nav !== false).map((p) => p.path);
      // The drawer: closed at first, every item once opened.
      const menu = page.getByRole('button', { name: 'תפריט' });
      const nav = page.getByRole('navigation', { name: 'ניווט ראשי' });
      expect(await nav.isVisible()).toBe(false);
      await menu.click();
      const links = await nav.getByRole('link').evaluateAll((all) => all.map((a) => a.getAttribute('href')));
      expect(links.sort()).toEqual([...inNav].sort());
      // Choosing a page closes it.
      const target = inNav.find((p) => p !== HOME_PAGE[role]) ?? inNav[0] ?? '/';
      await nav.locator(`a[href="${target}"]`).click();
      await page.waitForURL(pathIs(target));
      expect(await nav.isVisible()).toBe(false);

      const wide: string[] = [];
      for (const entry of pages) {
        // A system admin's business pages show their data once a business is chosen.
        const scoped = role === 'system_admin' && entry.path !== '/businesses';
        const path = entry.path.replace(':id', leadId);
        await page.goto(`${dashboard.server.url}${path}${scoped ? `?businessId=${dashboard.server.demoBusinessId}` : ''}`);
        await page.locator('main h1').first().waitFor();
        await page.getByRole('status').filter({ hasText: 'טוען' }).waitFor({ state: 'detached' });
        const by = await overflow(page);
        if (by > 0) wide.push(`${path}: ${by}px too wide`);
      }
      expect(wide).toEqual([]);
    } finally {
      await context.close();
    }
  }, FLOW_TIMEOUT_MS * 2);
}

test('on a phone the calendar opens on the day view', async () => {
  const { context, page } = await phoneSignedIn('agent');
  try {
    await page.goto(`${dashboard.server.url}/calendar`);
    // The page renders its view after it loads: wait for the state, not just the button.
    await page.getByRole('button', { name: 'יום', exact: true, pressed: true }).waitFor();
    await page.getByRole('button', { name: 'שבוע', exact: true }).click();
    await page.getByRole('button', { name: 'שבוע', exact: true, pressed: true }).waitFor();
    expect(await page.getByRole('button', { name: 'יום', exact: true }).getAttribute('aria-pressed')).toBe('false');
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('the width check itself sees a page wider than the phone', async () => {
  const context = await dashboard.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  try {
    await page.setContent('<html dir="rtl"><body style="margin:0"><table><tr><td style="white-space:nowrap">' + 'עמודה '.repeat(120) + '</td></tr></table></body></html>');
    expect(await overflow(page)).toBeGreaterThan(0);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
