/**
 * What the inbound tests share: a harness whose WhatsApp answers customers with a real brain
 * talking to the OpenAI REST stand-in (one scripted reply), and the jobs drained as the
 * runner would run them.
 */
import { and, eq } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import { type Brain, createBrain } from '../agent/brain';
import { createChatModel, createOpenAiClient } from '../agent/text/model';
import { drainJobs } from '../jobs/drain';
import type { WebhookTarget } from '../standins/graph/index';
import { type OpenAiRestStandin, startOpenAiRestStandin } from '../standins/openai-rest/index';
import { createHarness, type Harness, TEST_META_APP_SECRET, TEST_ORIGIN } from '../test/harness';
import { WHATSAPP_INBOUND_JOB } from './inbound';
import { createOpenAiTranscriber } from './media/transcriber';

/** What the scripted model answers to any customer message. */
export const ASSISTANT_REPLY = 'שלום! כאן העוזר של העסק. במה אפשר לעזור?';

export interface InboundRig {
  h: Harness;
  standin: OpenAiRestStandin;
  /** Runs every due job, the inbound answers and their deliveries included. */
  drain(): Promise<number>;
  /** The whatsapp.inbound jobs ever queued for the business. */
  inboundJobs(businessId: string): Promise<(typeof jobs.$inferSelect)[]>;
  close(): Promise<void>;
}

export async function openInboundRig(): Promise<InboundRig> {
  const standin = await startOpenAiRestStandin({
    apiKey: 'sk-test',
    script: { fallback: { content: ASSISTANT_REPLY } },
  });
  const brain = (db: Harness['db']): Brain =>
    createBrain({
      db,
      chat: {
        model: createChatModel({
          client: createOpenAiClient({ baseUrl: standin.baseUrl, apiKey: 'sk-test' }),
          timeoutMs: 5000,
        }),
        modelName: 'gpt-4o-mini',
        dateModelName: 'gpt-4o-mini',
      },
    });
  const client = createOpenAiClient({ baseUrl: standin.baseUrl, apiKey: 'sk-test' });
  const h = await createHarness({
    brain,
    transcriber: createOpenAiTranscriber({ client, model: 'gpt-4o-mini-transcribe' }),
  });
  const { deliver, inbound } = h.whatsapp;
  return {
    h,
    standin,
    drain: () => drainJobs(h.db, undefined, { deliver, inbound }),
    inboundJobs: (businessId) =>
      h.db.withSystem((tx) =>
        tx
          .select()
          .from(jobs)
          .where(and(eq(jobs.businessId, businessId), eq(jobs.kind, WHATSAPP_INBOUND_JOB))),
      ),
    async close() {
      await h.close();
      await standin.stop();
    },
  };
}

/**
 * Links a Meta number to business a through the API, as its owner would, and returns where
 * Meta's signed deliveries for it go (the rig's app, in process).
 */
export async function linkMetaNumber(
  rig: InboundRig,
  number: { phoneNumberId: string; accessToken: string; displayPhoneNumber: string },
): Promise<WebhookTarget> {
  const { h } = rig;
  h.whatsapp.graph.addNumber({ ...number, verifiedName: 'Business a' });
  const owner = await h.login(h.a.users.owner.email);
  const res = await h.request('PUT', '/api/whatsapp/meta', {
    cookie: owner,
    body: { phoneNumberId: number.phoneNumberId, accessToken: number.accessToken },
  });
  if (res.status !== 200)
    throw new Error(`linking the Meta number answered ${res.status}: ${await res.text()}`);
  return {
    webhookUrl: `${TEST_ORIGIN}/whatsapp/webhook`,
    appSecret: TEST_META_APP_SECRET,
    post: (url, init) => h.app.request(url, init),
  };
}
