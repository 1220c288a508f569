import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { businesses, contracts } from '../db/schema';
import { upsertLeadByPhone } from '../server/leads/upsert';
import { type Dashboard, FLOW_TIMEOUT_MS, signedIn, startDashboard } from './e2e-helpers';
import { formatDate } from './src/labels';

/**
 * The payments and contracts pages, in a real browser against the real API and the built
 * client (run `bun run build` first): adding a record through the form, the server's
 * refusals beside their fields, moving a record's status, and what a reader without the
 * right to write sees.
 */

let dashboard: Dashboard;
const LEAD = 'אבי ישראלי';

beforeAll(async () => {
  dashboard = await startDashboard();
  const { db, demoBusinessId } = dashboard.server;
  // Both pages hide behind the business's feature flags, off by default.
  await db.withTenant(demoBusinessId, async (tx) => {
    await tx
      .update(businesses)
      .set({ features: { payments: true, contracts: true } })
      .where(eq(businesses.id, demoBusinessId));
    await upsertLeadByPhone(tx, demoBusinessId, { phone: '0501234567', name: LEAD, source: 'manual' });
  });
}, FLOW_TIMEOUT_MS);

afterAll(async () => {
  await dashboard?.stop();
});

const nav = (page: Page) => page.getByRole('navigation', { name: 'ניווט ראשי' });

async function optionLabels(select: Locator): Promise<string[]> {
  return select.locator('option').allTextContents();
}

/** The text tied to a field through aria-describedby: its error. */
async function fieldError(field: Locator): Promise<string> {
  const id = await field.getAttribute('aria-describedby');
  expect(id).not.toBeNull();
  return (await field.page().locator(`[id="${id}"]`).textContent()) ?? '';
}

async function pickLead(form: Locator) {
  await form.getByLabel('ליד (לא חובה)').fill('אבי');
  await form.getByRole('radio', { name: LEAD }).check();
}

test(
  'an admin records a payment, marks it paid and then refunded, and it stays so after a reload',
  async () => {
    const { context, page } = await signedIn(dashboard, 'admin');
    try {
      await nav(page).getByRole('link', { name: 'תשלומים', exact: true }).click();
      await page.getByText('עדיין אין תשלומים').waitFor();
      await page.getByRole('button', { name: 'תשלום חדש' }).click();
      const form = page.getByRole('form', { name: 'תשלום חדש' });
      const amount = form.getByLabel('סכום (₪)');
      await amount.fill('12.345');
      await form.getByRole('button', { name: 'הוספת התשלום' }).click();
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
      expect(await fieldError(amount)).toBe('יש להזין סכום חיובי בשקלים, עד שתי ספרות אחרי הנקודה.');

      await amount.fill('1,250.5');
      await form.getByLabel('תיאור').fill('מקדמה לטיפול');
      await form.getByLabel('לתשלום עד').fill('2030-01-15');
      await pickLead(form);
      await form.getByRole('button', { name: 'הוספת התשלום' }).click();
      await form.waitFor({ state: 'hidden' });

      const row = page.getByRole('row').filter({ hasText: 'מקדמה לטיפול' });
      await row.getByText('1,250.50').waitFor();
      await row.getByText(LEAD).waitFor();
      await row.getByText(formatDate('2030-01-15')).waitFor();
      const status = row.getByLabel('סטטוס התשלום מקדמה לטיפול');
      expect(await status.inputValue()).toBe('pending');
      expect(await optionLabels(status)).toEqual(['ממתין', 'שולם']);
      await status.selectOption({ label: 'שולם' });
      await row.getByText(formatDate(new Date().toISOString())).waitFor();

      await page.reload();
      expect(await status.inputValue()).toBe('paid');
      expect(await optionLabels(status)).toEqual(['שולם', 'ממתין', 'הוחזר']);
      // Refunded is final: once saved, the select offers no move.
      await status.selectOption({ label: 'הוחזר' });
      await row.locator('select:disabled').waitFor();
      await page.reload();
      expect(await status.inputValue()).toBe('refunded');
      expect(await status.isDisabled()).toBe(true);
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

test(
  "an owner's contract without a title or with a non-web link is refused beside those fields; a valid one is added, sent and signed",
  async () => {
    const { context, page } = await signedIn(dashboard, 'owner');
    try {
      await nav(page).getByRole('link', { name: 'חוזים', exact: true }).click();
      await page.getByRole('button', { name: 'חוזה חדש' }).click();
      const form = page.getByRole('form', { name: 'חוזה חדש' });
      const title = form.getByLabel('כותרת');
      const url = form.getByLabel('קישור למסמך');
      await url.fill('ftp://files.example.com/lease.pdf');
      await form.getByRole('button', { name: 'הוספת החוזה' }).click();
      await form.getByRole('alert').filter({ hasText: 'חלק מהשדות אינם תקינים' }).waitFor();
      expect(await fieldError(title)).toBe('יש לתת לחוזה כותרת.');
      expect(await fieldError(url)).toBe('יש להזין כתובת http(s) של המסמך.');

      await title.fill('הסכם שירות שנתי');
      await url.fill('https://files.example.com/lease.pdf');
      await pickLead(form);
      await form.getByRole('button', { name: 'הוספת החוזה' }).click();
      await form.waitFor({ state: 'hidden' });

      const row = page.getByRole('row').filter({ hasText: 'הסכם שירות שנתי' });
      await row.getByText(LEAD).waitFor();
      expect(await row.getByRole('link', { name: 'פתיחת המסמך' }).getAttribute('href')).toBe(
        'https://files.example.com/lease.pdf',
      );
      const status = row.getByLabel('סטטוס החוזה הסכם שירות שנתי');
      expect(await optionLabels(status)).toEqual(['טיוטה', 'נשלח', 'נחתם', 'בוטל']);
      await status.selectOption({ label: 'נשלח' });
      await row.getByText(formatDate(new Date().toISOString())).waitFor();
      await status.selectOption({ label: 'נחתם' });
      await status.locator('option', { hasText: 'טיוטה' }).waitFor({ state: 'detached' });
      expect(await optionLabels(status)).toEqual(['נחתם', 'בוטל']);

      await page.reload();
      expect(await status.inputValue()).toBe('signed');
      // Sent and signed, both today.
      expect(await row.getByText(formatDate(new Date().toISOString())).count()).toBe(2);
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

test(
  'an agent reads the contracts but cannot add one or move its status, and has no payments page',
  async () => {
    const { db, demoBusinessId } = dashboard.server;
    await db.withTenant(demoBusinessId, (tx) =>
      tx
        .insert(contracts)
        .values({ businessId: demoBusinessId, title: 'חוזה שכירות', fileRef: 'leases/12.pdf' }),
    );
    const { context, page } = await signedIn(dashboard, 'agent');
    try {
      await nav(page).getByRole('link', { name: 'חוזים', exact: true }).click();
      const row = page.getByRole('row').filter({ hasText: 'חוזה שכירות' });
      await row.getByText('leases/12.pdf').waitFor();
      expect(await row.getByLabel('סטטוס החוזה חוזה שכירות').isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'חוזה חדש' }).count()).toBe(0);
      expect(await nav(page).getByRole('link', { name: 'תשלומים' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);
