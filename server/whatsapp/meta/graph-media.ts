/**
 * A customer's photo, file or voice note on the Cloud API: the webhook names it by a media
 * id; GET /{version}/{media-id} answers a short-lived URL, which is downloaded with the same
 * token. The download is capped: past `maxBytes` it stops and says so.
 */
import { z } from 'zod';
import type { MetaCredentials } from './graph-client';

const MediaInfo = z.object({
  url: z.string().url(),
  mime_type: z.string().optional(),
  file_size: z.coerce.number().optional(),
  sha256: z.string().optional(),
});

export type Fetched = { bytes: Uint8Array; mime?: string } | { tooLarge: number };

export interface MetaMedia {
  fetch(creds: MetaCredentials, mediaId: string, maxBytes: number): Promise<Fetched>;
}

export function createMetaMedia(opts: {
  baseUrl: string;
  apiVersion: string;
  timeoutMs?: number;
}): MetaMedia {
  const root = new URL(opts.baseUrl).href.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return {
    async fetch(creds, mediaId, maxBytes) {
      const headers = { authorization: `Bearer ${creds.accessToken}` };
      const infoUrl = `${root}/${opts.apiVersion}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(creds.phoneNumberId)}`;
      const res = await fetch(infoUrl, { headers, signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`Graph API answered HTTP ${res.status} for the media`);
      const info = MediaInfo.parse(await res.json());
      if (info.file_size !== undefined && info.file_size > maxBytes) return { tooLarge: info.file_size };
      const file = await fetch(info.url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      if (!file.ok || !file.body) throw new Error(`the media download answered HTTP ${file.status}`);
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = file.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel();
          return { tooLarge: size };
        }
        chunks.push(value);
      }
      return {
        bytes: new Uint8Array(Buffer.concat(chunks)),
        mime: info.mime_type ?? file.headers.get('content-type') ?? undefined,
      };
    },
  };
}
