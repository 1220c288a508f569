/**
 * The WhatsApp text agent: one customer message in, one reply out. An FAQ the precision rule
 * lets answer (faq/rule.ts) is sent as it is, without a model; anything else goes to chat
 * completions with the business's instructions, the person's memory, the closest FAQs as
 * context and the tools, in a bounded tool loop. A reply that claims a booking no tool made
 * in this turn is caught and corrected before it is returned.
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Database } from '../../db/database';
import { ValidationError } from '../../lib/errors';
import { toE164 } from '../../lib/phone';
import type { AgentCache } from '../cache';
import type { CompiledAgent } from '../compile';
import type { FaqCandidate } from '../faq/match';
import { appendMemory, loadMemory, memoryContext } from '../memory';
import type { ModelDateParser } from '../tools/dates';
import { executeTool } from '../tools/execute';
import type { AgentAction } from '../tools/results';
import { claimsBooking } from './claims';
import type { ChatModel } from './model';

export interface TextAgentDeps {
  db: Database;
  agents: AgentCache<CompiledAgent>;
  model: ChatModel;
  modelName: string;
  parseDate?: ModelDateParser;
  now?: () => Date;
  /** Model calls per message, tool rounds and one correction included. Default 5. */
  maxModelCalls?: number;
  onError?: (err: unknown, where: string) => void;
}

export interface TextInput {
  businessId: string;
  /** The sender's phone, any common format (WhatsApp gives digits with the country code). */
  from: string;
  text: string;
  /** Hands the conversation to a person now; absent → the request is left on the lead. */
  transfer?: (reason: string) => Promise<boolean>;
}

export interface TextReply {
  reply: string;
  /** What the tools did in this turn (bookings, leads saved, transfers). */
  actions: AgentAction[];
  /** faq: answered from an FAQ without a model; model; fallback: the model could not answer. */
  via: 'faq' | 'model' | 'fallback';
  /** A booking claim with no booking behind it was caught and replaced. */
  corrected: boolean;
  faqId?: string;
}

const MADE_BOOKING = new Set<AgentAction['type']>(['booked', 'rescheduled']);

const CORRECTION =
  'The reply you just wrote tells the customer an appointment was booked or moved, but no tool booked or moved one in this conversation turn. Write the reply again without claiming it. If the customer wants an appointment, gather what is missing, confirm the name and phone with them, and call book_appointment.';

const NOT_BOOKED = {
  masculine:
    'עדיין לא קבעתי את התור. כדי לקבוע אני צריך שם מלא, מספר טלפון ומועד מבוקש, ואז אאשר איתך את הפרטים.',
  feminine:
    'עדיין לא קבעתי את התור. כדי לקבוע אני צריכה שם מלא, מספר טלפון ומועד מבוקש, ואז אאשר איתך את הפרטים.',
};
const UNAVAILABLE = 'סליחה, יש לנו תקלה זמנית ולא הצלחתי לענות. נציג יחזור אליך בהקדם.';

