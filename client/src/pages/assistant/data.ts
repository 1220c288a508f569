import { action, json, query } from '@solidjs/router';
import type { AssistantChannel } from '../../../../db/schema/assistant';
import type { DiffLine } from '../../../../server/agent/assistant/line-diff';
import type { AssistantProfile, ProfileView } from '../../../../server/agent/assistant/profile';
import type { PromptHistory, PromptVersion } from '../../../../server/agent/assistant/prompts';
import type { FaqTrial, FaqView } from '../../../../server/agent/faq/store';
import { api, withQuery } from '../../api';

/**
 * The assistant's settings API: profile, prompts per channel, FAQ. The shapes are the
 * server's own types (type-only imports, erased from the bundle), so the two cannot drift.
 */
export type { AssistantChannel, AssistantProfile, DiffLine, FaqTrial, FaqView, ProfileView, PromptVersion };

export const getProfile = query(
  async (businessId: string | undefined) =>
    (await api.get<{ profile: ProfileView }>(withQuery('/api/assistant/profile', { businessId }))).profile,
  'assistantProfile',
);

/** Replaces the whole profile. */
export const saveProfile = action(
  async (businessId: string | undefined, profile: AssistantProfile) =>
    (await api.put<{ profile: ProfileView }>(withQuery('/api/assistant/profile', { businessId }), profile))
      .profile,
  'saveAssistantProfile',
);

const promptPath = (channel: AssistantChannel, rest = '') => `/api/assistant/prompts/${channel}${rest}`;

/** The channel's current prompt and every version, newest first, ending with the built-in version 0. */
export const getPrompts = query(
  (businessId: string | undefined, channel: AssistantChannel) =>
    api.get<PromptHistory>(withQuery(promptPath(channel), { businessId })),
  'assistantPrompts',
);

export const getPromptDiff = query(
  (businessId: string | undefined, channel: AssistantChannel, from: number, to: number) =>
    api.get<{ from: PromptVersion; to: PromptVersion; lines: DiffLine[] }>(
      withQuery(promptPath(channel, '/diff'), { from, to, businessId }),
    ),
  'assistantPromptDiff',
);

/** Saves `body` as the channel's next version; the next call or message uses it. */
export const savePrompt = action(
  async (businessId: string | undefined, channel: AssistantChannel, body: string) =>
    (await api.post<{ version: PromptVersion }>(withQuery(promptPath(channel), { businessId }), { body }))
      .version,
  'saveAssistantPrompt',
);

/** Appends a copy of `version` as the channel's next version (history is never rewritten). */
export const rollbackPrompt = action(
  async (businessId: string | undefined, channel: AssistantChannel, version: number) =>
    (
      await api.post<{ version: PromptVersion }>(
        withQuery(promptPath(channel, '/rollback'), { businessId }),
        {
          version,
        },
      )
    ).version,
  'rollbackAssistantPrompt',
);

export const listFaqs = query(
  async (businessId: string | undefined) =>
    (await api.get<{ faqs: FaqView[] }>(withQuery('/api/faqs', { businessId }))).faqs,
  'faqs',
);

export type FaqInput = { question: string; answer: string; channels: AssistantChannel[] };

const faqPath = (id: string) => `/api/faqs/${encodeURIComponent(id)}`;

// FAQ changes refetch the FAQ list only. By default an action refetches every query on the
// page, the session included, which re-renders the page and drops what the "try a question"
// box is showing.
const faqsChanged = <T>(value: T) => json(value, { revalidate: listFaqs.key });

export const createFaq = action(
  async (businessId: string | undefined, input: FaqInput) =>
    faqsChanged((await api.post<{ faq: FaqView }>(withQuery('/api/faqs', { businessId }), input)).faq),
  'createFaq',
);

export const updateFaq = action(
  async (businessId: string | undefined, id: string, input: FaqInput) =>
    faqsChanged((await api.patch<{ faq: FaqView }>(withQuery(faqPath(id), { businessId }), input)).faq),
  'updateFaq',
);

export const deleteFaq = action(
  async (businessId: string | undefined, id: string) =>
    faqsChanged(await api.delete(withQuery(faqPath(id), { businessId }))),
  'deleteFaq',
);

/**
 * Runs a question through the assistant's own FAQ matcher. A read, not a change: a plain
 * call rather than an action, so trying a question does not refetch every query on the page.
 */
export function tryQuestion(
  businessId: string | undefined,
  input: { question: string; channel: AssistantChannel },
): Promise<FaqTrial> {
  return api.post<FaqTrial>(withQuery('/api/faqs/try', { businessId }), input);
}
