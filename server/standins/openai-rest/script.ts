/**
 * The scripted brain of the OpenAI REST stand-in: which chat completion answers which
 * request. A script is plain JSON (tests and the demo write it by hand): first a queue of
 * `responses` served in order, then `rules` matched against the request's last message,
 * then what is derived from the request itself (a post-call analysis: call-analysis.ts),
 * then `fallback`. Everything here is pure; the server only feeds it requests.
 */
import type {
  ChatCompletion,
  ChatCompletionCreateParams,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import { analyseTranscript } from './call-analysis.ts';

const ToolCallSchema = z.object({
  name: z.string().min(1),
  /** An object (serialised for the wire) or the raw string the model would send. */
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}),
});

export const ChatReplySchema = z
  .object({
    content: z.string().optional(),
    /** Serialised as the message content: a structured-output answer. */
    json: z.unknown().optional(),
    toolCalls: z.array(ToolCallSchema).optional(),
  })
  .strict();
export type ChatReply = z.input<typeof ChatReplySchema>;

export const ChatMatchSchema = z
  .object({
    /** Role of the request's last message. */
    lastRole: z.enum(['system', 'developer', 'user', 'assistant', 'tool']).optional(),
    /** Substring of the last message's text. */
    contains: z.string().optional(),
    /** The last message is the result of this tool. */
    toolName: z.string().optional(),
    /** Whether the request asks for structured output (`response_format: json_schema`). */
    structured: z.boolean().optional(),
    model: z.string().optional(),
  })
  .strict();

export const ChatRuleSchema = z
  .object({
    match: ChatMatchSchema.default({}),
    reply: ChatReplySchema,
    /** How many times the rule may answer; unlimited when absent. */
    times: z.int().positive().optional(),
  })
  .strict();
export type ChatRule = z.input<typeof ChatRuleSchema>;

export const ChatScriptSchema = z
  .object({
    responses: z.array(ChatReplySchema).default([]),
    rules: z.array(ChatRuleSchema).default([]),
    fallback: ChatReplySchema.default({ content: 'אני כאן כדי לעזור. במה אפשר לעזור?' }),
  })
  .strict();
export type ChatScript = z.input<typeof ChatScriptSchema>;

type Message = ChatCompletionCreateParams['messages'][number];

function textOf(message: Message | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/** The name of the tool whose result `message` is, found through the assistant's call id. */
function toolNameOf(messages: readonly Message[], message: Message | undefined): string | undefined {
  if (message?.role !== 'tool') return undefined;
  for (const m of messages) {
    if (m.role !== 'assistant') continue;
    for (const call of m.tool_calls ?? []) {
      if (call.id === message.tool_call_id && call.type === 'function') return call.function.name;
    }
  }
  return undefined;
}

function matches(match: z.infer<typeof ChatMatchSchema>, req: ChatCompletionCreateParams): boolean {
  const last = req.messages.at(-1);
  if (match.lastRole !== undefined && last?.role !== match.lastRole) return false;
  if (match.contains !== undefined && !textOf(last).includes(match.contains)) return false;
  if (match.toolName !== undefined && toolNameOf(req.messages, last) !== match.toolName) return false;
  if (match.model !== undefined && req.model !== match.model) return false;
  const structured = req.response_format?.type === 'json_schema';
  if (match.structured !== undefined && structured !== match.structured) return false;
  return true;
}

/** Requests the stand-in answers from their own content when no rule did (the demo's). */
function derived(req: ChatCompletionCreateParams): ChatReply | null {
  const format = req.response_format;
  if (format?.type !== 'json_schema' || format.json_schema.name !== 'call_analysis') return null;
  const transcript = req.messages
    .filter((m) => m.role === 'user')
    .map(textOf)
    .join('\n');
  return { json: analyseTranscript(transcript) };
}

export interface ChatResponder {
  answer(req: ChatCompletionCreateParams): ChatCompletion;
}

/** Answers chat requests from `script`; throws (at build) when the script is malformed. */
export function createChatResponder(script: ChatScript = {}): ChatResponder {
  const parsed = ChatScriptSchema.parse(script);
  const queue = [...parsed.responses];
  const used = new Map<number, number>();
  let seq = 0;

  const pick = (req: ChatCompletionCreateParams) => {
    const next = queue.shift();
    if (next) return next;
    const i = parsed.rules.findIndex(
      (r, idx) => (r.times === undefined || (used.get(idx) ?? 0) < r.times) && matches(r.match, req),
    );
    const rule = parsed.rules[i];
    if (!rule) return derived(req) ?? parsed.fallback;
    used.set(i, (used.get(i) ?? 0) + 1);
    return rule.reply;
  };

  return {
    answer(req) {
      const reply = pick(req);
      const n = ++seq;
      const toolCalls: ChatCompletionMessageFunctionToolCall[] = (reply.toolCalls ?? []).map((c, i) => ({
        id: `call_standin_${n}_${i}`,
        type: 'function',
        function: {
          name: c.name,
          arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
        },
      }));
      const content =
        reply.json !== undefined
          ? JSON.stringify(reply.json)
          : toolCalls.length
            ? null
            : (reply.content ?? '');
      const prompt = req.messages.reduce((sum, m) => sum + textOf(m).length, 0);
      const completion = (content ?? '').length;
      return {
        id: `chatcmpl-standin-${n}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: req.model,
        choices: [
          {
            index: 0,
            finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
            logprobs: null,
            message: {
              role: 'assistant',
              content,
              refusal: null,
              ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
            },
          },
        ],
        // Characters / 4, roughly tokens: enough for code that reads usage.
        usage: {
          prompt_tokens: Math.ceil(prompt / 4),
          completion_tokens: Math.ceil(completion / 4),
          total_tokens: Math.ceil(prompt / 4) + Math.ceil(completion / 4),
        },
      };
    },
  };
}
