/**
 * Turn-taking and barge-in for one call: a deterministic, I/O-free state machine fed every
 * `CallEvent` and answering with `TurnCommand`s for the relay to carry out. The playback
 * clock it keeps (what was queued, what the caller heard) is the `PlaybackLedger`.
 *
 * Soft barge-in. The local VAD's onset while the assistant is audible stops what the caller
 * hears at once: Twilio `clear`, and the pacer rewinds to the byte the caller heard, keeping
 * everything after it. A verdict window follows (`verdictWindowMs`): confirmed speech is a
 * barge-in (cancel the response if it is still in progress, truncate or delete items so
 * upstream remembers only what the caller heard); an onset that ends, or is still unconfirmed
 * when the window closes (a cough, a breath, a "כן"), resumes from the heard point: nothing
 * lost, no cancel or truncate sent. Upstream's `speech_started` is evidence, never a reason
 * to cancel on its own; a keyed digit while the assistant is audible is a barge-in at once,
 * and so are the caller's words when their transcription, arriving later, says so.
 */
import type { AssistantAudio, CallEvent, OutputItemAdded, TurnCommand } from './events.ts';
import { createPlaybackLedger } from './playback-ledger.ts';

export interface TurnMachineOptions {
  /** Playback held for an onset resumes after this long unless the VAD confirmed speech. */
  verdictWindowMs?: number;
  /**
   * After a short voiced sound ends, playback waits this long for more words (a "רגע... רגע"
   * whose voice adds up to a barge-in) before it resumes...
   */
  continuationMs?: number;
  /** ...but never holds a resumed reply longer than this in all. */
  pauseBudgetMs?: number;
  /** @deprecated the former name of `verdictWindowMs`. */
  unconfirmedPauseTimeoutMs?: number;
}

export type CallerSpeech = 'silent' | 'onset' | 'speaking';

