import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { appointments, leadNotes, leads } from '../../../db/schema';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { createHarness, type Harness } from '../../test/harness';
import { createFaqLookup } from '../faq/lookup';
import { buildFaqIndex } from '../faq/match';
import { executeTool, type ToolContext } from './execute';

// Sunday 2030-06-02, 10:00 in Jerusalem; the default hours are Sunday–Thursday 09:00–17:00.
const NOW = new Date('2030-06-02T07:00:00Z');
let h: Harness;
let ctx: ToolContext;
beforeAll(async () => {
  h = await createHarness();
  ctx = {
    db: h.db,
    businessId: h.a.id,
    channel: 'voice',
    contactPhone: '+972541111111',
    now: () => NOW,
    faq: createFaqLookup({
      index: buildFaqIndex([
        {
          id: 'f1',
          question: 'איפה אפשר לחנות?',
          answer: 'יש חניה חינם מאחורי הבניין.',
          channels: ['voice'],
        },
      ]),
    }),
  };
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const run = (name: string, args: unknown, over: Partial<ToolContext> = {}) =>
  executeTool({ ...ctx, ...over }, name, JSON.stringify(args));
const appointmentsOf = (businessId: string) =>
  h.db.withTenant(businessId, (tx) => tx.select().from(appointments));

describe('book_appointment', () => {
  const good = { name: 'דנה כהן', phone: '054-222-3333', when: 'מחר בשלוש', confirmed: true };

  test('refuses until the details were read back and confirmed', async () => {
    expect(await run('book_appointment', { ...good, confirmed: false })).toMatchObject({
      ok: false,
      code: 'not_confirmed',
    });
    expect(await appointmentsOf(h.a.id)).toEqual([]);
  });

  test('refuses a placeholder name, a bad phone number and a time it cannot read', async () => {
    expect(await run('book_appointment', { ...good, name: 'ישראל ישראלי' })).toMatchObject({
      code: 'placeholder',
    });
    expect(await run('book_appointment', { ...good, phone: '12345' })).toMatchObject({
      code: 'invalid_phone',
    });
    expect(await run('book_appointment', { ...good, when: 'מתישהו' })).toMatchObject({
      code: 'unparsed_date',
    });
    expect(await run('book_appointment', { ...good, when: 'מחר' })).toMatchObject({ code: 'time_required' });
  });

  test('refuses times outside the business hours, too soon, or past the booking window, with a reason', async () => {
    const late = await run('book_appointment', { ...good, when: 'מחר בשמונה בערב' });
    expect(late).toMatchObject({ ok: false, code: 'outside_hours' });
    expect(late.ok ? '' : late.message).toContain('שעות הפעילות');
    expect(await run('book_appointment', { ...good, when: '2030-06-02 10:30' })).toMatchObject({
      code: 'too_soon',
    });
    expect(await run('book_appointment', { ...good, when: '2030-09-02 10:00' })).toMatchObject({
      code: 'outside_window',
    });
    expect(await appointmentsOf(h.a.id)).toEqual([]);
  });

  test('books with the lead it creates, and refuses the same time twice', async () => {
    const booked = await run('book_appointment', good);
    expect(booked).toMatchObject({ ok: true, action: { type: 'booked' } });
    const [row] = await appointmentsOf(h.a.id);
    expect(row?.startsAt.toISOString()).toBe('2030-06-03T12:00:00.000Z'); // 15:00 in Jerusalem
    const [lead] = await h.db.withTenant(h.a.id, (tx) =>
      tx
        .select()
        .from(leads)
        .where(eq(leads.id, row?.leadId ?? '')),
    );
    expect(lead).toMatchObject({ name: 'דנה כהן', phone: '+972542223333', source: 'call' });
    expect(await run('book_appointment', { ...good, name: 'רון לוי', phone: '0543334444' })).toMatchObject({
      ok: false,
      code: 'slot_taken',
    });
  });

  test('a phone number dictated in Hebrew words is accepted', async () => {
    const res = await run('book_appointment', {
      ...good,
      phone: 'אפס חמש ארבע חמש חמש חמש שש שש שש שש',
      when: 'מחר בעשר בבוקר',
    });
    expect(res).toMatchObject({ ok: true });
  });
});

describe('moving and cancelling', () => {
  test("moves the contact's next appointment, then cancels it", async () => {
    const phone = '0547770000';
    await run('book_appointment', { name: 'מיכל', phone, when: 'ביום שלישי באחת', confirmed: true });
    expect(
      await run('reschedule_appointment', { phone, when: 'ביום שלישי בשתיים', confirmed: false }),
    ).toMatchObject({
      code: 'not_confirmed',
    });
    const moved = await run('reschedule_appointment', { phone, when: 'ביום שלישי בשתיים', confirmed: true });
    expect(moved).toMatchObject({ ok: true, action: { type: 'rescheduled' } });
    expect(moved.ok && String(moved.data?.startsAt)).toContain('2030-06-04T14:00');
    expect(await run('cancel_appointment', { phone, confirmed: true })).toMatchObject({
      ok: true,
      action: { type: 'cancelled' },
    });
    expect(await run('cancel_appointment', { phone, confirmed: true })).toMatchObject({
      code: 'no_appointment',
    });
  });

  test("on WhatsApp a customer cannot move or cancel someone else's appointment", async () => {
    const phone = '0547771111';
    await run('book_appointment', { name: 'יעל', phone, when: 'ביום רביעי באחת', confirmed: true });
    const stranger = { channel: 'whatsapp' as const, contactPhone: '+972547772222' };
    expect(await run('cancel_appointment', { phone, confirmed: true }, stranger)).toMatchObject({
      code: 'not_own_appointment',
    });
    expect(await run('cancel_appointment', { confirmed: true }, stranger)).toMatchObject({
      code: 'no_appointment',
    });
    const owner = { channel: 'whatsapp' as const, contactPhone: '+972547771111' };
    expect(await run('cancel_appointment', { confirmed: true }, owner)).toMatchObject({ ok: true });
  });
});

describe('the other tools', () => {
  test('availability lists free times of the day asked about, without the taken ones', async () => {
    const res = await run('check_availability', { day: 'מחר' });
    if (!res.ok) throw new Error(res.message);
    const free = res.data?.freeTimes as string[];
    expect(free[0]).toBe('09:00');
    expect(free).not.toContain('10:00'); // booked above, by the dictated number
  });

  test('a closed day is answered with the next day that has room', async () => {
    const res = await run('check_availability', { day: 'ביום שישי' });
    expect(res).toMatchObject({ ok: true, data: { freeTimes: [], nextAvailableDate: '2030-06-09' } });
  });

  test('saving a lead keeps the interest as a note on it', async () => {
    const res = await run('create_or_update_lead', { name: 'אורי', interest: 'צביעת שיער' });
    if (!res.ok) throw new Error(res.message);
    const notes = await h.db.withTenant(h.a.id, (tx) =>
      tx
        .select()
        .from(leadNotes)
        .where(eq(leadNotes.leadId, String(res.data?.leadId))),
    );
    expect(notes.map((n) => n.body)).toEqual(['מתעניין/ת ב: צביעת שיער']);
    expect(await run('create_or_update_lead', { name: 'לקוח' })).toMatchObject({ code: 'placeholder' });
  });

  test('an FAQ lookup answers from the FAQ, and says so when there is nothing to say', async () => {
    expect(await run('lookup_faq', { question: 'איפה חונים?' })).toMatchObject({
      ok: true,
      message: 'יש חניה חינם מאחורי הבניין.',
    });
    expect(await run('lookup_faq', { question: 'יש לכם מבצע לסטודנטים?' })).toMatchObject({
      code: 'no_faq_match',
    });
  });

  test('an FAQ the rule does not confirm comes back as related context, never as the answer', async () => {
    const res = await run('lookup_faq', { question: 'יש חניה לאופנועים?' });
    expect(res).toMatchObject({
      ok: true,
      data: { related: [{ question: 'איפה אפשר לחנות?', answer: 'יש חניה חינם מאחורי הבניין.' }] },
    });
    expect(res.message).toContain('רק אם היא עונה בדיוק');
  });

  test('a transfer nobody can take is not claimed: the request waits on the lead', async () => {
    const res = await run(
      'transfer_to_human',
      { reason: 'רוצה לדבר עם בעל העסק' },
      { transfer: async () => false },
    );
    expect(res).toMatchObject({ ok: true, action: { type: 'transfer', live: false } });
    expect(res.ok && res.message).toContain('אל תאמר שהשיחה הועברה');
  });

  test('hanging up exists on the phone only, and malformed arguments are refused', async () => {
    expect(await run('end_call', {})).toMatchObject({ ok: true, action: { type: 'end_call' } });
    expect(await run('end_call', {}, { channel: 'whatsapp' })).toMatchObject({ code: 'not_on_this_channel' });
    expect(await executeTool(ctx, 'book_appointment', '{"name": ')).toMatchObject({
      code: 'invalid_arguments',
    });
    expect(await run('book_appointment', { name: 'דנה', when: 'מחר' })).toMatchObject({
      code: 'invalid_arguments',
    });
    expect(await run('order_pizza', {})).toMatchObject({ code: 'unknown_tool' });
  });

  test('tools act only inside the business they answer for', async () => {
    await run(
      'book_appointment',
      { name: 'גל', phone: '0548880000', when: 'מחר באחת', confirmed: true },
      {
        businessId: h.b.id,
      },
    );
    const ofB = await appointmentsOf(h.b.id);
    expect(ofB).toHaveLength(1);
    expect((await appointmentsOf(h.a.id)).some((a) => a.id === ofB[0]?.id)).toBe(false);
  });
});
