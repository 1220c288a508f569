/**
 * The conversational side of a call, beyond the audio: the assistant's tool calls, the
 * caller's keyed digits, and the transcript. It owns one rule of the Realtime protocol that
 * is easy to break: a `response.create` while a response is active is refused
 * (`conversation_already_has_active_response`), so every response we ask for goes through
 * one gate that waits for the active response to finish.
 *
 * Tool calls run asynchronously (the database, the brain). Their outputs go back as
 * `function_call_output` items; once every call of a response has its output and that
 * response is done, one `response.create` lets the model speak about the results. A result
 * that arrives after the upstream session was replaced cannot name its call any more: it is
 * added as a system note instead. `end_call` and `transfer` are the session's business
 * (`onAction`); an `end_call` gets no follow-up response unless its response said nothing.
 */
import type { AgentAction, ToolResult } from '../agent/tools/results';
import { type CallerTurns, type CallerTurnsStats, createCallerTurns } from './caller-turns.ts';
import { dtmfLine } from './dtmf.ts';
import type { FunctionCall, UpstreamEvent } from './events.ts';
import {
  deleteItem,
  encodeClientEvent,
  functionCallOutput,
  responseCreate,
  systemText,
  userText,
} from './realtime-codec.ts';
import { createTranscript, type Transcript } from './transcript.ts';

export interface ModelTurnsPorts {
  /** Sends a client event frame to the current upstream session. */
  send(frame: string): void;
  runTool(call: FunctionCall): Promise<ToolResult>;
  /** A tool asked the call to end or be transferred; `spoke`: its response had audio. */
  onAction(action: AgentAction, spoke: boolean): void;
  /** Ms since the call was answered (transcript times, and the clock of caller turns). */
  elapsedMs(): number;
  /** The assistant can be heard (playing, queued, held): a caller turn now overlaps it. */
  assistantAudible?(): boolean;
  /** Barge-ins so far (the turn machine's count). */
  interruptions?(): number;
  /** The caller's words stopped the assistant after all: the turn machine's late barge-in. */
  bargeIn?(): void;
  log: { warn(fields: object, message: string): void; info(fields: object, message: string): void };
}

export interface ModelTurns {
  /** Every parsed upstream event; returns nothing, sends through the ports. */
  observe(event: UpstreamEvent): void;
  /** A finished DTMF entry: told to the model as the caller's words, then a response. */
  keyed(digits: string): void;
  /**
   * A keypad menu choice: `line` (when not empty) goes in the transcript as the caller's key,
   * `note` to the model as a system note, then a response.
   */
  instruct(note: string, line: string): void;
  /** Asks the model to speak once no response is active (at most one request is pending). */
  requestResponse(instructions?: string): void;
  /** A `response.create` went out some other way (the greeting, in the session's first frames). */
  markCreating(): void;
  /** The upstream session was replaced: in-flight responses are gone with it. */
  sessionReplaced(): void;
  /** The local VAD heard the caller stop; `voiced`: a voice, not only noise. */
  callerStopped(voiced?: boolean): void;
  /** Time passes (each caller frame): a turn waiting too long for its words is let go. */
  tick(): void;
  readonly callerTurns: Readonly<CallerTurnsStats>;
  /** A response is in progress or was just asked for. */
  readonly responding: boolean;
  readonly transcript: Transcript;
  readonly stats: Readonly<ModelTurnsStats>;
}

export interface ModelTurnsStats {
  toolCalls: number;
  toolFailures: number;
  followUps: number;
  dtmfEntries: number;
  /** Responses upstream created without our asking (adopted). */
  adopted: number;
}

interface PendingResponse {
  outstanding: number;
  done: boolean;
  spoke: boolean;
  actions: AgentAction[];
}

