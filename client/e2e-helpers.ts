/**
 * What the dashboard's browser tests share: a real server (server/test/server.ts) serving
 * the built client (client/dist, so run `bun run build` first), one headless Chromium, and
 * signing in through the login page.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { HOME_PAGE, type Role } from '../server/auth/permissions';
import { startTestServer, type TestServer, type TestServerOptions } from '../server/test/server';

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
export async function startDashboard(opts: TestServerOptions = {}): Promise<Dashboard> {
  const [server, browser] = await Promise.all([
    startTestServer(opts),
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

/** The API as `role` sees it, signed in without a browser: for a test to arrange its data. */
export async function apiAs(server: TestServer, role: Role) {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: server.users[role].email, password: server.users[role].password }),
  });
  if (login.status !== 200) throw new Error(`${role} could not sign in: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/**
 * Every digit run on the page that reads in the wrong visual order: phones ("+972…",
 * "050 123 4567") and signed or decimal numbers, each measured character by character in
 * the rendered layout, so a run the bidi algorithm reordered ("972501234567+", "5-") is
 * caught whatever markup produced it. Also any number, phone or email field not typed
 * left to right.
 */
export function reversedRuns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    // A leading sign counts only at the start of a word ("ב-10" is Hebrew, not minus ten).
    const runs = /(?:(?<=^|[\s(:])[+-])?\d(?:[\d\- ]{5,}\d|[\d,.]*\d)?/g;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const rectOf = (node: Text, i: number) => {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      return range.getBoundingClientRect();
    };
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const el = node.parentElement;
      if (!el || el.closest('script,style,[aria-hidden="true"]') || !el.checkVisibility()) continue;
      for (const m of node.data.matchAll(runs)) {
        const text = m[0].trimEnd();
        if (text.replace(/\D/g, '').length < 2 && !/^[+-]/.test(text)) continue;
        const first = rectOf(node, m.index);
        const last = rectOf(node, m.index + text.length - 1);
        if (!first.width || !last.width || Math.abs(first.top - last.top) > first.height / 2) continue;
        if (first.left >= last.left) bad.push(`"${text}" in "${node.data.trim().slice(0, 80)}"`);
      }
    }
    for (const input of document.querySelectorAll<HTMLInputElement>(
      'input[type=number],input[type=tel],input[type=email]',
    )) {
      if (getComputedStyle(input).direction !== 'ltr') bad.push(`field ${input.name || input.id} typed right to left`);
    }
    return bad;
  });
}
