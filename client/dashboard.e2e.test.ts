import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { type Action, can, HOME_PAGE, ROLES, type Role } from '../server/auth/permissions';
import type { TestServer } from '../server/test/server';
import {
  type Dashboard,
  FLOW_TIMEOUT_MS,
  logIn,
  PAGE_TIMEOUT_MS,
  pathIs,
  signedIn,
  startDashboard,
} from './e2e-helpers';

/**
 * The dashboard in a real browser against the real API and the built client (client/dist,
 * so run `bun run build` first). One browser for the file; one fresh context per role.
 */

// Each page and the action that opens it, written out here rather than imported from the
// client's nav table, so the sidebar is checked against the permission table itself.
const PAGE_ACTIONS: Record<string, Action> = {
  '/overview': 'overview.read',
  '/calendar': 'appointments.read',
  '/leads': 'leads.read',
  '/tasks': 'tasks.read',
  '/calls': 'calls.read',
  '/inbox': 'inbox.read',
  '/whatsapp': 'whatsapp.read',
  '/users': 'user.list',
  '/businesses': 'business.list_all',
  '/settings/appointments': 'settings.appointments',
  '/settings/calls': 'settings.calls',
  '/settings/lead-statuses': 'lead_statuses.manage',
  '/settings/assistant': 'assistant.read',
  '/settings/prompts': 'assistant.read',
  '/settings/faqs': 'assistant.read',
  '/settings/integrations': 'integrations.manage',
};

const ROLE_NAMES: Record<Role, string> = {
  system_admin: 'the system admin',
  owner: 'an owner',
  admin: 'an admin',
  agent: 'an agent',
};

let dashboard: Dashboard;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  dashboard = await startDashboard();
  ({ server, browser } = dashboard);
}, FLOW_TIMEOUT_MS);

afterAll(async () => {
  await dashboard?.stop();
});

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
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    try {
      await page.goto(`${server.url}${home}`);
      await page.waitForURL(pathIs('/login'));
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
        'rtl',
        'he',
      ]);

      await logIn(page, server, role);
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
  }, FLOW_TIMEOUT_MS);
}

