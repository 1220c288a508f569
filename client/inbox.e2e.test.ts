/**
 * The WhatsApp inbox in a real browser against the real API, the built client and the job
 * runner, with the demo business on a Meta number (the Graph stand-in) and the assistant
 * answering through the OpenAI REST stand-in. Customers write through Meta's signed webhook;
 * nothing on the page is reloaded: every change arrives over the inbox stream. The tests share
 * one server and run in order: each starts from the conversation the last one left.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { whatsappConversations } from '../db/schema';
import { deliverWebhook, messagesChange, webhookDelivery } from '../server/standins/graph/webhook-sender';
import { loadVoiceNote } from '../server/standins/openai-rest/voice-notes';
import { waitUntil } from '../server/standins/wait';
import { TEST_META_APP_SECRET } from '../server/test/harness';
import {
  apiAs,
  type Dashboard,
  FLOW_TIMEOUT_MS,
  logIn,
  PAGE_TIMEOUT_MS,
  pathIs,
  reversedRuns,
  signedIn,
  startDashboard,
} from './e2e-helpers';

const ASSISTANT_REPLY = 'שלום! כאן העוזר של המספרה. במה אפשר לעזור?';
const META_NUMBER = {
  phoneNumberId: '106540352242933',
  accessToken: `EAAG${'inb0x'.repeat(12)}`,
  displayPhoneNumber: '+972 3-555-0177',
  verifiedName: 'ProSaaS Demo',
  templates: ['follow_up'],
};
const CUSTOMER = '+972527001122';
const STAFF_REPLY = 'היי, כאן נועה מהמספרה. יש לנו מקום היום ב־16:00';

let dashboard: Dashboard;

beforeAll(async () => {
  dashboard = await startDashboard({ whatsappAssistant: { reply: ASSISTANT_REPLY } });
  dashboard.server.whatsapp.graph.addNumber(META_NUMBER);
  const owner = await apiAs(dashboard.server, 'owner');
  await owner('PUT', '/whatsapp/meta', {
    phoneNumberId: META_NUMBER.phoneNumberId,
    accessToken: META_NUMBER.accessToken,
  });
}, FLOW_TIMEOUT_MS);

afterAll(async () => {
  await dashboard?.stop();
});

const target = () => ({ webhookUrl: `${dashboard.server.url}/whatsapp/webhook`, appSecret: TEST_META_APP_SECRET });
let seq = 0;

/** The customer sends one message (any of Meta's kinds) through the signed webhook. */
async function customerSends(message: Record<string, unknown>): Promise<string> {
  const { graph } = dashboard.server.whatsapp;
  graph.customerWrote(META_NUMBER.phoneNumberId, CUSTOMER);
  const id = `wamid.inbox-e2e-${++seq}`;
  const from = CUSTOMER.slice(1);
  const res = await deliverWebhook(
    target(),
    webhookDelivery([
      messagesChange(META_NUMBER.phoneNumberId, {
        contacts: [{ profile: { name: 'רונית' }, wa_id: from }],
        messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
      }),
    ]),
  );
  expect(res.status).toBe(200);
  return id;
}

/** Meta reports a delivery state of one of our messages. */
async function metaReports(messageId: string, status: 'delivered' | 'read') {
  const res = await deliverWebhook(
    target(),
    webhookDelivery([
      messagesChange(META_NUMBER.phoneNumberId, {
        statuses: [
          { id: messageId, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: CUSTOMER.slice(1) },
        ],
      }),
    ]),
  );
  expect(res.status).toBe(200);
}

const sentToCustomer = () => dashboard.server.whatsapp.graph.sent.filter((m) => m.to === CUSTOMER);
const chat = (page: Page) => page.getByRole('list', { name: 'ההודעות בשיחה' });
const aiState = (page: Page) => page.locator('[data-ai-state]');

