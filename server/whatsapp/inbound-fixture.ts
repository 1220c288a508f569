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
import { type OpenAiRestStandin, startOpenAiRestStandin } from '../standins/openai-rest/index';
import { createHarness, type Harness } from '../test/harness';
import { WHATSAPP_INBOUND_JOB } from './inbound';

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
  const h = await createHarness({ brain });
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