export function createModelTurns(ports: ModelTurnsPorts): ModelTurns {
  const transcript = createTranscript();
  const stats: ModelTurnsStats = {
    toolCalls: 0,
    toolFailures: 0,
    followUps: 0,
    dtmfEntries: 0,
    adopted: 0,
  };
  /** Responses in progress upstream (normally at most one). */
  const active = new Set<string>();
  /** A `response.create` we sent whose `response.created` has not arrived yet. */
  let creating = false;
  let wanted: { instructions?: string } | null = null;
  let generation = 0;
  /** Responses that made tool calls, until their outputs are in and they are done. */
  const withCalls = new Map<string, PendingResponse>();
  let lastSpokeId = '';
  const turns: CallerTurns = createCallerTurns({
    respond: () => requestResponse(),
    deleteItem: (itemId) => ports.send(encodeClientEvent(deleteItem(itemId))),
    bargeIn: () => ports.bargeIn?.(),
    assistantAudible: () => ports.assistantAudible?.() ?? false,
    interruptions: () => ports.interruptions?.() ?? 0,
  });

  function sendCreate(instructions?: string): void {
    creating = true;
    stats.followUps++;
    ports.send(encodeClientEvent(responseCreate(instructions)));
  }

  function requestResponse(instructions?: string): void {
    if (active.size === 0 && !creating) sendCreate(instructions);
    else wanted = { instructions };
  }

  function settle(responseId: string): void {
    const p = withCalls.get(responseId);
    if (!p?.done || p.outstanding > 0) return;
    withCalls.delete(responseId);
    const endCall = p.actions.find((a) => a.type === 'end_call');
    for (const action of p.actions) ports.onAction(action, p.spoke);
    // After a goodbye, nothing more to say; an end_call with no words first gets its goodbye.
    if (!endCall || !p.spoke) requestResponse();
  }

  function onFunctionCall(ev: FunctionCall): void {
    stats.toolCalls++;
    const p = withCalls.get(ev.responseId) ?? { outstanding: 0, done: false, spoke: false, actions: [] };
    p.spoke ||= lastSpokeId === ev.responseId;
    p.outstanding++;
    withCalls.set(ev.responseId, p);
    const startedIn = generation;
    ports
      .runTool(ev)
      .catch((err): ToolResult => {
        ports.log.warn({ err: String(err), tool: ev.name }, 'tool call failed');
        return { ok: false, code: 'failed', message: 'משהו השתבש בצד שלנו.' };
      })
      .then((result) => {
        if (!result.ok) stats.toolFailures++;
        ports.log.info(
          { tool: ev.name, ok: result.ok, action: result.ok ? result.action?.type : undefined },
          'tool call',
        );
        const output = JSON.stringify(result);
        transcript.add('system', `${ev.name}: ${result.message}`, ports.elapsedMs(), {
          kind: 'tool',
          tool: { name: ev.name, ok: result.ok },
        });
        if (result.ok && result.action) p.actions.push(result.action);
        if (startedIn === generation) {
          ports.send(encodeClientEvent(functionCallOutput(ev.callId, output)));
          p.outstanding--;
          settle(ev.responseId);
        } else {
          // The call's item died with the old session: tell the new one what happened.
          ports.send(encodeClientEvent(systemText(`תוצאת הכלי ${ev.name}: ${output}`)));
          for (const action of p.actions.splice(0)) ports.onAction(action, true);
          requestResponse();
        }
      });
  }

  function observe(ev: UpstreamEvent): void {
    switch (ev.type) {
      case 'response_created':
        if (!creating) stats.adopted++;
        creating = false;
        active.add(ev.responseId);
        // A response that starts after the request sees everything added before it: a request
        // still waiting is answered by it (a server-created response is adopted, not fought).
        wanted = null;
        return;
      case 'response_done': {
        active.delete(ev.responseId);
        const p = withCalls.get(ev.responseId);
        if (p) {
          p.done = true;
          p.spoke ||= lastSpokeId === ev.responseId;
          settle(ev.responseId);
        }
        if (wanted && active.size === 0 && !creating) {
          const { instructions } = wanted;
          wanted = null;
          sendCreate(instructions);
        }
        return;
      }
      case 'assistant_audio':
        lastSpokeId = ev.responseId;
        return;
      case 'function_call':
        onFunctionCall(ev);
        return;
      case 'caller_transcript':
        transcript.add('caller', ev.transcript, ports.elapsedMs());
        turns.transcript(ev.itemId, ev.transcript, ports.elapsedMs());
        return;
      case 'upstream_speech_started':
        turns.speechStarted(ev.itemId, ports.elapsedMs());
        return;
      case 'upstream_committed':
        turns.committed(ev.itemId, ports.elapsedMs());
        return;
      case 'assistant_transcript_done':
        transcript.add('assistant', ev.transcript, ports.elapsedMs(), { itemId: ev.itemId });
        return;
      case 'upstream_error':
        // Our create was refused (or raced another response): the active one's `done` decides.
        if (ev.code === 'conversation_already_has_active_response') creating = false;
        return;
      default:
        return;
    }
  }

  return {
    observe,
    keyed(digits) {
      stats.dtmfEntries++;
      const line = dtmfLine(digits);
      transcript.add('caller', line, ports.elapsedMs(), { kind: 'dtmf' });
      ports.send(encodeClientEvent(userText(line)));
      requestResponse();
    },
    instruct(note, line) {
      if (line) {
        stats.dtmfEntries++;
        transcript.add('caller', line, ports.elapsedMs(), { kind: 'dtmf' });
      }
      ports.send(encodeClientEvent(systemText(note)));
      requestResponse();
    },
    requestResponse,
    markCreating() {
      creating = true;
    },
    sessionReplaced() {
      generation++;
      turns.reset();
      active.clear();
      creating = false;
      // Responses of the old session will never finish: their actions still count.
      for (const p of withCalls.values())
        for (const action of p.actions.splice(0)) ports.onAction(action, true);
      withCalls.clear();
    },
    get responding() {
      return active.size > 0 || creating;
    },
    callerStopped: (voiced) => turns.localSpeechEnded(ports.elapsedMs(), voiced),
    tick: () => turns.tick(ports.elapsedMs()),
    get callerTurns() {
      return turns.stats;
    },
    transcript,
    stats,
  };
}
