import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import { type Dashboard, FLOW_TIMEOUT_MS, signedIn, startDashboard } from './e2e-helpers';

/**
 * The FAQ page's try box in a real browser against the real API and the built client (run
 * `bun run build` first): what it explains, and adding the tried question from it.
 */

let dashboard: Dashboard;

beforeAll(async () => {
  dashboard = await startDashboard();
}, FLOW_TIMEOUT_MS);

afterAll(async () => {
  await dashboard?.stop();
});

async function openFaqs(page: Page) {
  await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'שאלות נפוצות' }).click();
  await page.getByLabel('שאלה לבדיקה', { exact: true }).waitFor();
}

async function addFaq(page: Page, question: string, answer: string) {
  const form = page.getByRole('region', { name: 'שאלה חדשה' });
  await form.getByLabel('שאלה', { exact: true }).fill(question);
  await form.getByLabel('תשובה', { exact: true }).fill(answer);
  await form.getByRole('button', { name: 'הוספת השאלה' }).click();
  await page.getByRole('heading', { name: question, exact: true }).waitFor();
}

/** Tries `question` and returns the result region once it shows this question's result. */
async function tryQuestion(page: Page, question: string) {
  await page.getByLabel('שאלה לבדיקה', { exact: true }).fill(question);
  await page.getByRole('button', { name: 'בדיקה', exact: true }).click();
  const result = page.getByRole('region', { name: 'תוצאת הבדיקה' });
  await result.waitFor();
  return result;
}

const flat = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');

test('the try box says why an FAQ does not answer: the words that matched and the word that contradicts', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await openFaqs(page);
    await addFaq(page, 'יש הנחה לחיילים?', 'כן, 15% הנחה לחיילים בהצגת חוגר.');

    const result = await tryQuestion(page, 'יש הנחה לסטודנטים?');
    await result.getByText('אין תשובה ודאית').waitFor();
    const candidate = result.getByRole('listitem').filter({ hasText: 'יש הנחה לחיילים?' });
    const shown = flat(await candidate.innerText());
    expect(shown).toContain('לא עונה');
    expect(shown).toContain('מילים שהתאימו: הנחה');
    const reasons = flat(await candidate.getByRole('list', { name: 'מה מונע תשובה' }).innerText());
    expect(reasons).toContain('"לסטודנטים" סותרת את "לחיילים" שבשאלה השמורה.');

    // A request to act is named as one, with the words that made it one.
    const request = await tryQuestion(page, 'תקבעו לי תור להנחה');
    await request.getByText('זו בקשה לפעולה ("תקבעו")').waitFor();
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('one click adds the tried question with a close FAQ’s answer, and the same question is then answered', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await openFaqs(page);
    await addFaq(page, 'יש חניה ליד העסק?', 'כן, חניון כחול לבן ממול.');

    // A customer's own words find it, and WhatsApp sends it without the model.
    const found = await tryQuestion(page, 'יש לכם חנייה?');
    await found.getByText('תשובה מהרשימה: יש חניה ליד העסק?').waitFor();
    await found.getByText('בוואטסאפ התשובה תישלח ישירות, בלי לפנות למודל.').waitFor();
    expect(flat(await found.getByRole('listitem').first().innerText())).toContain('חנייה ← חניה');

    const blocked = await tryQuestion(page, 'יש חניה לאופנועים?');
    const candidate = blocked.getByRole('listitem').filter({ hasText: 'יש חניה ליד העסק?' });
    await candidate.getByText('"לאופנועים": לא מופיע בשאלה השמורה ולא בתשובה שלה.').waitFor();
    await candidate.getByRole('button', { name: 'הוספה כשאלה עם התשובה הזו' }).click();

    await page.getByRole('heading', { name: 'יש חניה לאופנועים?', exact: true }).waitFor();
    const result = page.getByRole('region', { name: 'תוצאת הבדיקה' });
    await result.getByText('תשובה מהרשימה: יש חניה לאופנועים?').waitFor();

    // On the phone the same answer is handed to the assistant to say.
    await page.getByRole('radio', { name: 'טלפון' }).check();
    await page.getByRole('button', { name: 'בדיקה', exact: true }).click();
    await result.getByText('בטלפון התשובה תועבר לעוזר').waitFor();
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('"add as a new question" puts the tried question into the new-FAQ form, for the owner to answer', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await openFaqs(page);
    const result = await tryQuestion(page, 'אתם עושים משלוחים לחיפה?');
    await result.getByRole('button', { name: 'הוספה כשאלה חדשה' }).click();
    const form = page.getByRole('region', { name: 'שאלה חדשה' });
    expect(await form.getByLabel('שאלה', { exact: true }).inputValue()).toBe('אתם עושים משלוחים לחיפה?');
    expect(await form.getByLabel('תשובה', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
