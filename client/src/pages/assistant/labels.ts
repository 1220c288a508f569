import type { AssistantChannel, AssistantProfile, PromptVersion } from './data';

export type Voice = AssistantProfile['voice'];
export type Persona = AssistantProfile['persona'];

/** The channels in tab and checkbox order. */
export const CHANNELS = ['voice', 'whatsapp'] as const satisfies readonly AssistantChannel[];

export const CHANNEL_LABEL: Record<AssistantChannel, string> = {
  voice: 'טלפון',
  whatsapp: 'וואטסאפ',
};

/** The server's limit on a prompt (server/agent/assistant/prompts.ts, which the bundle cannot import). */
export const PROMPT_MAX_CHARS = 20_000;

/** The voice the server gives a business that chose none (server/agent/assistant/profile.ts). */
export const DEFAULT_VOICE: Voice = 'cedar';

/**
 * Every Realtime voice, grouped by how it sounds. A Record, so a voice added to the server's
 * list fails the type check here until it is given a group.
 */
const VOICE_GROUP: Record<Voice, 'male' | 'female' | 'neutral'> = {
  ash: 'male',
  ballad: 'male',
  cedar: 'male',
  echo: 'male',
  verse: 'male',
  coral: 'female',
  marin: 'female',
  sage: 'female',
  shimmer: 'female',
  alloy: 'neutral',
};

export const VOICE_GROUPS = [
  { key: 'male', label: 'קולות גבריים' },
  { key: 'female', label: 'קולות נשיים' },
  { key: 'neutral', label: 'קול ניטרלי' },
] as const;

/** The voices of one group, in the server's order, each with its select label. */
export function voicesIn(group: (typeof VOICE_GROUPS)[number]['key']): { voice: Voice; label: string }[] {
  return (Object.keys(VOICE_GROUP) as Voice[])
    .filter((voice) => VOICE_GROUP[voice] === group)
    .sort()
    .map((voice) => ({ voice, label: voiceLabel(voice) }));
}

/** 'Cedar (ברירת המחדל, גברי)': the name as OpenAI spells it, capitalised. */
export function voiceLabel(voice: Voice): string {
  const name = voice.charAt(0).toUpperCase() + voice.slice(1);
  return voice === DEFAULT_VOICE ? `${name} (ברירת המחדל, גברי)` : name;
}

export const PERSONA_LABEL: Record<Persona, string> = {
  masculine: 'לשון זכר ("אני שמח לעזור")',
  feminine: 'לשון נקבה ("אני שמחה לעזור")',
};

/**
 * What a history row says about a version besides its number: the built-in default, or
 * the version a rollback copied. Undefined for an ordinary save.
 */
export function versionNote(version: Pick<PromptVersion, 'version' | 'copiedFrom'>): string | undefined {
  if (version.version === 0) return 'ברירת המחדל של המערכת';
  if (version.copiedFrom !== null) return `שוחזרה מגרסה ${version.copiedFrom}`;
  return undefined;
}