test(
  "a customer's message appears live, the staff reply goes out with the sender's name and pauses the assistant, resuming hands it back",
  async () => {
    const { context, page } = await signedIn(dashboard, 'agent');
    try {
      await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'תיבת הודעות' }).click();
      await page.getByRole('heading', { name: 'תיבת הודעות', level: 1 }).waitFor();
      await page.getByText('עדיין אין שיחות.', { exact: false }).waitFor();
      await page.getByText('השיחות מתעדכנות בזמן אמת').waitFor({ state: 'attached' });

      // No reload: the conversation arrives over the stream, unread, then the assistant answers it.
      await customerSends({ type: 'text', text: { body: 'שלום, יש לכם תור פנוי היום?' } });
      const row = page.getByRole('list', { name: 'רשימת השיחות' }).getByRole('button', { name: /רונית/ });
      await row.waitFor();
      await row.getByText('1 הודעות שלא נקראו').waitFor({ state: 'attached' });
      await row.click();
      await chat(page).getByText('שלום, יש לכם תור פנוי היום?').waitFor();
      await chat(page).getByText(ASSISTANT_REPLY).waitFor();
      expect(await chat(page).locator('[data-sender="assistant"]').count()).toBe(1);
      expect(await aiState(page).getAttribute('data-ai-state')).toBe('on');
      // Opened: read, and the list says so.
      await row.locator('[data-unread]').waitFor({ state: 'detached' });
      // The lead beside the chat.
      await page.getByRole('complementary').getByRole('heading', { name: 'הליד' }).waitFor();

      // The staff reply: out through the outbox to Meta, with the agent's name, and the assistant steps back.
      await page.getByLabel('הודעה ללקוח').fill(STAFF_REPLY);
      await page.getByRole('button', { name: 'שליחה', exact: true }).click();
      const mine = chat(page).locator('[data-sender="staff"]');
      await mine.getByText(STAFF_REPLY).waitFor();
      await mine.getByText('נועה מזרחי').waitFor();
      await page.locator('[data-ai-state="paused"]').waitFor();
      await page.getByText(/על ידי נועה מזרחי · .* · הצוות ענה בשיחה/).waitFor();
      await page.locator('[data-sender="staff"][data-delivery="sent"]').waitFor();
      const out = sentToCustomer().find((m) => m.text === STAFF_REPLY);
      if (!out) throw new Error('the staff reply never reached Meta');

      // Meta reports it read: the state changes on the open chat by itself.
      await metaReports(out.id, 'read');
      await page.locator('[data-sender="staff"][data-delivery="read"]').getByText('נקראה').waitFor();

      // Paused: the customer's next message is shown, never answered by the assistant.
      const answeredBefore = sentToCustomer().length;
      await customerSends({ type: 'text', text: { body: 'מעולה, אני מגיעה' } });
      const pausedMessage = chat(page).locator('li', { hasText: 'מעולה, אני מגיעה' });
      await pausedMessage.getByText('נשמרה בזמן שהעוזר מושהה', { exact: false }).waitFor();
      expect(sentToCustomer()).toHaveLength(answeredBefore);

      // Resumed: the assistant answers the next message again.
      await page.getByRole('button', { name: 'החזרת העוזר' }).click();
      await page.locator('[data-ai-state="on"]').waitFor();
      await customerSends({ type: 'text', text: { body: 'ועוד שאלה: כמה עולה תספורת?' } });
      await chat(page).getByText('ועוד שאלה: כמה עולה תספורת?').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-sender="assistant"]').length === 2);
      // The reply is shown once written; it reaches Meta when its delivery job has run.
      await waitUntil(() => sentToCustomer().length > answeredBefore, 'the assistant reply delivered');
      expect(sentToCustomer()).toHaveLength(answeredBefore + 1);
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS * 2,
);

