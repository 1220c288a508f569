/**
 * The assistant's brain, shared by the phone relay and WhatsApp: neither holds its own copy
 * of the logic. Built once in main.ts and handed to both; every change the assistant routes
 * save is announced (businesses/changes.ts) and rebuilds its agent, in every process.
 */
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import type { AssistantChannel, MemoryTurn } from '../../db/schema';
import { businessChanges } from '../businesses/changes';
import type { Database } from '../db/database';
import type { Logger } from '../lib/logger';
import { toE164 } from '../lib/phone';
import { type AgentCache, createAgentCache } from './cache';
import { type CompiledAgent, compileAgent, type FaqOptions } from './compile';
import { appendMemory, type ContactMemory, loadMemory } from './memory';
import { createModelDateParser } from './text/date-model';
import type { ChatModel } from './text/model';
import { createTextAgent, type TextInput, type TextReply } from './text/reply';
import type { ModelDateParser } from './tools/dates';
import { executeTool } from './tools/execute';
import type { ToolResult } from './tools/results';

export const DEFAULT_AGENT_TTL_MS = 5 * 60_000;

export interface BrainDeps {
  db: Database;
  log?: Logger;
  /** Wall clock for bookings and memory. */
  now?: () => Date;
  /** Monotonic milliseconds for the cache. */
  clock?: () => number;
  cacheTtlMs?: number;
  /** FAQ confirmation by embeddings; without it the matcher's thresholds confirm. */
  faq?: Omit<FaqOptions, 'onError'>;
  /** Chat completions; without it WhatsApp replies and the date fallback are unavailable. */
  chat?: { model: ChatModel; modelName: string; dateModelName: string };
}

export interface VoiceSession {
  instructions: string;
  tools: RealtimeFunctionTool[];
  voice: string;
  greeting: string;
}

export interface ToolCall {
  businessId: string;
  channel: AssistantChannel;
  name: string;
  /** The model's raw JSON arguments. */
  arguments: string;
  /** The caller ID or WhatsApp sender, any common format. */
  contactPhone?: string;
  transfer?: (reason: string) => Promise<boolean>;
}

export interface Brain {
  readonly agents: AgentCache<CompiledAgent>;
  instructionsFor(businessId: string, channel: AssistantChannel): Promise<string>;
  voiceSession(businessId: string): Promise<VoiceSession>;
  executeTool(call: ToolCall): Promise<ToolResult>;
  replyToText(input: TextInput): Promise<TextReply>;
  /** Adds what was said (a finished call's transcript, say) to the person's memory. */
  remember(input: {
    businessId: string;
    phone: string;
    channel: AssistantChannel;
    turns: { role: MemoryTurn['role']; text: string; at?: Date }[];
  }): Promise<void>;
  recall(businessId: string, phone: string): Promise<ContactMemory>;
}

export function createBrain(deps: BrainDeps): Brain {
  const now = deps.now ?? (() => new Date());
  const agents = createAgentCache<CompiledAgent>({
    build: (businessId) =>
      compileAgent(deps.db, businessId, {
        ...deps.faq,
        onError: (err) =>
          deps.log?.warn({ err, businessId }, 'FAQ embeddings unavailable: confirming by thresholds'),
      }),
    ttlMs: deps.cacheTtlMs ?? DEFAULT_AGENT_TTL_MS,
    now: deps.clock,
  });
  // A change saved in any process (the assistant's page, its FAQ) rebuilds the agent here.
  businessChanges(deps.db, deps.log).subscribe((businessId) => agents.invalidate(businessId));
  const onError = (err: unknown, where: string) => deps.log?.error({ err, where }, 'assistant tool failed');
  const parseDate: ModelDateParser | undefined = deps.chat
    ? createModelDateParser({ model: deps.chat.model, modelName: deps.chat.dateModelName })
    : undefined;
  const text = deps.chat
    ? createTextAgent({
        db: deps.db,
        agents,
        model: deps.chat.model,
        modelName: deps.chat.modelName,
        parseDate,
        now,
        onError,
      })
    : undefined;

  return {
    agents,
    async instructionsFor(businessId, channel) {
      return (await agents.get(businessId)).instructions[channel];
    },
    async voiceSession(businessId) {
      const agent = await agents.get(businessId);
      return {
        instructions: agent.instructions.voice,
        tools: agent.realtimeTools,
        voice: agent.profile.voice,
        greeting: agent.profile.greeting,
      };
    },
    async executeTool(call) {
      const agent = await agents.get(call.businessId);
      return executeTool(
        {
          db: deps.db,
          businessId: call.businessId,
          channel: call.channel,
          contactPhone: call.contactPhone ? (toE164(call.contactPhone) ?? undefined) : undefined,
          now,
          parseDate,
          faq: agent.faq,
          transfer: call.transfer,
          onError,
        },
        call.name,
        call.arguments,
      );
    },
    replyToText(input) {
      if (!text) throw new Error('replyToText needs a chat model (BrainDeps.chat)');
      return text.replyToText(input);
    },
    async remember(input) {
      const phone = toE164(input.phone);
      if (!phone || input.turns.length === 0) return;
      const turns = input.turns.map((t) => ({
        role: t.role,
        channel: input.channel,
        text: t.text,
        at: (t.at ?? now()).toISOString(),
      }));
      await deps.db.withTenant(input.businessId, (tx) => appendMemory(tx, input.businessId, phone, turns));
    },
    async recall(businessId, phone) {
      const e164 = toE164(phone);
      if (!e164) return { turns: [], summary: '' };
      return deps.db.withTenant(businessId, (tx) => loadMemory(tx, e164));
    },
  };
}
