/**
 * The committed Hebrew voice notes (server/whatsapp/fixtures, made by
 * scripts/fixtures/make-voice-notes.sh) and the words each speaks, by the file's sha256: what
 * the stand-in's /v1/audio/transcriptions answers for them.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

export const VOICE_NOTES_DIR = resolve(import.meta.dir, '../../whatsapp/fixtures');

export async function loadVoiceNote(name: string): Promise<{ bytes: Uint8Array; words: string }> {
  const manifest = (await Bun.file(resolve(VOICE_NOTES_DIR, 'voice-notes.json')).json()) as Record<
    string,
    string
  >;
  const words = manifest[`${name}.ogg`];
  if (!words) throw new Error(`no voice note named ${name}`);
  return {
    bytes: new Uint8Array(await Bun.file(resolve(VOICE_NOTES_DIR, `${name}.ogg`)).arrayBuffer()),
    words,
  };
}

export async function loadVoiceNoteTranscripts(): Promise<Map<string, string>> {
  const manifest = (await Bun.file(resolve(VOICE_NOTES_DIR, 'voice-notes.json')).json()) as Record<
    string,
    string
  >;
  const byHash = new Map<string, string>();
  for (const [file, words] of Object.entries(manifest)) {
    const bytes = new Uint8Array(await Bun.file(resolve(VOICE_NOTES_DIR, file)).arrayBuffer());
    byHash.set(createHash('sha256').update(bytes).digest('hex'), words);
  }
  return byHash;
}
