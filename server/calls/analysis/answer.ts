/**
 * What the post-call analysis asks the model for, as one strict zod schema: the JSON schema
 * sent with the request is generated from it, and the answer is validated against it again,
 * so nothing the model made up in another shape reaches a call's row.
 */
import { z } from 'zod';
import { CALL_OUTCOMES, CALL_SENTIMENTS, type CallTranscriptTurn } from '../../../db/schema';

const field = (what: string) =>
  z
    .string()
    .max(200)
    .nullable()
    .describe(`${what}, exactly as the transcript says it; null when it is not said`);

export const AnalysisAnswerSchema = z
  .object({
    summary: z
      .string()
      .trim()
      .min(1)
      .max(600)
      .describe('One to three sentences in Hebrew: what the caller wanted and what happened'),
    outcome: z.enum(CALL_OUTCOMES).describe('What the conversation achieved'),
    intent: z.string().trim().min(1).max(200).describe("The caller's intent, a short phrase in Hebrew"),
    fields: z
      .object({
        name: field("The caller's name"),
        service: field('The service the caller asked for'),
        time: field('The day or time the caller asked for'),
        callbackNumber: field('A phone number the caller gave to call back'),
      })
      .strict(),
    sentiment: z.enum(CALL_SENTIMENTS).describe("The caller's mood by the end"),
  })
  .strict();
export type AnalysisAnswer = z.infer<typeof AnalysisAnswerSchema>;

/** The structured-output name: the stand-in recognises the request by it. */
export const ANALYSIS_SCHEMA_NAME = 'call_analysis';

const { $schema: _, ...jsonSchema } = z.toJSONSchema(AnalysisAnswerSchema) as Record<string, unknown>;
export const ANALYSIS_JSON_SCHEMA = jsonSchema;

export const ANALYSIS_INSTRUCTIONS = [
  "You analyse a finished conversation between a business's AI assistant and a customer.",
  'Answer only from the transcript: use null for anything it does not say, never guess a name, a service, a time or a number.',
  'The summary is one to three sentences in Hebrew. Outcome: booked (an appointment was booked), lead_captured (contact details',
  'or a request were taken for a callback), question_answered, transferred (handed to a person), abandoned (the caller left',
  'before anything was achieved), failed (the assistant could not help or a technical fault ended it).',
].join(' ');

const SPEAKER = { caller: 'לקוח', assistant: 'עוזר', system: 'מערכת' } as const;

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The transcript as the model reads it: one line per turn, `[m:ss] speaker: text`, tool
 * lines with their result, keyed digits marked. Null when nobody said anything.
 */
export function transcriptForModel(turns: readonly CallTranscriptTurn[]): string | null {
  const lines: string[] = [];
  let words = false;
  for (const t of turns) {
    const text = t.text.replace(/\s+/g, ' ').trim();
    if (t.kind === 'tool' && t.tool) {
      lines.push(
        `[${clock(t.atMs)}] ${SPEAKER.system}: כלי ${t.tool.name} ${t.tool.ok ? 'הצליח' : 'נכשל'}${text ? ` — ${text}` : ''}`,
      );
      continue;
    }
    if (!text) continue;
    if (t.speaker !== 'system') words = true;
    const digits = t.kind === 'dtmf' ? ' (הקשה)' : '';
    const cut = t.interrupted ? ' (נקטע)' : '';
    lines.push(`[${clock(t.atMs)}] ${SPEAKER[t.speaker]}${digits}${cut}: ${text}`);
  }
  return words ? lines.join('\n') : null;
}
