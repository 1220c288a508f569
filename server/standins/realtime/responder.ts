import type {
  RealtimeConversationItemAssistantMessage,
  RealtimeConversationItemFunctionCall,
  RealtimeResponse,
} from 'openai/resources/realtime/realtime';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Conversation } from './conversation.ts';
import type { createIds, ServerEventDraft } from './events.ts';
import type { LoadedTurn } from './script.ts';

export interface Pacing {
  /** Audio is sent this many times faster than it plays (OpenAI streams ahead of real time). */
  speed: number;
  /** Audio per `response.output_audio.delta`. */
  chunkMs: number;
  /** Delay between `response.created` and the first output (the model's think time). */
  firstAudioDelayMs: number;
}

export const DEFAULT_PACING: Pacing = { speed: 4, chunkMs: 100, firstAudioDelayMs: 100 };

export type CancelReason = 'client_cancelled' | 'turn_detected';

export interface ResponseOutcome {
  id: string;
  status: 'completed' | 'cancelled';
  /** Bytes of μ-law audio sent in deltas (8 bytes = 1 ms). */
  audioBytes: number;
  /** The function call, when the response got as far as completing one. */
  functionCall: { name: string; callId: string } | null;
}

export interface ResponderDeps {
  clock: Clock;
  ids: ReturnType<typeof createIds>;
  conversation: Conversation;
  pacing: Pacing;
  conversationId: string;
  voice: string;
  metadata: Record<string, string> | null;
  emit(event: ServerEventDraft): void;
}

export interface ActiveResponse {
  readonly id: string;
  /** Stops streaming and emits what the service sends for a cancelled response. */
  cancel(reason: CancelReason): void;
  /** Stops all timers without emitting anything (the connection is gone). */
  dispose(): void;
}

type Item = RealtimeConversationItemAssistantMessage | RealtimeConversationItemFunctionCall;
interface Step {
  at: number;
  run(): void;
}

/**
 * Streams one scripted turn as the GA event sequence: `response.created`, then per output
 * item `response.output_item.added` / `conversation.item.added`, the audio and transcript
 * deltas (or function-call argument deltas), their `done` events, and `response.done`.
 * Invariant: the conversation's audio length for the item always equals the audio sent so
 * far, so a truncation check sees exactly what a client could have played.
 */
