/**
 * Where a business's greeting audio is kept: one row per business in `greeting_audio`
 * (tenant-scoped, bounded: one greeting each, at most `MAX_GREETING_BYTES`), with the
 * process's recent ones in memory so a call's plan finds its greeting without a round trip.
 * A row whose text, voice or model differ from the business's current ones is stale: it is
 * never played, and the next greeting the live model speaks replaces it.
 */
import { eq } from 'drizzle-orm';
import { greetingAudio } from '../../../db/schema';
import type { Database } from '../../db/database';

/** What makes two greetings the same audio. */
export interface GreetingKey {
  text: string;
  voice: string;
  model: string;
}

export interface CachedGreeting {
  key: GreetingKey;
  audio: Uint8Array;
  /** The audio as base64 chunks of at most `CHUNK_BYTES`, ready for the pacer. */
  chunks: ReadonlyArray<{ base64: string; bytes: number }>;
  durationMs: number;
}

/** 15 s of μ-law: a greeting longer than that is not one sentence and is not kept. */
export const MAX_GREETING_BYTES = 15 * 8000;
/** Shorter than this is not a greeting (a cut-off or an empty response). */
export const MIN_GREETING_BYTES = 300 * 8;
/** 100 ms per chunk, the size of upstream's own deltas. */
const CHUNK_BYTES = 800;

export interface GreetingStore {
  /** The business's greeting audio for exactly this key, or null. Never rejects. */
  load(businessId: string, key: GreetingKey): Promise<CachedGreeting | null>;
  /** Keeps (replaces) the business's greeting audio. Rejects on a database failure. */
  keep(businessId: string, key: GreetingKey, audio: Uint8Array): Promise<void>;
  readonly stats: { hits: number; misses: number; kept: number; failures: number };
}

export function sameKey(a: GreetingKey, b: GreetingKey): boolean {
  return a.text === b.text && a.voice === b.voice && a.model === b.model;
}

export function cachedGreeting(key: GreetingKey, audio: Uint8Array): CachedGreeting {
  const chunks: Array<{ base64: string; bytes: number }> = [];
  for (let i = 0; i < audio.length; i += CHUNK_BYTES) {
    const part = audio.subarray(i, Math.min(audio.length, i + CHUNK_BYTES));
    chunks.push({ base64: Buffer.from(part).toString('base64'), bytes: part.length });
  }
  return { key, audio, chunks, durationMs: Math.round(audio.length / 8) };
}

export function createGreetingStore(
  db: Database,
  o: { log: { warn(fields: object, message: string): void }; memoryEntries?: number },
): GreetingStore {
  const limit = o.memoryEntries ?? 256;
  const memory = new Map<string, CachedGreeting>();
  const stats = { hits: 0, misses: 0, kept: 0, failures: 0 };

  function remember(businessId: string, g: CachedGreeting): void {
    memory.delete(businessId);
    memory.set(businessId, g);
    if (memory.size > limit) {
      const oldest = memory.keys().next().value;
      if (oldest !== undefined) memory.delete(oldest);
    }
  }

  return {
    stats,
    async load(businessId, key) {
      const known = memory.get(businessId);
      if (known && sameKey(known.key, key)) {
        stats.hits++;
        return known;
      }
      try {
        const [row] = await db.withTenant(businessId, (tx) =>
          tx.select().from(greetingAudio).where(eq(greetingAudio.businessId, businessId)),
        );
        const stored = row ? { text: row.greetingText, voice: row.voice, model: row.model } : null;
        if (!row || !stored || !sameKey(stored, key) || row.audio.length > MAX_GREETING_BYTES) {
          stats.misses++;
          return null;
        }
        const g = cachedGreeting(key, row.audio);
        remember(businessId, g);
        stats.hits++;
        return g;
      } catch (err) {
        stats.failures++;
        o.log.warn({ err: String(err), businessId }, 'greeting: could not load the cached audio');
        return null;
      }
    },
    async keep(businessId, key, audio) {
      if (audio.length < MIN_GREETING_BYTES || audio.length > MAX_GREETING_BYTES)
        throw new Error(`greeting of ${audio.length} bytes is outside the bounds`);
      const values = {
        businessId,
        greetingText: key.text,
        voice: key.voice,
        model: key.model,
        audio,
        durationMs: Math.round(audio.length / 8),
        createdAt: new Date(),
      };
      await db.withTenant(businessId, (tx) =>
        tx
          .insert(greetingAudio)
          .values(values)
          .onConflictDoUpdate({ target: greetingAudio.businessId, set: values }),
      );
      stats.kept++;
      remember(businessId, cachedGreeting(key, audio));
    },
  };
}
