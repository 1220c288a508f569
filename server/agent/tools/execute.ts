/**
 * Runs one tool call from a model: parses and validates the arguments with the tool's own
 * schema, applies the guards, and calls the services inside the business's scope. Never
 * throws for anything the model or the customer did: that becomes `ok: false` with a reason.
 * Unexpected errors (the database down) also become a reason, and are reported to `onError`.
 */
import { leadNotes } from '../../../db/schema';
import { upsertLeadByPhone } from '../../leads/upsert';
import { inBusiness } from '../../tenancy/scope';
import type { FaqLookup } from '../faq/lookup';
import {
  bookAppointment,
  type CalendarContext,
  cancelAppointment,
  checkAvailability,
  phoneFor,
  rescheduleAppointment,
} from './appointments';
import { CHANNEL_TOOLS, TOOL_SCHEMAS, type ToolArgs, type ToolName } from './definitions';
import { nameProblem } from './guards';
import { failure, REASONS, type ToolResult } from './results';
import { assistantContext } from './scope';

export interface ToolContext extends CalendarContext {
  faq: FaqLookup;
  /**
   * Hands the conversation to a person now (on the phone: transfers the call). Resolves
   * false when nobody can take it; absent → the request is left for the team on the lead.
   */
  transfer?: (reason: string) => Promise<boolean>;
  onError?: (err: unknown, tool: string) => void;
}

async function saveLead(ctx: ToolContext, args: ToolArgs<'create_or_update_lead'>): Promise<ToolResult> {
  const phone = phoneFor(ctx, args.phone);
  if (typeof phone !== 'string') return phone;
  if (args.name !== undefined) {
    const issue = nameProblem(args.name);
    if (issue) return failure(issue);
  }
  const note = [args.interest && `מתעניין/ת ב: ${args.interest}`, args.notes].filter(Boolean).join('\n');
  const lead = await inBusiness(
    assistantContext(ctx.db, ctx.businessId, ctx.now),
    ctx.businessId,
    'assistant.lead',
    async (tx, bid) => {
      const source = ctx.channel === 'voice' ? 'call' : 'whatsapp';
      const { lead } = await upsertLeadByPhone(tx, bid, { phone, name: args.name, source });
      if (note)
        await tx.insert(leadNotes).values({ businessId: bid, leadId: lead.id, authorId: null, body: note });
      return lead;
    },
  );
  return {
    ok: true,
    message: 'פרטי הלקוח נשמרו.',
    data: { leadId: lead.id },
    action: { type: 'lead_saved', leadId: lead.id },
  };
}

/**
 * The phone's FAQ path: the same precision rule as WhatsApp's. An answer the rule lets through
 * is the business's own text; otherwise the closest entries come back as context, marked as
 * unconfirmed, and the model answers from them only when one answers exactly what was asked.
 */
async function lookupFaq(ctx: ToolContext, args: ToolArgs<'lookup_faq'>): Promise<ToolResult> {
  const { answer, candidates } = await ctx.faq.find(args.question, ctx.channel);
  if (answer) {
    const { entry } = answer;
    return {
      ok: true,
      message: entry.answer,
      data: { faqId: entry.id, question: entry.question, answer: entry.answer },
    };
  }
  if (candidates.length === 0) return failure('no_faq_match');
  return {
    ok: true,
    message: REASONS.unconfirmed_faq,
    data: { related: candidates.map((c) => ({ question: c.entry.question, answer: c.entry.answer })) },
  };
}

async function transfer(ctx: ToolContext, args: ToolArgs<'transfer_to_human'>): Promise<ToolResult> {
  const live = ctx.transfer ? await ctx.transfer(args.reason) : false;
  if (!live && ctx.contactPhone) {
    // Nobody to take it now: the request waits for the team on the person's lead.
    await saveLead(ctx, { notes: `ביקש/ה לדבר עם נציג: ${args.reason}` });
  }
  return {
    ok: true,
    message: live
      ? 'השיחה מועברת לנציג.'
      : 'אין נציג זמין כרגע. הבקשה נרשמה ונציג יחזור ללקוח. אמור לו זאת, ואל תאמר שהשיחה הועברה.',
    action: { type: 'transfer', reason: args.reason, live },
  };
}

async function run(ctx: ToolContext, name: ToolName, args: unknown): Promise<ToolResult> {
  switch (name) {
    case 'check_availability':
      return checkAvailability(ctx, args as ToolArgs<'check_availability'>);
    case 'book_appointment':
      return bookAppointment(ctx, args as ToolArgs<'book_appointment'>);
    case 'reschedule_appointment':
      return rescheduleAppointment(ctx, args as ToolArgs<'reschedule_appointment'>);
    case 'cancel_appointment':
      return cancelAppointment(ctx, args as ToolArgs<'cancel_appointment'>);
    case 'create_or_update_lead':
      return saveLead(ctx, args as ToolArgs<'create_or_update_lead'>);
    case 'lookup_faq':
      return lookupFaq(ctx, args as ToolArgs<'lookup_faq'>);
    case 'transfer_to_human':
      return transfer(ctx, args as ToolArgs<'transfer_to_human'>);
    case 'end_call': {
      const { reason } = args as ToolArgs<'end_call'>;
      return { ok: true, message: 'השיחה תסתיים.', action: { type: 'end_call', reason } };
    }
  }
}

/** `args` is the model's raw JSON string (or an already parsed object). */
export async function executeTool(ctx: ToolContext, name: string, args: unknown): Promise<ToolResult> {
  if (!(name in TOOL_SCHEMAS)) return failure('unknown_tool', `אין כלי בשם ${name}.`);
  const tool = name as ToolName;
  if (!CHANNEL_TOOLS[ctx.channel].includes(tool)) return failure('not_on_this_channel');
  let raw = args;
  if (typeof args === 'string') {
    try {
      raw = args.trim() === '' ? {} : JSON.parse(args);
    } catch {
      return failure('invalid_arguments', 'הפרמטרים אינם JSON תקין.');
    }
  }
  const parsed = TOOL_SCHEMAS[tool].safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(כללי)'}: ${i.message}`).join('; ');
    return failure('invalid_arguments', `הפרמטרים אינם תקינים (${fields}).`);
  }
  try {
    return await run(ctx, tool, parsed.data);
  } catch (err) {
    ctx.onError?.(err, tool);
    return failure('failed');
  }
}
