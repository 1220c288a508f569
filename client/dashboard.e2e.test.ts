import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Action, can, HOME_PAGE, ROLES, type Role } from '../server/auth/permissions';
import { startTestServer } from '../server/test/server';

/**
 * The dashboard in a real browser against the real API and the built client (client/dist,
 * so run `bun run build` first). One browser for the file; one fresh context per role.
 */

// Each page and the action that opens it, written out here rather than imported from the
// client's nav table, so the sidebar is checked against the permission table itself.
const PAGE_ACTIONS: Record<string, Action> = {
  '/overview': 'overview.read',
  '/leads': 'leads.read',
  '/users': 'user.list',
  '/businesses': 'business.list_all',
};

const ROLE_NAMES: Record<Role, string> = {
  system_admin: 'the system admin',
  owner: 'an owner',
  admin: 'an admin',
  agent: 'an agent',
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startTestServer(),
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const pathIs = (path: string) => (url: URL) => url.pathname === path;

async function logIn(page: Page, role: Role) {
  await page.getByLabel('אימייל', { exact: true }).fill(server.users[role].email);
  await page.getByLabel('סיסמה', { exact: true }).fill(server.users[role].password);
  await page.getByRole('button', { name: 'התחברות' }).click();
}

async function sidebarLinks(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link');
  await links.first().waitFor();
  return (await links.evaluateAll((all) => all.map((a) => a.getAttribute('href') ?? ''))).sort();
}

for (const role of ROLES) {
  const home = HOME_PAGE[role];
  const allowed = Object.keys(PAGE_ACTIONS)
    .filter((path) => can(role, PAGE_ACTIONS[path] as Action))
    .sort();
  const forbidden = Object.keys(PAGE_ACTIONS).find((path) => !allowed.includes(path));

  test(`${ROLE_NAMES[role]} signs in to a Hebrew RTL page, lands on ${home}, sees only permitted pages${
    forbidden ? `, is sent home from ${forbidden}` : ''
  } and logs out`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    try {
      await page.goto(`${server.url}${home}`);
      await page.waitForURL(pathIs('/login'));
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
        'rtl',
        'he',
      ]);

      await logIn(page, role);
      await page.waitForURL(pathIs(home));
      expect(await sidebarLinks(page)).toEqual(allowed);

      if (forbidden) {
        await page.goto(`${server.url}${forbidden}`);
        await page.waitForURL(pathIs(home));
        await page.getByRole('navigation', { name: 'ניווט ראשי' }).waitFor();
      }

      await page.getByRole('button', { name: 'התנתקות' }).click();
      await page.waitForURL(pathIs('/login'));
      // The session is really gone: the home page now sends us back to /login.
      await page.goto(`${server.url}${home}`);
      await page.waitForURL(pathIs('/login'));
      await page.getByRole('button', { name: 'התחברות' }).waitFor();
    } finally {
      await context.close();
    }
  });
}

test('a wrong password shows a Hebrew error and stays on /login', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  try {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('אימייל', { exact: true }).fill(server.users.agent.email);
    await page.getByLabel('סיסמה', { exact: true }).fill(`${server.users.agent.password}-wrong`);
    await page.getByRole('button', { name: 'התחברות' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('האימייל או הסיסמה שגויים');
    expect(new URL(page.url()).pathname).toBe('/login');
  } finally {
    await context.close();
  }
});