function turnContext(agent: CompiledAgent, phone: string, now: Date, memory: string): string {
  const local = new Intl.DateTimeFormat('he-IL', {
    timeZone: agent.timezone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(now);
  return [`עכשיו: ${local}.`, `הלקוח כותב מהמספר ${phone}.`, memory].filter(Boolean).join('\n');
}

/**
 * The FAQs closest to the message, for the model to answer from or to leave alone: none of
 * them was close enough to send as it is. Empty string when there are none.
 */
export function relatedFaqs(candidates: readonly FaqCandidate[]): string {
  if (candidates.length === 0) return '';
  const list = candidates.map((c, i) => `${i + 1}. שאלה: ${c.entry.question}\n   תשובה: ${c.entry.answer}`);
  return [
    'שאלות נפוצות של העסק שקרובות להודעה, אבל אף אחת מהן לא נמצאה עונה עליה בוודאות:',
    ...list,
    'ענה מתשובה מהן רק אם היא עונה בדיוק על מה שהלקוח שאל. אם לא, אל תנחש: אמור שתבדוק עם הצוות, והצע להעביר לנציג. אם הלקוח מבקש לקבוע, לבטל או להזיז תור, טפל בבקשה בכלים.',
  ].join('\n');
}

export function createTextAgent(deps: TextAgentDeps) {
  const now = deps.now ?? (() => new Date());
  const maxCalls = deps.maxModelCalls ?? 5;

  async function remember(businessId: string, phone: string, text: string, reply: string, at: Date) {
    const iso = at.toISOString();
    await deps.db.withTenant(businessId, (tx) =>
      appendMemory(tx, businessId, phone, [
        { role: 'user', channel: 'whatsapp', text, at: iso },
        { role: 'assistant', channel: 'whatsapp', text: reply, at: iso },
      ]),
    );
  }

  /** Invariant: the reply never claims a booking unless `actions` holds one made in this turn. */
  async function replyToText(input: TextInput): Promise<TextReply> {
    const phone = toE164(input.from.startsWith('+') ? input.from : `+${input.from}`) ?? toE164(input.from);
    if (!phone) throw new ValidationError({ from: 'is not a phone number' });
    const at = now();
    const agent = await deps.agents.get(input.businessId);

    const faq = await agent.faq.find(input.text, 'whatsapp');
    if (faq.answer) {
      const { entry } = faq.answer;
      await remember(input.businessId, phone, input.text, entry.answer, at);
      return { reply: entry.answer, actions: [], via: 'faq', corrected: false, faqId: entry.id };
    }

    const memory = await deps.db.withTenant(input.businessId, (tx) => loadMemory(tx, phone));
    const related = relatedFaqs(faq.candidates);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: agent.instructions.whatsapp },
      { role: 'system', content: turnContext(agent, phone, at, memoryContext(memory)) },
      ...(related ? [{ role: 'system' as const, content: related }] : []),
      { role: 'user', content: input.text },
    ];
    const toolCtx = {
      db: deps.db,
      businessId: input.businessId,
      channel: 'whatsapp' as const,
      contactPhone: phone,
      now,
      parseDate: deps.parseDate,
      faq: agent.faq,
      transfer: input.transfer,
      onError: deps.onError,
    };
    const actions: AgentAction[] = [];
    let corrected = false;
    let reply: string | undefined;
    let via: TextReply['via'] = 'model';

    for (let call = 0; call < maxCalls && reply === undefined; call++) {
      let message: Awaited<ReturnType<ChatModel['complete']>>['choices'][number]['message'] | undefined;
      try {
        const res = await deps.model.complete({
          model: deps.modelName,
          messages,
          tools: agent.chatTools,
          tool_choice: 'auto',
        });
        message = res.choices[0]?.message;
      } catch (err) {
        deps.onError?.(err, 'chat.completions');
        break;
      }
      if (!message) break;
      const calls = (message.tool_calls ?? []).filter((c) => c.type === 'function');
      if (calls.length) {
        messages.push({ role: 'assistant', content: message.content, tool_calls: calls });
        for (const c of calls) {
          const result = await executeTool(toolCtx, c.function.name, c.function.arguments);
          if (result.ok && result.action) actions.push(result.action);
          messages.push({ role: 'tool', tool_call_id: c.id, content: JSON.stringify(result) });
        }
        continue;
      }
      const text = message.content?.trim() ?? '';
      if (text === '') continue;
      const claimIsTrue = actions.some((a) => MADE_BOOKING.has(a.type));
      if (!claimsBooking(text) || claimIsTrue) {
        reply = text;
      } else if (!corrected) {
        corrected = true;
        messages.push({ role: 'assistant', content: text }, { role: 'system', content: CORRECTION });
      } else {
        reply = NOT_BOOKED[agent.profile.persona];
      }
    }
    if (reply === undefined) {
      reply = corrected ? NOT_BOOKED[agent.profile.persona] : UNAVAILABLE;
      via = corrected ? 'model' : 'fallback';
    }
    await remember(input.businessId, phone, input.text, reply, at);
    return { reply, actions, via, corrected };
  }

  return { replyToText };
}
