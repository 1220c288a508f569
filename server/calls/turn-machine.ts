/**
 * Turn-taking and barge-in for one call: a deterministic, I/O-free state machine fed every
 * `CallEvent` and answering with `TurnCommand`s for the relay to carry out. The playback
 * clock it keeps (what was queued, what the caller heard) is the `PlaybackLedger`.
 *
 * Barge-in in two steps: an onset from the local VAD pauses playback at once (nothing is
 * dropped, so a cough costs a short gap); confirmation, or upstream's `speech_started` when
 * the local VAD missed, clears Twilio, cancels the response if one is in progress, and
 * truncates or deletes items so upstream remembers only what the caller actually heard.
 */
import type { AssistantAudio, CallEvent, OutputItemAdded, TurnCommand } from './events.ts';
import { createPlaybackLedger } from './playback-ledger.ts';

export interface TurnMachineOptions {
  /** A pause for an onset the VAD neither confirms nor ends is lifted after this long. */
  unconfirmedPauseTimeoutMs?: number;
}

export type CallerSpeech = 'silent' | 'onset' | 'speaking';

export interface TurnStats {
  generation: number;
  /** Assistant audio queued in the current generation, and the part of it confirmed played. */
  enqueuedBytes: number;
  playedBytes: number;
  interruptions: number;
  blipsResumed: number;
  unconfirmedPauseTimeouts: number;
  cancelsSent: number;
  truncatesSent: number;
  deletesSent: number;
  /** Audio deltas of a cancelled response that arrived anyway, and their bytes. */
  lateDeltasDropped: number;
  lateBytesDropped: number;
  /** Items a cancelled response added after the cancel; each is deleted. */
  lateItemsDeleted: number;
  /** Marks of an earlier generation (echoed because of a clear) and marks not ours. */
  staleMarksIgnored: number;
  foreignMarksIgnored: number;
}

export interface InterruptedItem {
  itemId: string;
  sentMs: number;
  heardMs: number;
  action: 'truncate' | 'delete' | 'none';
}

export interface InterruptionReport {
  at: number;
  trigger: 'local_vad' | 'upstream_vad';
  cancelledResponseId: string | null;
  items: InterruptedItem[];
}

export interface TurnMachine {
  /**
   * Feeds one event; `now` is a monotonic ms clock. Never throws, whatever the sequence.
   * Execute the commands in the order given (a barge-in's clear precedes its cancel and
   * truncates) before the next step. Events the machine has no part in (start, dtmf,
   * transcripts, function calls, errors) return no commands: the relay handles those itself.
   */
  step(event: CallEvent, now: number): readonly TurnCommand[];
  /** A snapshot of the counters and the playback clock. */
  readonly stats: Readonly<TurnStats>;
  /** Ms of an item the caller has heard (live items, or as fixed by the last clears). */
  heardMs(itemId: string): number | undefined;
  readonly lastInterruption: InterruptionReport | null;
  readonly callerSpeech: CallerSpeech;
  readonly playbackPaused: boolean;
}

type ResponseStatus = 'active' | 'done' | 'cancelled';

const NONE: readonly TurnCommand[] = Object.freeze([]);
const REMEMBERED_RESPONSES = 32;
function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