test('a wrong password shows a Hebrew error and stays on /login', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  try {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('אימייל', { exact: true }).fill(server.users.agent.email);
    await page.getByLabel('סיסמה', { exact: true }).fill(`${server.users.agent.password}-wrong`);
    await page.getByRole('button', { name: 'התחברות' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('האימייל או הסיסמה שגויים');
    expect(new URL(page.url()).pathname).toBe('/login');
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('an agent books a free slot next week on the calendar, whose days run right to left, and sees it appear', async () => {
  const { context, page } = await signedIn(dashboard, 'agent');
  try {
    await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'יומן' }).click();
    await page.waitForURL(pathIs('/calendar'));
    // Next week always has open Sunday–Thursday slots inside the 30-day booking window.
    await page.getByRole('button', { name: 'השבוע הבא' }).click();
    // Next week's free slots on screen mean its grid replaced this week's: measure only then.
    const slot = page.getByRole('button', { name: /^קביעת פגישה ב.*ראשון/ }).first();
    await slot.waitFor();
    const days = page.locator('section[aria-label]');
    expect(await days.count()).toBe(7);
    const [sunday, monday] = [await days.nth(0).boundingBox(), await days.nth(1).boundingBox()];
    expect(await days.nth(0).getAttribute('aria-label')).toContain('ראשון');
    expect(sunday).not.toBeNull();
    expect((sunday?.x ?? 0) > (monday?.x ?? 0)).toBe(true);

    const label = (await slot.getAttribute('aria-label')) ?? '';
    const time = label.slice(-5);
    await slot.click();
    const dialog = page.getByRole('dialog', { name: 'קביעת פגישה' });
    await dialog.getByLabel('שם', { exact: true }).fill('דנה ביומן');
    await dialog.getByLabel('טלפון', { exact: true }).fill('054-700-1122');
    await dialog.getByRole('button', { name: 'קביעת הפגישה' }).click();

    // The booking shows on the grid, and the confirmation names its time.
    const booked = page.getByRole('button', { name: new RegExp(`^פגישה ${time}.*דנה ביומן`) });
    await booked.waitFor();
    expect(await page.getByText(/^הפגישה נקבעה/).first().textContent()).toContain(time);
    expect(await page.getByRole('button', { name: label, exact: true }).count()).toBe(0);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('an agent adds a lead, changes its status and sees the change on its timeline', async () => {
  const { context, page } = await signedIn(dashboard, 'agent');
  try {
    await page.getByRole('button', { name: 'ליד חדש' }).click();
    await page.getByLabel('שם', { exact: true }).fill('יוסי מהטופס');
    await page.getByLabel('טלפון', { exact: true }).fill('052-555-0101');
    await page.getByRole('button', { name: 'הוספת הליד' }).click();
    await page.waitForURL((url) => /^\/leads\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { name: 'יוסי מהטופס' }).waitFor();

    await page.getByLabel('סטטוס', { exact: true }).selectOption({ label: 'נוצר קשר' });
    const timeline = page.getByRole('region', { name: 'ציר זמן' });
    await timeline.getByText('הסטטוס שונה מ"חדש" ל"נוצר קשר"').waitFor();
    await timeline.getByText('הליד נוצר בסטטוס "חדש"').waitFor();

    // And the table finds it by a Hebrew search.
    await page.getByRole('link', { name: 'כל הלידים' }).click();
    await page.getByLabel('חיפוש', { exact: true }).fill('מהטופס');
    await page.getByRole('row').filter({ hasText: 'יוסי מהטופס' }).filter({ hasText: 'נוצר קשר' }).waitFor();
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

// The assistant flows below visit several pages each (2–4 s alone); a loaded 2-core CI can
// double that, past bun's 5 s default.

test('an owner saves two versions of the phone prompt, compares them, rolls back to version 1 and gets it as version 3', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'הנחיות לעוזר' }).click();
    const prompt = page.getByRole('textbox', { name: 'ההנחיות לערוץ טלפון' });
    const save = page.getByRole('button', { name: 'שמירה כגרסה חדשה' });
    const first = `${await prompt.inputValue()}\nהצע תמיד את התור הפנוי הקרוב.`;
    await prompt.fill(first);
    await save.click();
    await page.getByRole('status').filter({ hasText: 'נשמרה גרסה 1' }).waitFor();
    await prompt.fill(first.replace('הקרוב', 'הקרוב ביותר'));
    await save.click();
    await page.getByRole('status').filter({ hasText: 'נשמרה גרסה 2' }).waitFor();

    const history = page.getByRole('region', { name: 'היסטוריית גרסאות' }).getByRole('listitem');
    await history.first().filter({ hasText: 'גרסה 2' }).filter({ hasText: 'דנה כהן' }).waitFor();

    // The diff defaults to the previous version against the current one; changes carry + and −.
    const changes = page.getByRole('list', { name: 'השינויים מגרסה 1 לגרסה 2' });
    expect(await changes.locator('li[data-op="del"]').innerText()).toMatch(
      /^−\s*הוסר:\s*הצע תמיד את התור הפנוי הקרוב\.$/,
    );
    expect(await changes.locator('li[data-op="add"]').innerText()).toMatch(
      /^\+\s*נוסף:\s*הצע תמיד את התור הפנוי הקרוב ביותר\.$/,
    );

    await page.getByRole('button', { name: 'שחזור גרסה 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'לשחזר את גרסה 1?' });
    await dialog.getByRole('button', { name: 'שחזור' }).click();
    await history.first().filter({ hasText: 'גרסה 3' }).filter({ hasText: 'שוחזרה מגרסה 1' }).waitFor();
    expect(await dialog.count()).toBe(0);
    expect(await prompt.inputValue()).toBe(first);
    await page.getByLabel('מגרסה', { exact: true }).selectOption('1');
    await page.getByRole('status').filter({ hasText: 'גרסה 1 וגרסה 3 זהות.' }).waitFor();
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

// The FAQ page's try box has its own browser tests: client/faq.e2e.test.ts.

test("an agent sees the assistant's settings read-only", async () => {
  const { context, page } = await signedIn(dashboard, 'agent');
  const open = (label: string) =>
    page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: label }).click();
  try {
    await open('העוזר הדיגיטלי');
    expect(await page.getByLabel('שם העוזר', { exact: true }).getAttribute('readonly')).not.toBeNull();
    await page.getByText('צפייה בלבד').waitFor();
    expect(await page.getByRole('button', { name: 'שמירת הפרופיל' }).count()).toBe(0);

    await open('הנחיות לעוזר');
    await page.getByRole('tab', { name: 'וואטסאפ' }).click();
    const prompt = page.getByRole('textbox', { name: 'ההנחיות לערוץ וואטסאפ' });
    expect(await prompt.getAttribute('readonly')).not.toBeNull();
    await page.getByRole('region', { name: 'היסטוריית גרסאות' }).waitFor();
    expect(await page.getByRole('button', { name: /^(שמירה כגרסה חדשה|שחזור)/ }).count()).toBe(0);

    await open('שאלות נפוצות');
    await page.getByLabel('שאלה לבדיקה', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^(הוספת השאלה|עריכת השאלה|מחיקת השאלה)/ }).count()).toBe(0);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

/** Signs in through the API (as another browser would) and returns the session cookie. */
async function apiLogin(role: Role): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: server.users[role].email, password: server.users[role].password }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

test('an agent adds a task to the board and moves it to done with the move buttons', async () => {
  const { context, page } = await signedIn(dashboard, 'agent');
  try {
    await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'משימות' }).click();
    await page.waitForURL(pathIs('/tasks'));
    await page.getByRole('button', { name: 'משימה חדשה' }).click();
    const dialog = page.getByRole('dialog', { name: 'משימה חדשה' });
    await dialog.getByLabel('כותרת', { exact: true }).fill('לשלוח הצעת מחיר');
    await dialog.getByRole('button', { name: 'הוספת המשימה' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const column = (name: string) => page.getByRole('region', { name, exact: true });
    await column('לביצוע').getByText('לשלוח הצעת מחיר').waitFor();
    await page.getByRole('button', { name: 'העברת לשלוח הצעת מחיר אל בתהליך' }).click();
    await column('בתהליך').getByText('לשלוח הצעת מחיר').waitFor();
    await page.getByRole('button', { name: 'העברת לשלוח הצעת מחיר אל בוצע' }).click();
    await column('בוצע').getByText('לשלוח הצעת מחיר').waitFor();
    expect(await column('לביצוע').getByText('לשלוח הצעת מחיר').count()).toBe(0);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('the bell shows, live, a task another user assigns to the signed-in owner', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.locator('[data-stream="open"]').waitFor();
    const ownerCookie = await apiLogin('owner');
    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: ownerCookie } })).json()) as {
      user: { id: string };
    };
    const agentCookie = await apiLogin('agent');
    const assigned = await fetch(`${server.url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie: agentCookie },
      body: JSON.stringify({ title: 'לאשר את החוזה', assigneeId: me.user.id }),
    });
    expect(assigned.status).toBe(201);

    // No reload: the stream brings it, and the count in the bell says there is something unread.
    // The task's title arrives isolated (U+2068 … U+2069) so its direction is its own.
    const title = /משימה חדשה בשבילך: \u2068לאשר את החוזה\u2069/;
    await page.getByRole('status').filter({ hasText: title }).waitFor();
    const bell = page.getByRole('button', { name: /^התראות, \d+ שלא נקראו$/ });
    await bell.click();
    const panel = page.getByRole('region', { name: 'התראות' });
    await panel.getByRole('link', { name: title }).click();
    await page.waitForURL(pathIs('/tasks'));
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
