import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';

/**
 * The configuration a new GA session reports in `session.created`: PCM 24 kHz in and out
 * and server VAD on, as the service does, so a relay that forgets to ask for `audio/pcmu`
 * is caught here rather than on a real call.
 */
export function defaultSession(id: string, model: string, now: number): RealtimeSessionCreateRequest {
  const session = {
    type: 'realtime',
    object: 'realtime.session',
    id,
    model,
    expires_at: Math.floor(now / 1000) + 3600,
    output_modalities: ['audio'],
    instructions: '',
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    truncation: 'auto',
    prompt: null,
    include: null,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        turn_detection: {
          type: 'server_vad',
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 500,
          idle_timeout_ms: null,
          create_response: true,
          interrupt_response: true,
        },
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1 },
    },
  };
  return session as unknown as RealtimeSessionCreateRequest;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `session.update` semantics: nested objects merge, everything else (arrays, null)
 * replaces. An audio `format` or a `turn_detection` of another type is replaced whole, so
 * switching to `audio/pcmu` does not keep PCM's `rate`.
 */
export function mergeSession<T>(current: T, update: unknown): T {
  if (!isPlain(current) || !isPlain(update)) return structuredClone(update) as T;
  const out: Plain = { ...current };
  for (const [key, value] of Object.entries(update)) {
    const existing = out[key];
    const replaceWhole =
      key === 'format' ||
      (key === 'turn_detection' && isPlain(existing) && isPlain(value) && value.type !== existing.type);
    out[key] =
      isPlain(value) && isPlain(existing) && !replaceWhole
        ? mergeSession(existing, value)
        : structuredClone(value);
  }
  return out as T;
}