test(
  'a voice note plays in the chat with its transcript under it',
  async () => {
    const { context, page } = await signedIn(dashboard, 'agent');
    try {
      const note = await loadVoiceNote('voice-hours');
      dashboard.server.whatsapp.graph.addMedia({ id: '770001', bytes: note.bytes, mime: 'audio/ogg' });
      await page.goto(`${dashboard.server.url}/inbox`);
      await page.getByRole('list', { name: 'רשימת השיחות' }).getByRole('button', { name: /רונית/ }).click();
      await chat(page).getByText(ASSISTANT_REPLY).first().waitFor();
      await customerSends({ type: 'audio', audio: { id: '770001', mime_type: 'audio/ogg; codecs=opus', voice: true } });
      const voice = chat(page).locator('li[data-kind="voice"]');
      await voice.locator('[data-transcript]').getByText(note.words).waitFor();
      const audio = voice.locator('audio');
      await page.waitForFunction(
        () => ((document.querySelector('li[data-kind="voice"] audio') as HTMLAudioElement | null)?.readyState ?? 0) >= 1,
      );
      expect(await audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeGreaterThan(0);
      await audio.evaluate((a: HTMLAudioElement) => a.play());
      await page.waitForFunction(() => {
        const a = document.querySelector('li[data-kind="voice"] audio') as HTMLAudioElement | null;
        return a !== null && (a.currentTime > 0 || a.ended);
      });
      // The assistant answered the words it heard.
      await page.waitForFunction(() => document.querySelectorAll('[data-sender="assistant"]').length === 3);
      // A change arriving (Meta reports the reply read) does not replace the player.
      await audio.evaluate((a) => a.setAttribute('data-was-playing', ''));
      const reply = sentToCustomer().at(-1);
      if (!reply) throw new Error('the assistant reply never reached Meta');
      await metaReports(reply.id, 'read');
      await page.locator('[data-sender="assistant"][data-delivery="read"]').waitFor();
      expect(await voice.locator('audio[data-was-playing]').count()).toBe(1);
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

test(
  "past Meta's 24 hours the owner's approved template is offered with its parameters, and goes out as that template",
  async () => {
    const { context, page } = await signedIn(dashboard, 'owner');
    try {
      // The owner adds the template on the WhatsApp page.
      await page.goto(`${dashboard.server.url}/whatsapp`);
      const settings = page.getByRole('form', { name: 'הגדרות תיבת ההודעות' });
      await settings.getByRole('button', { name: 'הוספת תבנית' }).click();
      await settings.getByLabel('שם התבנית ב־Meta').fill('follow_up');
      await settings.getByLabel('גוף התבנית').fill('שלום {{1}}, נשמח לראות אותך שוב. {{2}}');
      await settings.getByRole('button', { name: 'שמירת הגדרות תיבת ההודעות' }).click();
      await page.getByText('הגדרות תיבת ההודעות נשמרו').waitFor();

      // The customer last wrote 25 hours ago.
      const { db, demoBusinessId } = dashboard.server;
      await db.withTenant(demoBusinessId, (tx) =>
        tx
          .update(whatsappConversations)
          .set({ lastInboundAt: new Date(Date.now() - 25 * 3_600_000) })
          .where(eq(whatsappConversations.contactPhone, CUSTOMER)),
      );
      await page.goto(`${dashboard.server.url}/inbox`);
      await page.getByRole('list', { name: 'רשימת השיחות' }).getByRole('button', { name: /רונית/ }).click();
      const form = page.getByRole('form', { name: 'שליחת תבנית' });
      await form.waitFor();
      expect(await page.getByLabel('הודעה ללקוח').count()).toBe(0);
      const send = form.getByRole('button', { name: 'שליחת התבנית' });
      expect(await send.isDisabled()).toBe(true);
      await form.getByLabel('פרמטר 1').fill('רונית');
      await form.getByLabel('פרמטר 2').fill('יש מקום ביום שלישי');
      await form.locator('[data-template-preview]').getByText('שלום רונית, נשמח לראות אותך שוב. יש מקום ביום שלישי').waitFor();
      await send.click();
      await chat(page).locator('[data-sender="staff"]').getByText('שלום רונית, נשמח לראות אותך שוב. יש מקום ביום שלישי').waitFor();
      await page.locator('[data-sender="staff"][data-delivery="sent"]', { hasText: 'תבנית' }).waitFor();
      expect(sentToCustomer().at(-1)).toMatchObject({
        type: 'template',
        template: { name: 'follow_up', language: 'he', params: ['רונית', 'יש מקום ביום שלישי'] },
      });
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);

test(
  'on a 390 px phone the list and the chat take the screen in turn, nothing wider than it, every number in order',
  async () => {
    const context = await dashboard.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    const overflow = () =>
      page.evaluate(
        () => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
      );
    try {
      await page.goto(`${dashboard.server.url}/login`);
      await logIn(page, dashboard.server, 'agent');
      await page.waitForURL((url) => url.pathname !== '/login');
      await page.goto(`${dashboard.server.url}/inbox`);
      const list = page.getByRole('list', { name: 'רשימת השיחות' });
      await list.getByRole('button', { name: /רונית/ }).click();
      await chat(page).getByText(ASSISTANT_REPLY).first().waitFor();
      expect(await list.isVisible()).toBe(false);
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(await reversedRuns(page)).toEqual([]);
      await page.getByRole('button', { name: '→ לכל השיחות' }).click();
      await list.waitFor();
      await page.waitForURL(pathIs('/inbox'));
      expect(await chat(page).count()).toBe(0);
      expect(await overflow()).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  },
  FLOW_TIMEOUT_MS,
);
