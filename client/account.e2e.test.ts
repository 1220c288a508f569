import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Dashboard, FLOW_TIMEOUT_MS, PAGE_TIMEOUT_MS, pathIs, signedIn, startDashboard } from './e2e-helpers';

/** A person's own account: the profile page, and a forgotten password reset by a mailed link. */
let dashboard: Dashboard;
beforeAll(async () => {
  dashboard = await startDashboard();
}, FLOW_TIMEOUT_MS);
afterAll(async () => {
  await dashboard?.stop();
});

async function signIn(page: import('playwright-core').Page, email: string, password: string) {
  await page.goto(`${dashboard.server.url}/login`);
  await page.getByLabel('אימייל', { exact: true }).fill(email);
  await page.getByLabel('סיסמה', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'התחברות' }).click();
}

test('the profile renames its owner and changes the password only with the current one', async () => {
  const { context, page } = await signedIn(dashboard, 'admin');
  try {
    await page.getByRole('link', { name: 'יוסי לוי' }).click();
    await page.waitForURL(pathIs('/profile'));
    await page.getByRole('heading', { name: 'הפרופיל שלי' }).waitFor();
    const details = page.getByRole('form', { name: 'פרטים' });
    await details.getByLabel('שם', { exact: true }).fill('יוסי לוי-כהן');
    await details.getByRole('button', { name: 'שמירה' }).click();
    await page.getByRole('link', { name: 'יוסי לוי-כהן' }).waitFor();

    const form = page.getByRole('form', { name: 'החלפת סיסמה' });
    await form.getByLabel('סיסמה נוכחית').fill('not-my-password-1');
    await form.getByLabel('סיסמה חדשה', { exact: true }).fill('Admin-new-password-77');
    await form.getByLabel('אימות הסיסמה החדשה').fill('Admin-new-password-77');
    await form.getByRole('button', { name: 'החלפת הסיסמה' }).click();
    await form.getByText('הסיסמה הנוכחית שגויה.').waitFor();

    await form.getByLabel('סיסמה נוכחית').fill(dashboard.server.users.admin.password);
    await form.getByRole('button', { name: 'החלפת הסיסמה' }).click();
    await page.getByText('הסיסמה הוחלפה').waitFor();
    // This session goes on; the old password no longer opens the account, the new one does.
    await page.getByRole('link', { name: 'יומן', exact: true }).click();
    await page.waitForURL(pathIs('/calendar'));
    await page.getByRole('button', { name: 'התנתקות' }).click();
    await page.waitForURL(pathIs('/login'));
    await signIn(page, dashboard.server.users.admin.email, dashboard.server.users.admin.password);
    await page.getByText('האימייל או הסיסמה שגויים.').waitFor();
    await signIn(page, dashboard.server.users.admin.email, 'Admin-new-password-77');
    await page.waitForURL((url) => url.pathname !== '/login');
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('a forgotten password is reset through the mailed link, which then opens nothing', async () => {
  const context = await dashboard.browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  try {
    const { email } = dashboard.server.users.agent;
    await page.goto(`${dashboard.server.url}/login`);
    await page.getByRole('link', { name: 'שכחתי את הסיסמה' }).click();
    await page.waitForURL(pathIs('/forgot-password'));
    const seen = dashboard.server.mail.messages.length;
    await page.getByLabel('אימייל', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'שליחת קישור' }).click();
    await page.getByRole('status').getByText('אם הכתובת רשומה במערכת').waitFor();

    const mail = await dashboard.server.mail.next(seen);
    expect(mail.to).toEqual([email]);
    const link = /https?:\/\/\S+\/reset-password#token=\S+/.exec(mail.text)?.[0];
    expect(link?.startsWith(dashboard.server.url)).toBe(true);
    await page.goto(link as string);
    // The token leaves the address bar as soon as the page has read it.
    await page.waitForURL((url) => url.pathname === '/reset-password' && url.hash === '');
    await page.getByLabel('סיסמה חדשה').fill('short');
    await page.getByLabel('אימות הסיסמה').fill('short');
    await page.getByRole('button', { name: 'קביעת הסיסמה' }).click();
    await page.getByText('הסיסמה קצרה מדי').waitFor();
    await page.getByLabel('סיסמה חדשה').fill('Moonlit-harbor-2026');
    await page.getByLabel('אימות הסיסמה').fill('Moonlit-harbor-2026');
    await page.getByRole('button', { name: 'קביעת הסיסמה' }).click();
    await page.getByText('הסיסמה נקבעה').waitFor();

    await signIn(page, email, 'Moonlit-harbor-2026');
    await page.waitForURL((url) => url.pathname !== '/login');

    // The same link again: refused, and it says how to go on.
    await page.goto(link as string);
    await page.getByLabel('סיסמה חדשה').fill('Quiet-river-stone-4');
    await page.getByLabel('אימות הסיסמה').fill('Quiet-river-stone-4');
    await page.getByRole('button', { name: 'קביעת הסיסמה' }).click();
    await page.getByText('הקישור לאיפוס אינו תקף').waitFor();
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('a business created with its owner mails them a link; they choose a password and land on their overview', async () => {
  const { context, page } = await signedIn(dashboard, 'system_admin');
  const owner = await dashboard.browser.newContext();
  try {
    await page.getByRole('button', { name: 'עסק חדש' }).click();
    const form = page.getByRole('form', { name: 'עסק חדש' });
    await form.getByLabel('שם העסק').fill('מוסך השרון');
    await form.getByLabel('מספר טלפון 1').fill('09-555-0177');
    await form.getByLabel('שם הבעלים').fill('שרון אבני');
    await form.getByLabel('אימייל הבעלים').fill('sharon@garage.test');
    const seen = dashboard.server.mail.messages.length;
    await form.getByRole('button', { name: 'יצירת העסק' }).click();
    await page.getByText('נשלחה הזמנה ל-sharon@garage.test').waitFor();

    const mail = await dashboard.server.mail.next(seen);
    expect(mail.subject).toBe('הוזמנת לנהל את מוסך השרון ב-ProSaaS');
    const link = /https?:\/\/\S+\/reset-password#token=\S+/.exec(mail.text)?.[0] as string;
    const ownerPage = await owner.newPage();
    ownerPage.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await ownerPage.goto(link);
    await ownerPage.getByLabel('סיסמה חדשה').fill('Blue-engine-4417');
    await ownerPage.getByLabel('אימות הסיסמה').fill('Blue-engine-4417');
    await ownerPage.getByRole('button', { name: 'קביעת הסיסמה' }).click();
    await ownerPage.getByRole('link', { name: 'לכניסה' }).click();
    await ownerPage.getByLabel('אימייל', { exact: true }).fill('sharon@garage.test');
    await ownerPage.getByLabel('סיסמה', { exact: true }).fill('Blue-engine-4417');
    await ownerPage.getByRole('button', { name: 'התחברות' }).click();
    await ownerPage.waitForURL(pathIs('/overview'));
    await ownerPage.getByText('מוסך השרון').first().waitFor();
  } finally {
    await owner.close();
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
