/**
 * What the dashboard's browser tests share: a real server (server/test/server.ts) serving
 * the built client (client/dist, so run `bun run build` first), one headless Chromium, and
 * signing in through the login page.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { HOME_PAGE, type Role } from '../server/auth/permissions';
import { startTestServer, type TestServer } from '../server/test/server';

/**
 * How long a page may take to show what a step waits for. Generous: CI runs the browser, the
 * server and PostgreSQL on two loaded cores; a real failure still fails, only later.
 */
export const PAGE_TIMEOUT_MS = 15_000;
/** A whole flow in the browser: several steps, each allowed PAGE_TIMEOUT_MS. */
export const FLOW_TIMEOUT_MS = 60_000;

export interface Dashboard {
  server: TestServer;
  browser: Browser;
  stop(): Promise<void>;
}

/** One server and one browser for a test file; each test opens its own context. */
export async function startDashboard(): Promise<Dashboard> {
  const [server, browser] = await Promise.all([
    startTestServer(),
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    }),
  ]);
  return {
    server,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

export const pathIs = (path: string) => (url: URL) => url.pathname === path;

/** Fills and sends the login form already on `page`. */
export async function logIn(page: Page, server: TestServer, role: Role) {
  await page.getByLabel('אימייל', { exact: true }).fill(server.users[role].email);
  await page.getByLabel('סיסמה', { exact: true }).fill(server.users[role].password);
  await page.getByRole('button', { name: 'התחברות' }).click();
}

/** A signed-in page for `role`, on its home page, in a fresh context; the caller closes the context. */
export async function signedIn(
  dashboard: Dashboard,
  role: Role,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await dashboard.browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await page.goto(`${dashboard.server.url}/login`);
  await logIn(page, dashboard.server, role);
  await page.waitForURL(pathIs(HOME_PAGE[role]));
  return { context, page };
}
