import type {
  RealtimeAudioInputTurnDetection,
  RealtimeClientEvent,
  RealtimeError,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';
import type { Clock, TimerHandle } from '../clock.ts';
import { createConversation } from './conversation.ts';
import { defaultSession, mergeSession } from './default-session.ts';
import { type createIds, realtimeErrors, type ServerEventDraft } from './events.ts';
import { createSessionRecord, type SessionRecord, summariseReceived, summariseSent } from './record.ts';
import { type ActiveResponse, type Pacing, startResponse } from './responder.ts';
import type { LoadedScript, LoadedTurn } from './script.ts';
import { createSpeechDetector, type SpeechDetectorConfig } from './speech-detector.ts';

export interface SessionOptions {
  script: LoadedScript;
  clock: Clock;
  ids: ReturnType<typeof createIds>;
  pacing: Pacing;
  /** Detector tuning; silence and prefix padding follow the session's turn_detection when set. */
  vad: Partial<Pick<SpeechDetectorConfig, 'thresholdDb' | 'minSpeechMs'>>;
  /** Delay between the audio that completes a speech transition and the event announcing it. */
  speechEventDelayMs: number;
  rejectZeroTruncate: boolean;
  keepInputAudio: boolean;
  onInputAudio?: (sessionId: string, bytes: number) => void;
  /** Ends the session like the service's maximum duration does (error `session_expired`, then close). */
  maxSessionMs: number | null;
  /** Ports: the socket. */
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface RealtimeSession {
  readonly record: SessionRecord;
  open(): void;
  receive(text: string): void;
  dispose(): void;
}

/**
 * One connection's worth of the GA Realtime protocol: session config, input audio with
 * server-VAD speech events, the conversation, and scripted responses. Never throws on bad
 * input: like the service, it answers with an `error` event and carries on.
 */
export function createRealtimeSession(model: string, opts: SessionOptions): RealtimeSession {
  const { clock, ids } = opts;
  const sessionId = ids('sess');
  const record = createSessionRecord(
    sessionId,
    model,
    clock.now(),
    defaultSession(sessionId, model, Date.now()),
    opts.keepInputAudio,
  );
  const conversation = createConversation({ rejectZeroTruncate: opts.rejectZeroTruncate });
  const conversationId = ids('conv');
  const detector = createSpeechDetector(opts.vad);
  const timers = new Set<TimerHandle>();
  let active: ActiveResponse | null = null;
  let greeted = false;
  let cursor = 0;
  let pendingFollowUp: LoadedTurn | null = null;
  let warnedFormat = false;
  let bufferedBytes = 0;
  let userItemId: string | null = null;
  let disposed = false;

  const emit = (draft: ServerEventDraft) => {
    if (disposed) return;
    const event = { ...draft, event_id: ids('event') } as SessionRecord['sent'][number];
    record.sent.push(summariseSent(event));
    if (event.type === 'error') record.errors.push(event.error);
    opts.send(JSON.stringify(event));
  };
  const fail = (error: RealtimeError, eventId?: string) =>
    emit({ type: 'error', error: { ...error, event_id: eventId ?? null } });
  const later = (ms: number, fn: () => void) => {
    const handle = clock.setTimeout(() => {
      timers.delete(handle);
      fn();
    }, ms);
    timers.add(handle);
  };

  const turnDetection = () =>
    record.session.audio?.input?.turn_detection as RealtimeAudioInputTurnDetection | null | undefined;
  const inputIsPcmu = () => record.session.audio?.input?.format?.type === 'audio/pcmu';

  function nextTurn(): LoadedTurn | null {
    const { script } = opts;
    if (pendingFollowUp) {
      const turn = pendingFollowUp;
      pendingFollowUp = null;
      return turn;
    }
    if (!greeted && script.greeting) {
      greeted = true;
      return script.greeting;
    }
    greeted = true;
    if (cursor < script.turns.length) return script.turns[cursor++] ?? null;
    return script.fallback ?? script.turns.at(-1) ?? script.greeting;
  }

  function respond(trigger: 'response.create' | 'server_vad', metadata: Record<string, string> | null) {
    const turn = nextTurn();
    if (!turn) return;
    const format = record.session.audio?.output?.format?.type ?? 'audio/pcm';
    if (format !== 'audio/pcmu' && !warnedFormat) {
      warnedFormat = true;
      fail(realtimeErrors.unsupportedFormat(format));
    }
    const entry: SessionRecord['responses'][number] = {
      id: '',
      trigger,
      status: 'in_progress',
      audioBytes: 0,
      functionCall: null,
    };
    record.responses.push(entry);
    const voice = record.session.audio?.output?.voice;
    active = startResponse(
      turn,
      {
        clock,
        ids,
        conversation,
        pacing: opts.pacing,
        conversationId,
        voice: typeof voice === 'string' ? voice : 'alloy',
        metadata,
        emit,
      },
      (outcome) => {
        active = null;
        Object.assign(entry, outcome);
        if (outcome.status === 'completed' && outcome.functionCall) pendingFollowUp = turn.afterOutput;
      },
    );
    entry.id = active.id;
  }

  function commit(itemId: string) {
    const previous = conversation.lastId();
    const item = {
      id: itemId,
      object: 'realtime.item' as const,
      type: 'message' as const,
      status: 'completed' as const,
      role: 'user' as const,
      content: [{ type: 'input_audio' as const, transcript: null as unknown as string }],
    };
    conversation.add(item);
    const bytes = bufferedBytes;
    bufferedBytes = 0;
    emit({ type: 'input_audio_buffer.committed', item_id: itemId, previous_item_id: previous });
    emit({ type: 'conversation.item.added', item, previous_item_id: previous });
    emit({ type: 'conversation.item.done', item, previous_item_id: previous });
    // The service transcribes each committed user item when transcription is on; the stand-in
    // cannot understand speech, so it says how much there was.
    if (record.session.audio?.input?.transcription) {
      const seconds = Math.round(bytes / 800) / 10;
      later(opts.speechEventDelayMs, () =>
        emit({
          type: 'conversation.item.input_audio_transcription.completed',
          item_id: itemId,
          content_index: 0,
          transcript: `(דיבור של ${seconds} שניות)`,
          usage: { type: 'duration', seconds },
        }),
      );
    }
  }

  function onAudio(bytes: Uint8Array) {
    record.appendInput(bytes);
    opts.onInputAudio?.(sessionId, bytes.length);
    bufferedBytes += bytes.length;
    const detection = turnDetection();
    if (!detection || !inputIsPcmu()) return;
    for (const event of detector.push(bytes)) {
      // The user item is named at detection, so a next utterance detected before this
      // one's delayed events go out still gets its own id.
      if (event.type === 'started') userItemId = ids('item');
      const itemId = userItemId ?? ids('item');
      if (event.type === 'stopped') userItemId = null;
      later(opts.speechEventDelayMs, () => {
        if (event.type === 'started') {
          record.speech.push({ type: 'started', audioMs: event.audioStartMs, itemId });
          emit({
            type: 'input_audio_buffer.speech_started',
            audio_start_ms: event.audioStartMs,
            item_id: itemId,
          });
          if (active && detection.interrupt_response !== false) active.cancel('turn_detected');
          return;
        }
        record.speech.push({ type: 'stopped', audioMs: event.audioEndMs, itemId });
        emit({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: event.audioEndMs, item_id: itemId });
        commit(itemId);
        if (detection.create_response !== false && !active) respond('server_vad', null);
      });
    }
  }

  function onSessionUpdate(session: RealtimeSessionCreateRequest | { type?: string }, eventId?: string) {
    if (session?.type !== 'realtime') return fail(realtimeErrors.missingSessionType(), eventId);
    record.session = mergeSession(record.session, session);
    const detection = turnDetection();
    if (detection?.type === 'server_vad') {
      detector.configure({
        silenceMs: detection.silence_duration_ms,
        prefixPaddingMs: detection.prefix_padding_ms,
      });
    }
    emit({ type: 'session.updated', session: record.session });
  }

  function handle(event: RealtimeClientEvent) {
    const eventId = event.event_id;
    switch (event.type) {
      case 'session.update':
        return onSessionUpdate(event.session, eventId);
      case 'input_audio_buffer.append':
        return; // decoded and handled in receive()
      case 'input_audio_buffer.commit': {
        if (bufferedBytes < 800) return fail(realtimeErrors.commitEmpty(bufferedBytes / 8), eventId);
        commit(userItemId ?? ids('item'));
        userItemId = null;
        return;
      }
      case 'input_audio_buffer.clear':
        bufferedBytes = 0;
        return emit({ type: 'input_audio_buffer.cleared' });
      case 'response.create':
        if (active) return fail(realtimeErrors.alreadyActive(active.id), eventId);
        return respond(
          'response.create',
          (event.response?.metadata as Record<string, string> | null) ?? null,
        );
      case 'response.cancel': {
        const wasActive = active !== null && (!event.response_id || event.response_id === active.id);
        record.cancels.push({ responseId: event.response_id ?? null, wasActive });
        if (!wasActive || !active) return fail(realtimeErrors.cancelNotActive(), eventId);
        return active.cancel('client_cancelled');
      }
      case 'conversation.item.create': {
        const item = { ...event.item, id: event.item.id ?? ids('item'), object: 'realtime.item' as const };
        if (item.type === 'function_call_output')
          record.functionOutputs.push({ callId: item.call_id, output: item.output });
        const added = conversation.add(item, event.previous_item_id);
        if (!added.ok) return fail(added.error, eventId);
        // The conversation already has the assistant speaking (a greeting played by the
        // client): like the model, the stand-in does not open the call a second time.
        if (item.type === 'message' && item.role === 'assistant') greeted = true;
        emit({ type: 'conversation.item.added', item, previous_item_id: added.value });
        return emit({ type: 'conversation.item.done', item, previous_item_id: added.value });
      }
      case 'conversation.item.truncate': {
        const before = conversation.get(event.item_id)?.audioMs ?? null;
        const result = conversation.truncate(event.item_id, event.audio_end_ms);
        record.truncations.push({
          itemId: event.item_id,
          contentIndex: event.content_index,
          audioEndMs: event.audio_end_ms,
          itemAudioMs: before,
          accepted: result.ok,
        });
        if (!result.ok) return fail(result.error, eventId);
        return emit({
          type: 'conversation.item.truncated',
          item_id: event.item_id,
          content_index: event.content_index,
          audio_end_ms: event.audio_end_ms,
        });
      }
      case 'conversation.item.delete': {
        const result = conversation.delete(event.item_id);
        record.deletions.push({ itemId: event.item_id, accepted: result.ok });
        if (!result.ok) return fail(result.error, eventId);
        return emit({ type: 'conversation.item.deleted', item_id: event.item_id });
      }
      case 'conversation.item.retrieve': {
        const entry = conversation.get(event.item_id);
        if (!entry)
          return fail(
            { ...realtimeErrors.truncateUnknownItem(event.item_id), code: 'item_retrieve_invalid_item_id' },
            eventId,
          );
        return emit({ type: 'conversation.item.retrieved', item: entry.item });
      }
      default:
        return fail(realtimeErrors.unknownEvent((event as { type?: unknown }).type), eventId);
    }
  }

  return {
    record,
    open() {
      emit({ type: 'session.created', session: record.session });
      if (opts.maxSessionMs !== null) {
        later(opts.maxSessionMs, () => {
          fail({
            type: 'invalid_request_error',
            code: 'session_expired',
            message: `Your session hit the maximum duration of ${Math.round((opts.maxSessionMs ?? 0) / 60000)} minutes.`,
          });
          opts.close(1000, 'session expired');
        });
      }
    },
    receive(text) {
      let event: RealtimeClientEvent;
      try {
        event = JSON.parse(text);
        if (typeof event !== 'object' || event === null) throw new Error('not an object');
      } catch {
        record.received.push({ type: 'invalid_json', raw: text.slice(0, 200) });
        return fail(realtimeErrors.invalidJson());
      }
      if (event.type === 'input_audio_buffer.append') {
        const audio = Buffer.from(typeof event.audio === 'string' ? event.audio : '', 'base64');
        record.received.push(summariseReceived(event, audio.length));
        return onAudio(audio);
      }
      record.received.push(event);
      handle(event);
    },
    dispose() {
      disposed = true;
      active?.dispose();
      active = null;
      for (const handle of timers) clock.clearTimeout(handle);
      timers.clear();
    },
  };
}