export interface TurnStats {
  generation: number;
  /** Assistant audio queued in the current generation, and the part of it confirmed played. */
  enqueuedBytes: number;
  playedBytes: number;
  interruptions: number;
  /** Soft barge-ins: playback stopped (rewound or held) for an onset. */
  softPauses: number;
  /** Holds lifted because the onset ended unconfirmed (cough, breath, backchannel). */
  blipsResumed: number;
  /** Holds lifted because the verdict window closed without confirmed speech. */
  unconfirmedPauseTimeouts: number;
  /** Longest and last hold, onset to resume, in ms. */
  maxPauseMs: number;
  lastPauseMs: number;
  dtmfBargeIns: number;
  transcriptBargeIns: number;
  /** Upstream speech_started while the assistant was audible: evidence only. */
  upstreamSpeechNoted: number;
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
  trigger: 'local_vad' | 'dtmf' | 'transcript';
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
  /** Something of the assistant is playing, queued (also held), or on its way. */
  readonly assistantAudible: boolean;
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
  const windowMs = options.verdictWindowMs ?? options.unconfirmedPauseTimeoutMs ?? 1000;
  const continuationMs = options.continuationMs ?? 250;
  const pauseBudgetMs = options.pauseBudgetMs ?? 460;
  const counters: Omit<TurnStats, 'generation' | 'enqueuedBytes' | 'playedBytes'> = {
    interruptions: 0,
    softPauses: 0,
    blipsResumed: 0,
    unconfirmedPauseTimeouts: 0,
    maxPauseMs: 0,
    lastPauseMs: 0,
    dtmfBargeIns: 0,
    transcriptBargeIns: 0,
    upstreamSpeechNoted: 0,
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
  /** Playback is held for a verdict on the current onset (rewound at Twilio, or never sent). */
  let holding = false;
  let holdSince = 0;
  /** When a hold whose sound ended resumes (Infinity: the caller is still making it). */
  let resumeAt = Number.POSITIVE_INFINITY;
  /** The current onset already had its verdict window: it is not held again. */
  let onsetJudged = false;
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

  /** Stops what the caller hears for the onset's verdict: a rewind if Twilio holds unheard audio. */
  function hold(now: number): readonly TurnCommand[] {
    holding = true;
    holdSince = now;
    resumeAt = Number.POSITIVE_INFINITY;
    onsetJudged = true;
    counters.softPauses++;
    if (ledger.sentBytes > ledger.heardAt(now)) {
      const offset = ledger.rewind(now);
      return [{ type: 'playback_rewind', generation: ledger.generation, offset }];
    }
    return [{ type: 'playback_pause' }];
  }

  function endHold(now: number): void {
    holding = false;
    counters.lastPauseMs = now - holdSince;
    if (counters.lastPauseMs > counters.maxPauseMs) counters.maxPauseMs = counters.lastPauseMs;
  }

  function resume(now: number): readonly TurnCommand[] {
    if (!holding) return NONE;
    endHold(now);
    return [{ type: 'playback_resume' }];
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
    // A reply starting while the caller has an unjudged onset waits for the verdict.
    if (callerSpeech === 'onset' && !holding && !onsetJudged) return [...hold(now), enqueue];
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

  function onMark(name: string, now: number): readonly TurnCommand[] {
    const outcome = ledger.confirm(name, now);
    // A stale mark was echoed for audio a clear dropped: it must not move the new clock.
    if (outcome === 'stale') counters.staleMarksIgnored++;
    else if (outcome === 'foreign') counters.foreignMarksIgnored++;
    return NONE;
  }

  /**
   * Barge-in. Clear first (what the caller notices), cancel the response if it is still in
   * progress, then make upstream's memory match what was heard: truncate each unfinished item
   * at its heard ms, delete the ones heard for 0 ms (upstream rejects a 0 ms truncate).
   */
  function interrupt(now: number, trigger: InterruptionReport['trigger']): readonly TurnCommand[] {
    if (holding) endHold(now);
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
    for (const ended of ledger.endGeneration(now)) {
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
    lastInterruption = { at: now, trigger, cancelledResponseId, items };
    return commands;
  }

  function step(event: CallEvent, now: number): readonly TurnCommand[] {
    switch (event.type) {
      case 'caller_audio':
        return [{ type: 'upstream_append_audio', audioBase64: event.payload }];
      case 'playback_sent':
        ledger.sent(event.end, event.bytes, event.playsAt);
        return NONE;
      case 'mark':
        return onMark(event.name, now);
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
        onsetJudged = false;
        if (holding) {
          resumeAt = Number.POSITIVE_INFINITY; // more words: the burst goes on
          return NONE;
        }
        if (!assistantAudible()) return NONE;
        return hold(now);
      case 'local_speech_confirmed':
        callerSpeech = 'speaking';
        return assistantAudible() ? interrupt(now, 'local_vad') : resume(now);
      case 'local_speech_end':
        callerSpeech = 'silent';
        onsetJudged = false;
        if (!holding) return NONE;
        if (event.voiced) {
          // A short word: maybe the first of several. Wait for more, within the pause budget.
          resumeAt = Math.min(holdSince + pauseBudgetMs, now + continuationMs);
          if (resumeAt > now) return NONE;
        }
        counters.blipsResumed++;
        return resume(now);
      case 'dtmf':
        if (!assistantAudible()) return NONE;
        counters.dtmfBargeIns++;
        return interrupt(now, 'dtmf');
      case 'caller_words':
        if (event.verdict !== 'barge_in' || !assistantAudible()) return NONE;
        counters.transcriptBargeIns++;
        return interrupt(now, 'transcript');
      case 'upstream_speech_started':
        // Evidence, never a reason on its own: OpenAI's VAD also fires on coughs and "כן".
        if (assistantAudible()) counters.upstreamSpeechNoted++;
        return NONE;
      case 'tick':
        if (!holding) return NONE;
        if (now >= resumeAt) {
          counters.blipsResumed++;
          return resume(now);
        }
        if (now - holdSince < windowMs) return NONE;
        counters.unconfirmedPauseTimeouts++;
        return resume(now);
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
      return holding;
    },
    get assistantAudible() {
      return assistantAudible();
    },
  };
}
