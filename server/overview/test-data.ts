/**
 * Test fixture: a known day and month of one business (calls answered and missed, their
 * timings and outcomes, leads from each source, bookings by the assistant and by staff,
 * WhatsApp conversations), with what the overview must say of it. Today's rows sit in the
 * last second before `now`; the older ones 10 and 20 days back.
 */
import { eq } from 'drizzle-orm';
import {
  appointments,
  type CallOutcome,
  calls,
  inboundMessages,
  leads,
  users,
  whatsappConversations,
} from '../../db/schema';
import type { Database } from '../db/database';
import { upsertLeadByPhone } from '../leads/upsert';

const DAY = 86_400_000;

/** What the overview must show for the data seedOverviewData writes (today / 30 days). */
export const EXPECTED = {
  today: {
    answered: 5,
    missed: 2,
    faqShare: 2 / 5,
    outcomes: { booked: 2, question_answered: 2, lead_captured: 1 },
    bookingsByAssistant: 2,
    bookingsTotal: 3,
    leadsBySource: { call: 3, whatsapp: 2, manual: 1 },
    whatsappConversations: 2,
    greetingMedian: 500,
    turnMedian: 900,
  },
  month: { answered: 8, missed: 2, whatsappConversations: 3, bookingsByAssistant: 3 },
};

/** `slot` keeps a second seeding of one business apart (other numbers, other appointment days). */
export async function seedOverviewData(db: Database, businessId: string, now: Date, slot = 0): Promise<void> {
  const phonePrefix = `+9725${slot}`;
  const at = (msBefore: number) => new Date(now.getTime() - msBefore);
  let seq = 0;
  const phone = () => `${phonePrefix}${String(1_000_000 + ++seq).slice(-7)}`;
  await db.withTenant(businessId, async (tx) => {
    const call = async (
      when: Date,
      o: { answered: boolean; outcome?: CallOutcome; greetingMs?: number; turnsMs?: number[]; faq?: number },
    ) => {
      const id = crypto.randomUUID();
      await tx.insert(calls).values({
        id,
        businessId,
        callSid: `CA${id.replaceAll('-', '')}`,
        fromNumber: phone(),
        toNumber: '+97235550111',
        startedAt: when,
        answeredAt: o.answered ? when : null,
        endedAt: new Date(when.getTime() + 1),
        endReason: o.answered ? 'caller hung up' : 'missed: no-answer',
        durationMs: o.answered ? 30_000 : null,
        counters: o.answered
          ? {
              firstAudioMs: o.greetingMs ?? -1,
              earTotalMs: Object.fromEntries((o.turnsMs ?? []).map((ms, i) => [String(i), ms])),
              faqAnswers: o.faq ?? 0,
            }
          : null,
        outcome: o.outcome ?? null,
        analysisStatus: o.outcome ? 'done' : null,
        summary: o.outcome ? 'סיכום' : null,
      });
    };
    // Today: five answered (greetings 300…700 ms, turns 700…1100 ms), two missed.
    await call(at(100), { answered: true, outcome: 'booked', greetingMs: 300, turnsMs: [700, 800], faq: 1 });
    await call(at(200), { answered: true, outcome: 'booked', greetingMs: 400, turnsMs: [900] });
    await call(at(300), {
      answered: true,
      outcome: 'question_answered',
      greetingMs: 500,
      turnsMs: [1000],
      faq: 2,
    });
    await call(at(400), { answered: true, outcome: 'question_answered', greetingMs: 600, turnsMs: [1100] });
    await call(at(500), { answered: true, outcome: 'lead_captured', greetingMs: 700 });
    await call(at(600), { answered: false });
    await call(at(700), { answered: false });
    // Ten days ago: three more answered (the 30 days count them, today does not).
    for (let i = 0; i < 3; i++) await call(at(10 * DAY + i * 1000), { answered: true, greetingMs: 5000 });

    const lead = async (source: 'call' | 'whatsapp' | 'manual', when: Date) => {
      const { lead: row } = await upsertLeadByPhone(tx, businessId, { phone: phone(), source });
      await tx.update(leads).set({ createdAt: when }).where(eq(leads.id, row.id));
      return row.id;
    };
    const leadIds: string[] = [];
    for (const s of ['call', 'call', 'call', 'whatsapp', 'whatsapp', 'manual'] as const)
      leadIds.push(await lead(s, at(800)));

    const book = async (when: Date, days: number, byUser: string | null) => {
      const startsAt = new Date(now.getTime() + (days + slot * 10) * DAY);
      const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
      await tx.insert(appointments).values({
        businessId,
        leadId: leadIds[0],
        startsAt,
        endsAt,
        blockedFrom: startsAt,
        blockedTo: endsAt,
        createdBy: byUser,
        createdAt: when,
      });
    };
    await book(at(900), 1, null);
    await book(at(900), 2, null);
    await book(at(20 * DAY), 3, null);
    // Any user of the business (the harness and the demo both have an owner).
    const [staff] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.businessId, businessId))
      .limit(1);
    await book(at(900), 4, staff?.id ?? null);

    const conversation = async (when: Date, messages: number) => {
      const [conv] = await tx
        .insert(whatsappConversations)
        .values({
          businessId,
          provider: 'meta',
          contactPhone: phone(),
          lastMessageAt: when,
          lastInboundAt: when,
        })
        .returning({ id: whatsappConversations.id });
      for (let i = 0; i < messages; i++)
        await tx.insert(inboundMessages).values({
          businessId,
          provider: 'meta',
          providerMessageId: `wamid.${crypto.randomUUID()}`,
          conversationId: conv?.id,
          body: 'שלום',
          receivedAt: new Date(when.getTime() - i),
        });
    };
    await conversation(at(1000), 3);
    await conversation(at(1000), 1);
    await conversation(at(20 * DAY), 2);
  });
}
