import { afterAll, beforeAll, expect, test } from 'bun:test';
import { apiAs, type Dashboard, FLOW_TIMEOUT_MS, pathIs, signedIn, startDashboard } from './e2e-helpers';

/** What a one-click consequence now asks first, what is kept, and what updates by itself. */
let dashboard: Dashboard;
beforeAll(async () => {
  dashboard = await startDashboard();
}, FLOW_TIMEOUT_MS);
afterAll(async () => {
  await dashboard?.stop();
});

test('suspending a business asks first; cancelling changes nothing; activating again does not ask', async () => {
  const { context, page } = await signedIn(dashboard, 'system_admin');
  try {
    const suspend = page.getByRole('button', { name: 'השהיית מספרת הדגמה' });
    await suspend.click();
    const dialog = page.getByRole('dialog', { name: 'להשהות את מספרת הדגמה?' });
    await dialog.getByRole('button', { name: 'ביטול' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: 'השהיית מספרת הדגמה' }).count()).toBe(1);
    await suspend.click();
    await dialog.getByRole('button', { name: 'השהיה' }).click();
    await page.getByRole('button', { name: 'הפעלת מספרת הדגמה' }).click();
    await page.getByRole('button', { name: 'השהיית מספרת הדגמה' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('the system admin keeps the chosen business across pages, and is offered no system-admin role inside it', async () => {
  const { context, page } = await signedIn(dashboard, 'system_admin');
  try {
    await page.goto(`${dashboard.server.url}/users`);
    await page.getByLabel('עסק', { exact: true }).selectOption(dashboard.server.demoBusinessId);
    await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'יומן', exact: true }).click();
    await page.waitForURL(pathIs('/calendar'));
    // The picker's options load after the page: wait for the chosen one to be selected.
    await page.waitForFunction(
      (id) => (document.querySelector('#business-picker') as HTMLSelectElement | null)?.value === id,
      dashboard.server.demoBusinessId,
    );
    await page.getByRole('heading', { name: 'יומן' }).waitFor();
    await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'משתמשים', exact: true }).click();
    await page.waitForURL(pathIs('/users'));
    await page.getByRole('button', { name: 'משתמש חדש' }).click();
    await page.locator('#new-user-role option').first().waitFor({ state: 'attached' });
    const roles = await page.locator('#new-user-role option').allTextContents();
    expect(roles.length).toBeGreaterThan(0);
    expect(roles).not.toContain('מנהל/ת מערכת');
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('disabling a user and deleting a lead status ask first', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.goto(`${dashboard.server.url}/users`);
    await page.getByRole('button', { name: /^השבתת נועה מזרחי$/ }).click();
    const disable = page.getByRole('dialog', { name: 'להשבית את נועה מזרחי?' });
    await disable.getByRole('button', { name: 'השבתה' }).click();
    await page.getByRole('button', { name: /^הפעלת נועה מזרחי$/ }).click();
    await page.getByRole('button', { name: /^השבתת נועה מזרחי$/ }).waitFor();

    await page.goto(`${dashboard.server.url}/settings/lead-statuses`);
    const form = page.getByRole('form', { name: 'סטטוס חדש' });
    await form.getByLabel('שם', { exact: true }).fill('זמני');
    await form.getByRole('button', { name: 'הוספה' }).click();
    await page.getByRole('button', { name: 'מחיקת זמני' }).click();
    const confirm = page.getByRole('dialog', { name: 'למחוק את הסטטוס זמני?' });
    await confirm.getByRole('button', { name: 'ביטול' }).click();
    expect(await page.getByRole('button', { name: 'מחיקת זמני' }).count()).toBe(1);
    await page.getByRole('button', { name: 'מחיקת זמני' }).click();
    await confirm.getByRole('button', { name: 'מחיקה' }).click();
    await page.getByRole('button', { name: 'מחיקת זמני' }).waitFor({ state: 'detached' });
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('leaving appointment settings with unsaved edits asks; a save is confirmed by a toast that goes away', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.goto(`${dashboard.server.url}/settings/appointments`);
    await page.getByLabel('משך משבצת (דקות)').fill('20');
    const nav = page.getByRole('navigation', { name: 'ניווט ראשי' });
    page.once('dialog', (d) => d.dismiss());
    await nav.getByRole('link', { name: 'לידים', exact: true }).click();
    expect(await page.getByLabel('משך משבצת (דקות)').inputValue()).toBe('20');
    expect(new URL(page.url()).pathname).toBe('/settings/appointments');

    await page.getByRole('button', { name: 'שמירת ההגדרות' }).click();
    const toast = page.getByRole('status').getByText('ההגדרות נשמרו.');
    await toast.waitFor();
    await toast.waitFor({ state: 'detached' });
    // Saved: leaving no longer asks.
    await nav.getByRole('link', { name: 'לידים', exact: true }).click();
    await page.waitForURL(pathIs('/leads'));

    await page.goto(`${dashboard.server.url}/settings/appointments`);
    await page.getByLabel('משך משבצת (דקות)').fill('25');
    page.once('dialog', (d) => d.accept());
    await nav.getByRole('link', { name: 'לידים', exact: true }).click();
    await page.waitForURL(pathIs('/leads'));
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test("an agent's task board shows a task assigned to them as its notification arrives", async () => {
  const { context, page } = await signedIn(dashboard, 'agent');
  try {
    await page.goto(`${dashboard.server.url}/tasks`);
    await page.locator('[data-stream="open"]').waitFor();
    const me = await (await page.request.get(`${dashboard.server.url}/api/auth/me`)).json();
    const owner = await apiAs(dashboard.server, 'owner');
    await owner('POST', '/tasks', { title: 'להתקשר לספק', assigneeId: (me as { user: { id: string } }).user.id });
    await page.getByRole('region', { name: 'לביצוע', exact: true }).getByText('להתקשר לספק').waitFor();
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