export function startResponse(
  turn: LoadedTurn,
  deps: ResponderDeps,
  onFinish: (outcome: ResponseOutcome) => void,
): ActiveResponse {
  const { clock, ids, conversation, pacing, emit } = deps;
  const id = ids('resp');
  const outputs: Item[] = [];
  const outcome: ResponseOutcome = { id, status: 'completed', audioBytes: 0, functionCall: null };
  let openAudio: {
    item: RealtimeConversationItemAssistantMessage;
    index: number;
    transcript: string;
  } | null = null;
  let openCall: { item: RealtimeConversationItemFunctionCall; index: number } | null = null;
  const steps: Step[] = [];
  const scale = (ms: number) => ms / pacing.speed;
  let at = pacing.firstAudioDelayMs;

  const response = (
    status: RealtimeResponse['status'],
    extra: Partial<RealtimeResponse> = {},
  ): RealtimeResponse => ({
    id,
    object: 'realtime.response',
    status,
    conversation_id: deps.conversationId,
    output_modalities: ['audio'],
    audio: { output: { format: { type: 'audio/pcmu' }, voice: deps.voice } },
    max_output_tokens: 'inf',
    metadata: deps.metadata,
    output: structuredClone(outputs),
    ...extra,
  });

  const addItem = (item: Item) => {
    const index = outputs.length;
    outputs.push(item);
    const stored = structuredClone(item) as Item & { id: string };
    const added = conversation.add(stored, undefined, item.type === 'message' ? 0 : null);
    const previous = added.ok ? added.value : null;
    emit({
      type: 'response.output_item.added',
      response_id: id,
      output_index: index,
      item: structuredClone(item),
    });
    emit({ type: 'conversation.item.added', previous_item_id: previous, item: structuredClone(item) });
    return index;
  };

  const closeAudio = (status: 'completed' | 'incomplete') => {
    if (!openAudio) return;
    const { item, index, transcript } = openAudio;
    const itemId = item.id as string;
    const common = { response_id: id, item_id: itemId, output_index: index, content_index: 0 };
    emit({ type: 'response.output_audio.done', ...common });
    emit({ type: 'response.output_audio_transcript.done', ...common, transcript });
    emit({ type: 'response.content_part.done', ...common, part: { type: 'audio', transcript } });
    item.status = status;
    item.content = [{ type: 'output_audio', transcript }];
    const stored = conversation.get(itemId);
    if (stored?.item.type === 'message') {
      stored.item.status = status;
      stored.item.content = [{ type: 'output_audio', transcript }];
    }
    emit({
      type: 'response.output_item.done',
      response_id: id,
      output_index: index,
      item: structuredClone(item),
    });
    if (status === 'completed') emit({ type: 'conversation.item.done', item: structuredClone(item) });
    openAudio = null;
  };

  if (turn.audio) {
    const audio = turn.audio;
    const itemId = ids('item');
    const chunkBytes = Math.max(8, Math.round(pacing.chunkMs * 8));
    const chunks = Math.ceil(audio.length / chunkBytes);
    const words = turn.transcript.match(/\S+\s*/g) ?? [];
    steps.push({
      at,
      run() {
        const item: RealtimeConversationItemAssistantMessage = {
          id: itemId,
          object: 'realtime.item',
          type: 'message',
          status: 'in_progress',
          role: 'assistant',
          content: [],
        };
        const index = addItem(item);
        openAudio = { item, index, transcript: '' };
        emit({
          type: 'response.content_part.added',
          response_id: id,
          item_id: itemId,
          output_index: index,
          content_index: 0,
          part: { type: 'audio', transcript: '' },
        });
      },
    });
    let word = 0;
    for (let k = 0; k < chunks; k++) {
      const slice = audio.subarray(k * chunkBytes, Math.min(audio.length, (k + 1) * chunkBytes));
      const wordsBy = Math.ceil(((k + 1) * words.length) / chunks);
      const text = words.slice(word, wordsBy).join('');
      word = wordsBy;
      steps.push({
        at: at + scale(k * pacing.chunkMs),
        run() {
          if (!openAudio) return;
          const common = {
            response_id: id,
            item_id: itemId,
            output_index: openAudio.index,
            content_index: 0,
          };
          if (text) {
            openAudio.transcript += text;
            emit({ type: 'response.output_audio_transcript.delta', ...common, delta: text });
          }
          emit({
            type: 'response.output_audio.delta',
            ...common,
            delta: Buffer.from(slice).toString('base64'),
          });
          outcome.audioBytes += slice.length;
          conversation.addAudio(itemId, slice.length / 8);
        },
      });
    }
    at += scale(chunks * pacing.chunkMs);
    steps.push({ at, run: () => closeAudio('completed') });
  }

  if (turn.functionCall) {
    const call = turn.functionCall;
    const itemId = ids('item');
    const callId = ids('call');
    const pieces = call.arguments.match(/[\s\S]{1,24}/g) ?? [''];
    steps.push({
      at,
      run() {
        const item: RealtimeConversationItemFunctionCall = {
          id: itemId,
          object: 'realtime.item',
          type: 'function_call',
          status: 'in_progress',
          name: call.name,
          call_id: callId,
          arguments: '',
        };
        openCall = { item, index: addItem(item) };
      },
    });
    pieces.forEach((delta, k) => {
      steps.push({
        at: at + scale(10 * (k + 1)),
        run() {
          if (!openCall) return;
          openCall.item.arguments += delta;
          emit({
            type: 'response.function_call_arguments.delta',
            response_id: id,
            item_id: itemId,
            output_index: openCall.index,
            call_id: callId,
            delta,
          });
        },
      });
    });
    at += scale(10 * (pieces.length + 1));
    steps.push({
      at,
      run() {
        if (!openCall) return;
        const { item, index } = openCall;
        const common = { response_id: id, item_id: itemId, output_index: index, call_id: callId };
        emit({
          type: 'response.function_call_arguments.done',
          ...common,
          name: call.name,
          arguments: item.arguments,
        });
        item.status = 'completed';
        const stored = conversation.get(itemId);
        if (stored?.item.type === 'function_call')
          Object.assign(stored.item, { status: 'completed', arguments: item.arguments });
        emit({
          type: 'response.output_item.done',
          response_id: id,
          output_index: index,
          item: structuredClone(item),
        });
        emit({ type: 'conversation.item.done', item: structuredClone(item) });
        outcome.functionCall = { name: call.name, callId };
        openCall = null;
      },
    });
  }

  const usage = () => {
    const audioTokens = Math.round(outcome.audioBytes / 8 / 50);
    return {
      total_tokens: 40 + audioTokens,
      input_tokens: 40,
      output_tokens: audioTokens,
      output_token_details: { audio_tokens: audioTokens, text_tokens: 0 },
    };
  };
  steps.push({
    at,
    run() {
      finished = true;
      emit({ type: 'response.done', response: response('completed', { usage: usage() }) });
      onFinish(outcome);
    },
  });

  const start = clock.now();
  let next = 0;
  let timer: TimerHandle | null = null;
  let finished = false;

  const pump = () => {
    timer = null;
    const elapsed = clock.now() - start;
    while (!finished && next < steps.length && (steps[next] as Step).at <= elapsed)
      (steps[next++] as Step).run();
    if (!finished && next < steps.length) timer = clock.setTimeout(pump, (steps[next] as Step).at - elapsed);
  };

  emit({ type: 'response.created', response: response('in_progress') });
  pump();

  return {
    id,
    cancel(reason) {
      if (finished) return;
      finished = true;
      if (timer !== null) clock.clearTimeout(timer);
      closeAudio('incomplete');
      if (openCall) {
        const { item, index } = openCall;
        item.status = 'incomplete';
        emit({
          type: 'response.output_item.done',
          response_id: id,
          output_index: index,
          item: structuredClone(item),
        });
        openCall = null;
      }
      outcome.status = 'cancelled';
      emit({
        type: 'response.done',
        response: response('cancelled', { status_details: { type: 'cancelled', reason }, usage: usage() }),
      });
      onFinish(outcome);
    },
    dispose() {
      finished = true;
      if (timer !== null) clock.clearTimeout(timer);
    },
  };
}
