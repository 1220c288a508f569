/**
 * Builds the WhatsApp side once (composition roots: server/main.ts, the test harness):
 * the secret box, the Cloud API client, this process's Baileys sessions, the carrier that
 * picks between them, the delivery job and, given the brain, the job that answers customers. Where the Graph API lives and how Baileys
 * sockets are made are the only things that differ between production and the stand-ins.
 */
import type { Brain } from '../agent/brain';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { DetachedJob, JobHandler } from '../jobs/runner';
import type { Logger } from '../lib/logger';
import { createSecretBox } from '../lib/secrets';
import { createBaileysSessions, type SocketFactory } from './baileys/sessions';
import { createCarrier } from './carrier';
import { whatsappDeliverJob } from './deliver';
import { inboundJob } from './inbound';
import { createMetaClient } from './meta/graph-client';
import type { WhatsAppServiceDeps } from './service';

export interface WhatsApp extends WhatsAppServiceDeps {
  /** The whatsapp.deliver job's handler. */
  deliver: JobHandler;
  /** The whatsapp.inbound job's handler (customers' messages answered), when built with a brain. */
  inbound?: DetachedJob;
}

export async function createWhatsApp(deps: {
  config: Pick<Config, 'secretsKey' | 'meta'>;
  db: Database;
  log: Logger;
  socketFactory: SocketFactory;
  /** Overrides config.meta.graphBaseUrl (the Graph stand-in's address). */
  graphBaseUrl?: string;
  now?: () => Date;
  /** Answers customers' messages; without it they wait, queued, for a process that has it. */
  brain?: Pick<Brain, 'replyToText'>;
}): Promise<WhatsApp> {
  const { config, db, log } = deps;
  const box = await createSecretBox(config.secretsKey);
  const meta = createMetaClient({
    baseUrl: deps.graphBaseUrl ?? config.meta.graphBaseUrl,
    apiVersion: config.meta.apiVersion,
  });
  const wlog = log.child({ component: 'whatsapp' });
  const sessions = createBaileysSessions({
    db,
    box,
    log: wlog,
    socketFactory: deps.socketFactory,
    now: deps.now,
  });
  const carrier = createCarrier({ box, meta, sessions });
  return {
    box,
    meta,
    sessions,
    now: deps.now,
    deliver: whatsappDeliverJob({ carrier, log: wlog }),
    ...(deps.brain ? { inbound: inboundJob({ brain: deps.brain, db, log: wlog }) } : {}),
  };
}
