/**
 * The assistant's tools, defined once with zod and served in both wire shapes: the Realtime
 * session's `{type, name, description, parameters}` and chat completions'
 * `{type, function: {name, description, parameters}}`. The same schemas validate the
 * arguments the model sends back (see execute.ts): the model is never trusted to follow them.
 */
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { z } from 'zod';
import type { AssistantChannel } from '../../../db/schema';

const when = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe(
    'The date and time as the customer said them ("מחר בשלוש", "ביום שלישי בעשר") or "YYYY-MM-DD HH:MM"',
  );
const phone = z
  .string()
  .trim()
  .min(3)
  .max(60)
  .describe(
    "The customer's phone number, digits as confirmed with them. Leave out to use the number they contact from",
  );
const confirmed = z
  .boolean()
  .describe('True only after the details were read back to the customer and they said they are correct');

export const TOOL_SCHEMAS = {
  check_availability: z
    .object({ day: when.describe('The day (and optionally time) asked about, as the customer said it') })
    .strict(),
  book_appointment: z
    .object({
      name: z.string().trim().min(1).max(80).describe("The customer's full name"),
      phone: phone.optional(),
      when,
      notes: z.string().trim().max(500).optional().describe('What the appointment is for'),
      confirmed,
    })
    .strict(),
  reschedule_appointment: z.object({ phone: phone.optional(), when, confirmed }).strict(),
  cancel_appointment: z.object({ phone: phone.optional(), confirmed }).strict(),
  create_or_update_lead: z
    .object({
      name: z.string().trim().min(1).max(80).optional(),
      phone: phone.optional(),
      interest: z.string().trim().max(300).optional().describe('What the customer is interested in'),
      notes: z.string().trim().max(1000).optional(),
    })
    .strict(),
  lookup_faq: z.object({ question: z.string().trim().min(1).max(500) }).strict(),
  transfer_to_human: z.object({ reason: z.string().trim().min(1).max(300) }).strict(),
  end_call: z.object({ reason: z.string().trim().max(300).optional() }).strict(),
} as const;

export type ToolName = keyof typeof TOOL_SCHEMAS;
export type ToolArgs<N extends ToolName> = z.infer<(typeof TOOL_SCHEMAS)[N]>;
export const TOOL_NAMES = Object.keys(TOOL_SCHEMAS) as ToolName[];

const DESCRIPTIONS: Record<ToolName, string> = {
  check_availability: 'Free appointment times on a day. Use before offering times.',
  book_appointment:
    'Book an appointment. Only after reading the name and phone back to the customer and hearing them confirm.',
  reschedule_appointment:
    "Move the customer's next appointment to a new time, after they confirmed the new time.",
  cancel_appointment: "Cancel the customer's next appointment, after they confirmed they want to cancel.",
  create_or_update_lead:
    "Save the customer's details and what they are interested in, for the team to follow up.",
  lookup_faq: "Find the business's own answer to a customer's question.",
  transfer_to_human: 'Hand the conversation to a person on the team.',
  end_call: 'Hang up, after saying goodbye.',
};

/** Which tools each channel offers: hanging up only means something on the phone. */
export const CHANNEL_TOOLS: Record<AssistantChannel, readonly ToolName[]> = {
  voice: TOOL_NAMES,
  whatsapp: TOOL_NAMES.filter((n) => n !== 'end_call'),
};

function parameters(name: ToolName): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(TOOL_SCHEMAS[name], { io: 'input' }) as Record<
    string,
    unknown
  >;
  return schema;
}

export function realtimeTools(channel: AssistantChannel = 'voice'): RealtimeFunctionTool[] {
  return CHANNEL_TOOLS[channel].map((name) => ({
    type: 'function',
    name,
    description: DESCRIPTIONS[name],
    parameters: parameters(name),
  }));
}

export function chatTools(channel: AssistantChannel = 'whatsapp'): ChatCompletionFunctionTool[] {
  return CHANNEL_TOOLS[channel].map((name) => ({
    type: 'function',
    function: { name, description: DESCRIPTIONS[name], parameters: parameters(name) },
  }));
}
