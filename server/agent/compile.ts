/**
 * The compiled agent of one business: everything a call or a message needs that changes
 * only when the business edits it (instructions per channel, tools, the FAQ index). Loaded
 * in one transaction, so a call never mixes an old profile with a new prompt.
 */
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { ASSISTANT_CHANNELS, type AssistantChannel } from '../../db/schema';
import type { Database } from '../db/database';
import { loadSettings } from '../scheduling/settings';
import { type AssistantProfile, loadProfile } from './assistant/profile';
import { currentPrompt } from './assistant/prompts';
import {
  createFaqLookup,
  type Embedder,
  embedFaqQuestions,
  type FaqConfirmation,
  type FaqLookup,
} from './faq/lookup';
import { buildFaqIndex } from './faq/match';
import { loadFaqs } from './faq/store';
import { composeInstructions } from './instructions';
import { chatTools, realtimeTools } from './tools/definitions';

export interface CompiledAgent {
  businessId: string;
  businessName: string;
  timezone: string;
  profile: AssistantProfile;
  /** The prompt version each channel's instructions were built from. */
  promptVersions: Record<AssistantChannel, number>;
  instructions: Record<AssistantChannel, string>;
  realtimeTools: RealtimeFunctionTool[];
  chatTools: ChatCompletionFunctionTool[];
  /** The business's FAQs: the precision rule, confirmed by embeddings when configured. */
  faq: FaqLookup;
}

export interface FaqOptions {
  embedder?: Embedder;
  confirmation?: FaqConfirmation;
  onError?: (err: unknown) => void;
}

export async function compileAgent(
  db: Database,
  businessId: string,
  faqOptions: FaqOptions = {},
): Promise<CompiledAgent> {
  const compiled = await db.withTenant(businessId, async (tx) => {
    const { businessName, isDefault: _, updatedAt: __, ...profile } = await loadProfile(tx, businessId);
    const { timezone } = await loadSettings(tx, businessId);
    const faqs = await loadFaqs(tx);
    const promptVersions = {} as Record<AssistantChannel, number>;
    const instructions = {} as Record<AssistantChannel, string>;
    for (const channel of ASSISTANT_CHANNELS) {
      const prompt = await currentPrompt(tx, channel);
      promptVersions[channel] = prompt.version;
      instructions[channel] = composeInstructions({ businessName, profile, prompt: prompt.body, channel });
    }
    return {
      businessId,
      businessName,
      timezone,
      profile,
      promptVersions,
      instructions,
      realtimeTools: realtimeTools('voice'),
      chatTools: chatTools('whatsapp'),
      faqs,
    };
  });
  const { faqs, ...agent } = compiled;
  // Embedding happens after the transaction: no connection is held across a network call.
  const vectors = await embedFaqQuestions(faqOptions.embedder, faqs, faqOptions.onError);
  // The business's name stands for the business itself in questions ("מה הכתובת של מספרת שירן?").
  const index = buildFaqIndex(faqs, { context: agent.businessName });
  const faq = createFaqLookup({ index, vectors, ...faqOptions });
  return { ...agent, faq };
}
