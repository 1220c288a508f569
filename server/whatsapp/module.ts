/**
 * Builds the WhatsApp side once (composition roots: server/main.ts, the test harness):
 * the secret box, the Cloud API client, this process's Baileys sessions, the carrier that
 * picks between them, the delivery job and, given the brain, the job that answers customers. Where the Graph API lives and how Baileys
 * sockets are made are the only things that differ between production and the stand-ins.
 */
import { join } from 'node:path';
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
import { createMediaFetcher } from './media/fetchers';
import { createMediaPipeline, type Transcriber } from './media/pipeline';
import { createMediaStore, type MediaStore } from './media/store';
import { createMetaClient } from './meta/graph-client';
import { createMetaMedia } from './meta/graph-media';
import type { WhatsAppServiceDeps } from './service';

export interface WhatsApp extends WhatsAppServiceDeps {
  /** The whatsapp.deliver job's handler. */
  deliver: JobHandler;
  /** The whatsapp.inbound job's handler (customers' messages answered), when built with a brain. */
  inbound?: DetachedJob;
  /** Customers' photos, files and voice notes. */
  media: MediaStore;
}

export async function createWhatsApp(deps: {
  config: Pick<Config, 'secretsKey' | 'meta' | 'dataDir'>;
  db: Database;
  log: Logger;
  socketFactory: SocketFactory;
  /** Overrides config.meta.graphBaseUrl (the Graph stand-in's address). */
  graphBaseUrl?: string;
  now?: () => Date;
  /** Answers customers' messages; without it they wait, queued, for a process that has it. */
  brain?: Pick<Brain, 'replyToText'>;
  /** Voice notes to words; without it they are kept and shown, untranscribed. */
  transcriber?: Transcriber;
  /** Default: DATA_DIR/whatsapp-media. */
  mediaStore?: MediaStore;
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
  const mediaStore = deps.mediaStore ?? createMediaStore(join(config.dataDir, 'whatsapp-media'));
  const media = createMediaPipeline({
    db,
    store: mediaStore,
    fetch: createMediaFetcher({
      db,
      box,
      meta: createMetaMedia({
        baseUrl: deps.graphBaseUrl ?? config.meta.graphBaseUrl,
        apiVersion: config.meta.apiVersion,
      }),
    }),
    transcriber: deps.transcriber,
  });
  return {
    box,
    meta,
    sessions,
    now: deps.now,
    media: mediaStore,
    deliver: whatsappDeliverJob({ carrier, log: wlog, ownerElsewhere: sessions.ownerElsewhere }),
    ...(deps.brain
      ? { inbound: inboundJob({ brain: deps.brain, db, log: wlog, media, now: deps.now }) }
      : {}),
  };
}
