/**
 * The small-model fallback for dates `parseHebrewDateTime` does not understand ("אחרי
 * החג", "בסוף החודש הבא"): structured output with a strict schema, answered as local date
 * and time or nulls. The caller validates the answer like any other (tools/dates.ts).
 */
import { z } from 'zod';
import type { ModelDateParser } from '../tools/dates';
import type { ChatModel } from './model';

const answer = z
  .object({
    date: z.string().nullable().describe('YYYY-MM-DD, or null when the text names no single day'),
    time: z.string().nullable().describe('HH:MM (24 hours), or null when no time is said'),
  })
  .strict();

const { $schema: _, ...schema } = z.toJSONSchema(answer) as Record<string, unknown>;

const WEEKDAYS = ['ראשון', 'שני', 'שלישי', 'רביעי', 'חמישי', 'שישי', 'שבת'];

export function createModelDateParser(deps: { model: ChatModel; modelName: string }): ModelDateParser {
  return async (text, { now, timeZone }) => {
    const local = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(now);
    const weekday = WEEKDAYS[new Date(`${local.slice(0, 10)}T12:00:00Z`).getUTCDay()];
    const res = await deps.model.complete({
      model: deps.modelName,
      temperature: 0,
      messages: [
        {
          role: 'system',
          content: `Now it is ${local} (יום ${weekday}) in ${timeZone}. Give the date and time the Hebrew text refers to, in that time zone. Use null for what it does not say; never guess.`,
        },
        { role: 'user', content: text },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'date_time', strict: true, schema } },
    });
    const content = res.choices[0]?.message.content;
    if (!content) return null;
    try {
      const parsed = answer.safeParse(JSON.parse(content));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
}
