import { afterAll, beforeAll, expect, test } from 'bun:test';
import { inArray } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { outboxMessages } from '../db/schema';
import { HOME_PAGE } from '../server/auth/permissions';
import { upsertLeadByPhone } from '../server/leads/upsert';
import { outboxMessaging } from '../server/reminders/messaging';
import { customerSends } from '../server/standins/graph/webhook-sender';
import { waitUntil } from '../server/standins/wait';
import { TEST_META_APP_SECRET } from '../server/test/harness';
import {
  type Dashboard,
  FLOW_TIMEOUT_MS,
  PAGE_TIMEOUT_MS,
  pathIs,
  signedIn,
  startDashboard,
} from './e2e-helpers';

/**
 * The WhatsApp page in a real browser against the real API and the built client (run
 * `bun run build` first), with WhatsApp on the test server's stand-ins: the fake WhatsApp
 * Web, whose QR the test scans, and the Graph stand-in that knows the numbers registered here.
 * The tests share one server and run in order: each starts from where the last one left it.
 */

let dashboard: Dashboard;

beforeAll(async () => {
  dashboard = await startDashboard();
}, FLOW_TIMEOUT_MS);

afterAll(async () => {
  await dashboard?.stop();
});

/** The phone that scans the QR. */
const PAIRED_NUMBER = '+97235550100';
const META_NUMBER = {
  phoneNumberId: '106540352242922',
  accessToken: `EAAG${'k3y'.repeat(20)}`,
  displayPhoneNumber: '+972 3-555-0199',
  verifiedName: 'ProSaaS Demo',
  templates: ['appointment_reminder'],
};
const META_E164 = '+97235550199';

const QR_OPTION = 'WhatsApp Web (סריקת קוד QR)';
const META_OPTION = 'WhatsApp Business API (Meta)';

async function openWhatsApp(page: Page) {
  await page
    .getByRole('navigation', { name: 'ניווט ראשי' })
    .getByRole('link', { name: 'וואטסאפ', exact: true })
    .click();
  await page.waitForURL(pathIs('/whatsapp'));
}

const statusCard = (page: Page) => page.getByRole('region', { name: 'מצב החיבור' });

