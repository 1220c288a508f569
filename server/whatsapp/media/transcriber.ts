/** Voice notes to words: OpenAI's /audio/transcriptions at the configured base URL, in Hebrew. */
import { type OpenAI, toFile } from 'openai';
import type { Transcriber } from './pipeline';

export function createOpenAiTranscriber(opts: {
  client: OpenAI;
  model: string;
  timeoutMs?: number;
}): Transcriber {
  return {
    async transcribe(audio, mime, filename) {
      const file = await toFile(audio, filename, { type: mime });
      const res = await opts.client.audio.transcriptions.create(
        { file, model: opts.model, language: 'he' },
        { timeout: opts.timeoutMs ?? 60_000, maxRetries: 1 },
      );
      return res.text;
    },
  };
}