export function createTurnMachine(options: TurnMachineOptions = {}): TurnMachine {
  const pauseTimeoutMs = options.unconfirmedPauseTimeoutMs ?? 1500;
  const counters: Omit<TurnStats, 'generation' | 'enqueuedBytes' | 'playedBytes'> = {
    interruptions: 0,
    blipsResumed: 0,
    unconfirmedPauseTimeouts: 0,
    cancelsSent: 0,
    truncatesSent: 0,
    deletesSent: 0,
    lateDeltasDropped: 0,
    lateBytesDropped: 0,
    lateItemsDeleted: 0,
    staleMarksIgnored: 0,
    foreignMarksIgnored: 0,
  };
  const ledger = createPlaybackLedger();
  const responses = new Map<string, ResponseStatus>();
  let activeResponseId: string | null = null;
  /** The active response has (or is about to have) audio: the caller hears, or will hear, it. */
  let activeResponseSpeaks = false;
  let callerSpeech: CallerSpeech = 'silent';
  let paused = false;
  let pausedAt = 0;
  let lastInterruption: InterruptionReport | null = null;

  /** Something of the assistant is playing, queued, or on its way. */
  function assistantAudible(): boolean {
    return ledger.hasPendingAudio() || (activeResponseId !== null && activeResponseSpeaks);
  }

  function noteResponse(responseId: string): ResponseStatus {
    const status = responses.get(responseId);
    if (status !== undefined) return status;
    // Audio or items of a response whose `response.created` we never saw: it is in progress.
    remember(responses, responseId, 'active', REMEMBERED_RESPONSES);
    if (activeResponseId === null) {
      activeResponseId = responseId;
      activeResponseSpeaks = false;
    }
    return 'active';
  }

  function onAssistantAudio(ev: AssistantAudio, now: number): readonly TurnCommand[] {
    if (noteResponse(ev.responseId) === 'cancelled') {
      counters.lateDeltasDropped++;
      counters.lateBytesDropped += ev.byteLength;
      return NONE;
    }
    if (ev.responseId === activeResponseId) activeResponseSpeaks = true;
    ledger.append(ev.itemId, ev.responseId, ev.byteLength);
    const enqueue: TurnCommand = {
      type: 'playback_enqueue',
      itemId: ev.itemId,
      audioBase64: ev.audioBase64,
      byteLength: ev.byteLength,
    };
    // A reply starting while the caller has an unconfirmed onset waits for the verdict.
    if (callerSpeech === 'onset' && !paused) {
      paused = true;
      pausedAt = now;
      return [{ type: 'playback_pause' }, enqueue];
    }
    return [enqueue];
  }

  function onItemAdded(ev: OutputItemAdded): readonly TurnCommand[] {
    const status = noteResponse(ev.responseId);
    if (ev.itemType !== 'message') return NONE;
    if (status === 'cancelled') {
      // Created upstream after our cancel: the caller never heard a word of it.
      counters.lateItemsDeleted++;
      counters.deletesSent++;
      return [{ type: 'upstream_delete_item', itemId: ev.itemId }];
    }
    if (ev.responseId === activeResponseId) activeResponseSpeaks = true;
    ledger.track(ev.itemId, ev.responseId);
    return NONE;
  }

  function onResponseDone(responseId: string): readonly TurnCommand[] {
    if (responses.get(responseId) !== 'cancelled')
      remember(responses, responseId, 'done', REMEMBERED_RESPONSES);
    if (activeResponseId === responseId) {
      activeResponseId = null;
      activeResponseSpeaks = false;
    }
    ledger.responseDone(responseId); // no more audio will come for its items
    return NONE;
  }

  function onMark(name: string): readonly TurnCommand[] {
    const outcome = ledger.confirm(name);
    // A stale mark was echoed for audio a clear dropped: it must not move the new clock.
    if (outcome === 'stale') counters.staleMarksIgnored++;
    else if (outcome === 'foreign') counters.foreignMarksIgnored++;
    return NONE;
  }

  function resume(): readonly TurnCommand[] {
    if (!paused) return NONE;
    paused = false;
    return [{ type: 'playback_resume' }];
  }

  /**
   * Barge-in. Clear first (what the caller notices), cancel the response if it is still in
   * progress, then make upstream's memory match what was heard: truncate each unfinished item
   * at its heard ms, delete the ones heard for 0 ms (upstream rejects a 0 ms truncate).
   */
  function interrupt(now: number, trigger: InterruptionReport['trigger']): readonly TurnCommand[] {
    const commands: TurnCommand[] = [{ type: 'twilio_clear', generation: ledger.generation + 1 }];
    let cancelledResponseId: string | null = null;
    if (activeResponseId !== null && responses.get(activeResponseId) === 'active') {
      cancelledResponseId = activeResponseId;
      remember(responses, activeResponseId, 'cancelled', REMEMBERED_RESPONSES);
      commands.push({ type: 'upstream_cancel', responseId: activeResponseId });
      counters.cancelsSent++;
    }
    activeResponseSpeaks = false;
    const items: InterruptedItem[] = [];
    for (const ended of ledger.endGeneration()) {
      let action: InterruptedItem['action'] = 'none';
      if (ended.complete) {
        // Heard in full: upstream's record is already right.
      } else if (ended.heardMs >= 1) {
        action = 'truncate';
        commands.push({ type: 'upstream_truncate', itemId: ended.itemId, audioEndMs: ended.heardMs });
        counters.truncatesSent++;
      } else {
        action = 'delete';
        commands.push({ type: 'upstream_delete_item', itemId: ended.itemId });
        counters.deletesSent++;
      }
      items.push({ itemId: ended.itemId, sentMs: ended.sentMs, heardMs: ended.heardMs, action });
    }
    counters.interruptions++;
    paused = false; // the clear emptied the queue the pause was holding
    lastInterruption = { at: now, trigger, cancelledResponseId, items };
    return commands;
  }

  function step(event: CallEvent, now: number): readonly TurnCommand[] {
    switch (event.type) {
      case 'caller_audio':
        return [{ type: 'upstream_append_audio', audioBase64: event.payload }];
      case 'mark':
        return onMark(event.name);
      case 'assistant_audio':
        return onAssistantAudio(event, now);
      case 'assistant_audio_done':
        ledger.audioDone(event.itemId);
        return NONE;
      case 'output_item_added':
        return onItemAdded(event);
      case 'response_created':
        // A response we already know (seen through its deltas, or even cancelled) keeps its state.
        if (responses.has(event.responseId)) return NONE;
        remember(responses, event.responseId, 'active', REMEMBERED_RESPONSES);
        activeResponseId = event.responseId;
        activeResponseSpeaks = false;
        return NONE;
      case 'response_done':
        return onResponseDone(event.responseId);
      case 'local_speech_start':
        callerSpeech = 'onset';
        if (paused || !assistantAudible()) return NONE;
        paused = true;
        pausedAt = now;
        return [{ type: 'playback_pause' }];
      case 'local_speech_confirmed':
        callerSpeech = 'speaking';
        return assistantAudible() ? interrupt(now, 'local_vad') : resume();
      case 'local_speech_end':
        callerSpeech = 'silent';
        if (paused) counters.blipsResumed++;
        return resume();
      case 'upstream_speech_started':
        // A second trigger for when the local VAD missed the caller (or has not confirmed yet).
        return assistantAudible() ? interrupt(now, 'upstream_vad') : NONE;
      case 'tick':
        if (!paused || now - pausedAt < pauseTimeoutMs) return NONE;
        counters.unconfirmedPauseTimeouts++;
        callerSpeech = 'silent'; // void the onset, or every new delta would pause again
        return resume();
      default:
        return NONE;
    }
  }

  return {
    step,
    get stats() {
      return {
        ...counters,
        generation: ledger.generation,
        enqueuedBytes: ledger.enqueuedBytes,
        playedBytes: ledger.playedBytes,
      };
    },
    heardMs: (itemId) => ledger.heardMs(itemId),
    get lastInterruption() {
      return lastInterruption;
    },
    get callerSpeech() {
      return callerSpeech;
    },
    get playbackPaused() {
      return paused;
    },
  };
}