/** The text tied to a field through aria-describedby (its error or its hint), once it reads `expected`. */
async function waitForDescription(field: Locator, expected: RegExp): Promise<string> {
  const page = field.page();
  const deadline = Date.now() + PAGE_TIMEOUT_MS;
  for (;;) {
    // Read in one step: the error replaces the hint (and its id) while we look.
    const text = await field.evaluate((input) => {
      const id = input.getAttribute('aria-describedby');
      return (id && document.getElementById(id)?.textContent) || '';
    });
    if (expected.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the field's description stayed ${JSON.stringify(text)}`);
    await page.waitForTimeout(50);
  }
}

test(
  'the owner links WhatsApp Web by QR: the code is shown, then the page says connected with the number',
  async () => {
    const { context, page } = await signedIn(dashboard, 'owner');
    try {
      await openWhatsApp(page);
      const status = statusCard(page);
      await status.getByText('לא מחובר', { exact: true }).waitFor();
      expect(await page.getByRole('radio', { name: QR_OPTION, exact: true }).isChecked()).toBe(true);

      await page.getByRole('button', { name: 'התחברות עם קוד QR' }).click();
      const qr = page.getByRole('img', { name: 'קוד QR לחיבור WhatsApp' });
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toStartWith('data:image/svg+xml');
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await page.getByText('קישור מכשיר', { exact: true }).waitFor();
      await status.getByText('ממתין לסריקה', { exact: true }).waitFor();

      // The owner's phone scans it; the page notices by itself.
      dashboard.server.whatsapp.fake.scan(dashboard.server.demoBusinessId, PAIRED_NUMBER);
      await status.getByText('מחובר', { exact: true }).waitFor();
      await status.getByText(PAIRED_NUMBER, { exact: true }).waitFor();
      await qr.waitFor({ state: 'detached' });
      await status.getByText(QR_OPTION, { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

test(
  "the owner switches to Meta: a wrong token shows Meta's refusal at the token, the right one connects",
  async () => {
    dashboard.server.whatsapp.graph.addNumber(META_NUMBER);
    const { context, page } = await signedIn(dashboard, 'owner');
    try {
      await openWhatsApp(page);
      await page.getByRole('radio', { name: META_OPTION, exact: true }).check();
      const form = page.getByRole('form', { name: META_OPTION });
      await form.getByLabel('מזהה מספר הטלפון (Phone number ID)').fill(META_NUMBER.phoneNumberId);
      const token = form.getByLabel('אסימון גישה (Access token)');
      expect(await token.getAttribute('type')).toBe('password');
      await token.fill('EAAG-this-is-not-the-token-meta-issued');
      await form.getByRole('button', { name: 'התחברות דרך Meta' }).click();

      const refusal = await waitForDescription(token, /^Meta דחתה/);
      expect(refusal).toContain('Invalid OAuth access token');
      expect(await token.getAttribute('aria-invalid')).toBe('true');
      // Nothing changed: still linked over WhatsApp Web.
      await statusCard(page).getByText(PAIRED_NUMBER, { exact: true }).waitFor();

      await token.fill(META_NUMBER.accessToken);
      await form.getByLabel('שם תבנית התזכורת (לא חובה)').fill('appointment_reminder');
      await form.getByRole('button', { name: 'התחברות דרך Meta' }).click();
      const status = statusCard(page);
      await status.getByText(META_E164, { exact: true }).waitFor();
      await status.getByText('מחובר', { exact: true }).waitFor();
      await status.getByText(META_OPTION, { exact: true }).waitFor();
      expect(await token.inputValue()).toBe('');

      // After a reload the stored token is not shown, only that one is kept.
      await page.reload();
      expect(await page.getByRole('radio', { name: META_OPTION, exact: true }).isChecked()).toBe(true);
      const stored = page.getByLabel('אסימון גישה (Access token)');
      expect(await stored.inputValue()).toBe('');
      await waitForDescription(stored, /^שמור — השאר ריק כדי לא לשנות$/);
      expect(await page.getByLabel('שם תבנית התזכורת (לא חובה)').inputValue()).toBe('appointment_reminder');
      expect(await page.getByLabel('שפת התבנית').inputValue()).toBe('he');
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

test(
  'an admin sees the link and the messages read-only; an agent has no WhatsApp page at all',
  async () => {
    const admin = await signedIn(dashboard, 'admin');
    try {
      await openWhatsApp(admin.page);
      const status = statusCard(admin.page);
      await status.getByText(META_E164, { exact: true }).waitFor();
      await status.getByText('מחובר', { exact: true }).waitFor();
      await admin.page.getByRole('heading', { name: 'הודעות יוצאות' }).waitFor();
      await admin.page.getByText('רק בעלי העסק יכולים לחבר את הוואטסאפ או לנתק אותו.').waitFor();
      expect(await admin.page.getByRole('radio').count()).toBe(0);
      expect(await admin.page.getByRole('form').count()).toBe(0);
      expect(await admin.page.getByRole('button', { name: 'ניתוק הוואטסאפ' }).count()).toBe(0);
    } finally {
      await admin.context.close();
    }

    const agent = await signedIn(dashboard, 'agent');
    try {
      const nav = agent.page.getByRole('navigation', { name: 'ניווט ראשי' });
      await nav.getByRole('link').first().waitFor();
      expect(await nav.getByRole('link', { name: 'וואטסאפ' }).count()).toBe(0);
      await agent.page.goto(`${dashboard.server.url}/whatsapp`);
      await agent.page.waitForURL(pathIs(HOME_PAGE.agent));
      expect(await statusCard(agent.page).count()).toBe(0);
    } finally {
      await agent.context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

test(
  'a failed reminder stands out in the outgoing messages with its reason, beside the counts',
  async () => {
    const { context, page } = await signedIn(dashboard, 'owner');
    try {
      // Two real reminders to customers, delivered by the server's job runner over the Meta
      // number linked above: one wrote in the last 24 hours, the other did not (free text to
      // them is refused before it reaches Meta, which would refuse it too).
      const { server } = dashboard;
      // The second customer writes first (Meta's signed webhook), opening the 24-hour window.
      const wrote = await customerSends(server.whatsapp.graph, {
        webhookUrl: `${server.url}/whatsapp/webhook`,
        appSecret: TEST_META_APP_SECRET,
        phoneNumberId: META_NUMBER.phoneNumberId,
        from: '+972504445566',
        text: 'שלום',
      });
      expect(wrote.response.status).toBe(200);
      // The second customer is a lead: the message is also on the lead's timeline.
      const lead = await server.db.withTenant(server.demoBusinessId, (tx) =>
        upsertLeadByPhone(tx, server.demoBusinessId, { phone: '+972504445566', name: 'רינה', source: 'api' }),
      );
      for (const to of ['+972501112233', '+972504445566']) {
        await server.db.withTenant(server.demoBusinessId, (tx) =>
          outboxMessaging.send(tx, server.demoBusinessId, {
            channel: 'whatsapp',
            toPhone: to,
            body: 'שלום, מזכירים שיש לך תור מחר ב-10:00.',
            dedupeKey: `e2e:${to}`,
          }),
        );
      }
      await delivered(['+972501112233', '+972504445566']);
      await openWhatsApp(page);
      const summary = page.getByRole('region', { name: 'הודעות יוצאות' }).getByRole('definition');
      await summary.first().waitFor();
      expect(await summary.allTextContents()).toEqual(['1', '0', '1']);
      const failed = page.getByRole('row').filter({ hasText: '+972501112233' });
      await failed.getByText('נכשלה', { exact: true }).waitFor();
      // The link has a reminder template, but this message is free text (no template parameters).
      await failed.getByText('הלקוח לא כתב לעסק ב-24 השעות האחרונות, ו-Meta מתירה אז רק הודעות תבנית.').waitFor();
      const sent = page.getByRole('row').filter({ hasText: '+972504445566' });
      await sent.getByText('נשלחה', { exact: true }).waitFor();

      await page.goto(`${server.url}/leads/${lead.lead.id}`);
      const timeline = page.getByRole('region', { name: 'ציר זמן' });
      await timeline.getByText('וואטסאפ ללקוח · נשלחה').waitFor();
      await timeline.getByText('שלום, מזכירים שיש לך תור מחר ב-10:00.').waitFor();
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

test(
  'the owner unlinks after confirming, and the page says not connected',
  async () => {
    const { context, page } = await signedIn(dashboard, 'owner');
    try {
      await openWhatsApp(page);
      const status = statusCard(page);
      await status.getByText(META_E164, { exact: true }).waitFor();
      await page.getByRole('button', { name: 'ניתוק הוואטסאפ' }).click();
      const dialog = page.getByRole('dialog', { name: 'לנתק את הוואטסאפ של העסק?' });
      await dialog.getByRole('button', { name: 'ניתוק', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await status.getByText('לא מחובר', { exact: true }).waitFor();
      expect(await status.getByText(META_E164).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'ניתוק הוואטסאפ' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

/** Waits until the server's job runner has settled these messages (sent or failed). */
async function delivered(phones: string[]) {
  const { db, demoBusinessId } = dashboard.server;
  await waitUntil(
    async () => {
      const rows = await db.withTenant(demoBusinessId, (tx) =>
        tx.select().from(outboxMessages).where(inArray(outboxMessages.toPhone, phones)),
      );
      return rows.length === phones.length && rows.every((r) => r.status !== 'pending');
    },
    `messages to ${phones.join(', ')} settled`,
    { timeoutMs: PAGE_TIMEOUT_MS, intervalMs: 50 },
  );
}
