/**
 * Where a message's media comes from, per provider: the Cloud API (the business's own token,
 * opened just for the request) or WhatsApp's media servers for a Baileys message (Baileys
 * downloads and decrypts it with the message's media key).
 */
import { downloadContentFromMessage, type MediaType } from '@whiskeysockets/baileys';
import type { Database } from '../../db/database';
import type { SecretBox } from '../../lib/secrets';
import { getChannel } from '../channels';
import type { Fetched, MetaMedia } from '../meta/graph-media';
import type { MediaFetcher } from './pipeline';
import type { MediaRef } from './types';

export function createMediaFetcher(deps: { db: Database; box: SecretBox; meta: MetaMedia }): MediaFetcher {
  return async (businessId, provider, ref, maxBytes) => {
    if (provider === 'baileys') return fetchBaileys(ref, maxBytes);
    const channel = await deps.db.withTenant(businessId, (tx) => getChannel(tx, businessId));
    if (channel?.provider !== 'meta' || !channel.metaPhoneNumberId || !channel.metaAccessTokenSealed)
      throw new Error('the business has no Cloud API link to fetch the media with');
    const accessToken = await deps.box.open(channel.metaAccessTokenSealed, businessId);
    return deps.meta.fetch({ phoneNumberId: channel.metaPhoneNumberId, accessToken }, ref.id, maxBytes);
  };
}

async function fetchBaileys(ref: MediaRef, maxBytes: number): Promise<Fetched> {
  const b = ref.baileys ?? {};
  const length = Number(b.fileLength);
  if (Number.isFinite(length) && length > maxBytes) return { tooLarge: length };
  if (typeof b.mediaKey !== 'string' || (!b.directPath && !b.url))
    throw new Error('the message carries no media key or address');
  const stream = await downloadContentFromMessage(
    {
      mediaKey: Buffer.from(b.mediaKey, 'base64'),
      directPath: typeof b.directPath === 'string' ? b.directPath : undefined,
      url: typeof b.url === 'string' ? b.url : undefined,
    },
    (typeof b.type === 'string' ? b.type : 'document') as MediaType,
  );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      stream.destroy();
      return { tooLarge: size };
    }
    chunks.push(chunk);
  }
  return { bytes: new Uint8Array(Buffer.concat(chunks)), mime: ref.mime };
}
