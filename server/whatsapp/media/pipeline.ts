/**
 * What a customer's message carries, fetched once by the inbound job: the bytes from the
 * provider (size-capped), kept in the media store, and a voice note's words from the
 * transcription model (OpenAI's /audio/transcriptions at the configured base URL). The
 * transcript becomes what the assistant reads, and what the inbox shows under the audio.
 * A fetch or a transcription that fails is recorded as failed (the message is still
 * answered, as one without words), logged by its reason, never by the customer's content.
 */
import { eq } from 'drizzle-orm';
import { inboundMessages } from '../../../db/schema';
import type { Database } from '../../db/database';
import type { Logger } from '../../lib/logger';
import { announce } from '../inbox/conversations';
import type { Fetched } from '../meta/graph-media';
import { type MediaStore, mediaKey } from './store';
import type { MediaRef } from './types';

/** Meta allows 16 MB of audio or video and 100 MB of documents; we keep up to this. */
export const MEDIA_MAX_BYTES = 16 * 1024 * 1024;
/** OpenAI's transcription takes files of up to 25 MB. */
const TRANSCRIBE_MAX_BYTES = 25 * 1024 * 1024;

export type MediaFetcher = (
  businessId: string,
  provider: 'meta' | 'baileys',
  ref: MediaRef,
  maxBytes: number,
) => Promise<Fetched>;

export interface Transcriber {
  transcribe(audio: Uint8Array, mime: string, filename: string): Promise<string>;
}

type Row = typeof inboundMessages.$inferSelect;

export interface MediaPipeline {
  process(businessId: string, row: Row, log: Logger): Promise<void>;
}

export function createMediaPipeline(deps: {
  db: Database;
  store: MediaStore;
  fetch: MediaFetcher;
  transcriber?: Transcriber;
  maxBytes?: number;
}): MediaPipeline {
  const maxBytes = deps.maxBytes ?? MEDIA_MAX_BYTES;
  return {
    async process(businessId, row, log) {
      const ref = (row.details as { media?: MediaRef } | null)?.media;
      const update = async (values: Partial<Row>) =>
        deps.db.withTenant(businessId, async (tx) => {
          await tx.update(inboundMessages).set(values).where(eq(inboundMessages.id, row.id));
          if (row.conversationId) await announce(tx, businessId, row.conversationId);
        });
      if (!ref) return update({ mediaStatus: 'failed' });
      let fetched: Fetched;
      try {
        fetched = await deps.fetch(businessId, row.provider, ref, maxBytes);
      } catch (err) {
        log.warn(
          { reason: err instanceof Error ? err.message : String(err) },
          'whatsapp media could not be fetched',
        );
        return update({
          mediaStatus: 'failed',
          ...(row.transcriptStatus ? { transcriptStatus: 'failed' } : {}),
        });
      }
      if ('tooLarge' in fetched) {
        log.info({ bytes: fetched.tooLarge, maxBytes }, 'whatsapp media over the size cap; not kept');
        return update({
          mediaStatus: 'too_large',
          mediaBytes: fetched.tooLarge,
          ...(row.transcriptStatus ? { transcriptStatus: 'failed' } : {}),
        });
      }
      const key = mediaKey(businessId, row.id);
      const mime =
        (fetched.mime ?? ref.mime ?? 'application/octet-stream').split(';')[0]?.trim() ??
        'application/octet-stream';
      await deps.store.put(key, fetched.bytes);
      const stored = {
        mediaStatus: 'stored',
        mediaKey: key,
        mediaMime: mime,
        mediaBytes: fetched.bytes.byteLength,
      };
      if (!row.transcriptStatus) return update(stored);
      if (!deps.transcriber || fetched.bytes.byteLength > TRANSCRIBE_MAX_BYTES)
        return update({ ...stored, transcriptStatus: 'failed' });
      try {
        const text = (await deps.transcriber.transcribe(fetched.bytes, mime, filenameFor(mime))).trim();
        return update({ ...stored, transcript: text || null, transcriptStatus: text ? 'done' : 'failed' });
      } catch (err) {
        log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'voice note not transcribed');
        return update({ ...stored, transcriptStatus: 'failed' });
      }
    },
  };
}

/** The transcription API reads the format from the file name's extension. */
function filenameFor(mime: string): string {
  const ext: Record<string, string> = {
    'audio/ogg': 'ogg',
    'audio/opus': 'ogg',
    'audio/mpeg': 'mp3',
    'audio/mp4': 'm4a',
    'audio/aac': 'm4a',
    'audio/amr': 'amr',
    'audio/wav': 'wav',
    'audio/x-wav': 'wav',
    'audio/webm': 'webm',
  };
  return `voice.${ext[mime] ?? 'ogg'}`;
}
