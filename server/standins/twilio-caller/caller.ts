import { BunWebSocket } from '../../lib/bun-websocket.ts';
import { type Clock, createRealClock, type TimerHandle } from '../clock.ts';
import { DEFAULT_FIXTURES_DIR, loadUlaw } from '../fixtures.ts';
import { createCallerLine } from './caller-line.ts';
import type { CallerAction, CallerReport, TwilioCallerOptions } from './caller-types.ts';
import { type DialRecord, runDial } from './dial-leg.ts';
import { checkAppMessage, MULAW_8K, type TwilioToApp } from './messages.ts';
import { createPlayback, mergeHeard } from './playback.ts';
import {
  inboundCallParams,
  joinUrl,
  signUpgrade,
  signWebhook,
  statusCallbackParams,
  toLocalWsUrl,
  twilioSid,
} from './signing.ts';
import { parseTwiml, parseVerbs, type TwimlAnswer } from './twiml.ts';

const FRAME_BYTES = 160;
const FRAME_MS = 20;

export type { CallerAction, CallerReport, TwilioCallerOptions };

/**
 * Plays the part of Twilio and the person on the phone: posts the signed voice webhook,
 * follows `<Connect><Stream>`, streams the caller's audio in real time (160-byte frames
 * every 20 ms) and plays the app's audio back through a model of the phone that echoes
 * marks only once the audio before them has played.
 */
export class TwilioCaller {
  readonly callSid: string;
  readonly accountSid: string;
  /** The current media stream's id (a new one per stream). */
  streamSid = twilioSid('MZ');
  /** Resolves when the stream has ended (stop sent, or the app closed the socket). */
  readonly done: Promise<CallerReport>;
  /** The final status callback's HTTP status once posted (null: no `statusCallbackPath`). */
  readonly statusPosted: Promise<number | null>;

  private readonly opts: TwilioCallerOptions;
  private readonly clock: Clock;
  private readonly line = createCallerLine();
  private readonly playback = createPlayback();
  private readonly frame = new Uint8Array(FRAME_BYTES);
  private readonly received: Record<string, number> = {};
  private readonly errors: string[] = [];
  private readonly dtmfSent: Array<{ digit: string; atMs: number }> = [];
  private pendingActions: Array<{ atMs: number; dtmf: string } | { atMs: number; hangup: true }> = [];
  private webhook: CallerReport['webhook'] = null;
  private twiml: TwimlAnswer | null = null;
  private stream: CallerReport['stream'] = null;
  private ws: WebSocket | null = null;
  private t0: number | null = null;
  private sequence = 0;
  private framesSent = 0;
  private stoppedAtMs: number | null = null;
  private closed: CallerReport['closed'] = null;
  private pumpTimer: TimerHandle | null = null;
  private markTimer: TimerHandle | null = null;
  private finish!: () => void;
  private dialedAt = 0;
  private statusSequence = 0;
  /** The first frame of the current stream, on the call's timeline (frame index). */
  private frameBase = 0;
  private streamFrames = 0;
  private streams = 0;
  /** The call follows new TwiML: a stream closing now does not end the call. */
  private continuing = false;
  private readonly said: string[] = [];
  private readonly dials: DialRecord[] = [];
  private signingToken = '';

  constructor(opts: TwilioCallerOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? createRealClock();
    this.callSid = opts.callSid ?? twilioSid('CA');
    this.accountSid = opts.accountSid ?? twilioSid('AC');
    let ended!: () => void;
    const over = new Promise<void>((resolve) => {
      ended = resolve;
    });
    this.done = over.then(() => this.report());
    this.finish = ended;
    // Twilio reports the call's end to the number's status callback once it is over.
    this.statusPosted = over.then(() =>
      opts.statusCallbackPath && this.webhook?.status === 200
        ? this.postStatus('completed', {
            durationSeconds: Math.round((this.clock.now() - this.dialedAt) / 1000),
          })
        : null,
    );
  }

  /**
   * Posts a status callback for this call to `statusCallbackPath` (default: the option), signed
   * with `signingToken` (default: the auth token); resolves with the app's HTTP status.
   */
  async postStatus(
    status: string,
    o: { durationSeconds?: number; signingToken?: string; path?: string; at?: Date } = {},
  ): Promise<number> {
    const path = o.path ?? this.opts.statusCallbackPath ?? '/twilio/status';
    const params = statusCallbackParams({
      callSid: this.callSid,
      accountSid: this.accountSid,
      from: this.opts.from ?? '+972501234567',
      to: this.opts.to ?? '+97231234567',
      status,
      sequenceNumber: this.statusSequence++,
      at: o.at ?? new Date(),
      durationSeconds: o.durationSeconds,
    });
    const token = o.signingToken ?? this.opts.signingToken ?? this.opts.authToken;
    const res = await fetch(joinUrl(this.opts.baseUrl, path), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signWebhook(token, joinUrl(this.opts.publicBaseUrl, path), params),
        'User-Agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(params).toString(),
    });
    await res.body?.cancel();
    return res.status;
  }

  /**
   * Rings the app and, when it answers with a stream, connects and starts talking.
   * Returns the TwiML answer; a call the app does not stream ends here (`done` resolves).
   */
  async dial(): Promise<TwimlAnswer | null> {
    await this.loadActions();
    const path = this.opts.voicePath ?? '/twilio/voice';
    const params = {
      ...inboundCallParams({
        callSid: this.callSid,
        accountSid: this.accountSid,
        from: this.opts.from ?? '+972501234567',
        to: this.opts.to ?? '+97231234567',
      }),
      ...this.opts.extraParams,
    };
    const token = this.opts.signingToken ?? this.opts.authToken;
    this.dialedAt = this.clock.now();
    const res = await fetch(joinUrl(this.opts.baseUrl, path), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signWebhook(token, joinUrl(this.opts.publicBaseUrl, path), params),
        'User-Agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    this.webhook = { status: res.status, body, params };
    if (!res.ok) return this.end(null);
    this.twiml = parseTwiml(body);
    if (this.twiml.kind !== 'stream' || this.opts.streamUnreachable) return this.end(this.twiml);
    this.signingToken = token;
    await this.connect(this.twiml.stream.url, this.twiml.stream.parameters, token);
    this.opts.rest?.register({
      sid: this.callSid,
      from: this.opts.from ?? '+972501234567',
      to: this.opts.to ?? '+97231234567',
      status: 'in-progress',
      startedAt: new Date(),
      onUpdate: (u) => {
        if (u.status) void this.hangup();
        else if (u.twiml !== undefined) void this.follow(u.twiml);
      },
    });
    return this.twiml;
  }

  /** Ms since the stream started (the timeline of every report field); 0 before it starts. */
  nowMs(): number {
    return this.t0 === null ? 0 : this.clock.now() - this.t0;
  }

  /** Starts speaking `audio` at `atMs` (default: now). */
  async say(audio: string | Uint8Array, atMs = this.nowMs()): Promise<void> {
    this.line.sayAt(atMs, typeof audio === 'string' ? await loadUlaw(audio, this.fixturesDir()) : audio);
  }

  sendDtmf(digit: string): void {
    this.dtmfSent.push({ digit, atMs: this.nowMs() });
    this.send({
      event: 'dtmf',
      sequenceNumber: this.nextSeq(),
      streamSid: this.streamSid,
      dtmf: { track: 'inbound_track', digit },
    });
  }

  /** Hangs up as Twilio does: a `stop` message, then the socket closes. */
  hangup(): Promise<CallerReport> {
    if (this.ws && this.stoppedAtMs === null && this.closed === null) {
      this.stoppedAtMs = this.nowMs();
      this.send({
        event: 'stop',
        sequenceNumber: this.nextSeq(),
        streamSid: this.streamSid,
        stop: { accountSid: this.accountSid, callSid: this.callSid },
      });
      this.ws.close(1000, 'call ended');
    }
    this.stopTimers();
    if (!this.ws) this.finish();
    return this.done;
  }

  report(): CallerReport {
    const now = this.nowMs();
    const heard = this.playback.heard(now);
    return {
      callSid: this.callSid,
      accountSid: this.accountSid,
      streamSid: this.streamSid,
      webhook: this.webhook,
      twiml: this.twiml,
      stream: this.stream,
      startedAt: this.t0,
      framesSent: this.framesSent,
      dtmfSent: [...this.dtmfSent],
      stoppedAtMs: this.stoppedAtMs,
      closed: this.closed,
      heard: mergeHeard(heard),
      heardAudio: Buffer.concat(heard.map((s) => s.audio)),
      marks: this.playback.marks.map((m) => ({ ...m })),
      clears: [...this.playback.clears],
      received: { ...this.received },
      errors: [...this.errors],
      said: [...this.said],
      dials: [...this.dials],
      streams: this.streams,
    };
  }

  private fixturesDir() {
    return this.opts.fixturesDir ?? DEFAULT_FIXTURES_DIR;
  }

  private async loadActions() {
    for (const action of this.opts.actions ?? []) {
      if ('say' in action) await this.say(action.say, action.atMs);
      else this.pendingActions.push(action);
    }
    this.pendingActions.sort((a, b) => a.atMs - b.atMs);
  }

  /** Twilio leaves `<Connect><Stream>` for new TwiML: the stream gets `stop` and closes. */
  private leaveStream() {
    if (this.ws && this.stoppedAtMs === null && this.closed === null) {
      this.stoppedAtMs = this.nowMs();
      this.send({
        event: 'stop',
        sequenceNumber: this.nextSeq(),
        streamSid: this.streamSid,
        stop: { accountSid: this.accountSid, callSid: this.callSid },
      });
      this.ws.close(1000, 'call updated');
    }
    this.stopTimers();
    this.playback.clear(this.nowMs()); // what was queued at Twilio is never played
  }

  /** Runs a call's new TwiML (a REST update, a `<Dial action>` answer) as Twilio would. */
  private async follow(xml: string): Promise<void> {
    this.continuing = true;
    this.leaveStream();
    try {
      for (const v of parseVerbs(xml)) {
        if (v.verb === 'Say' && 'text' in v) this.said.push(v.text);
        else if (v.verb === 'Hangup') break;
        else if (v.verb === 'Dial' && 'numbers' in v) {
          const record = await runDial(
            {
              baseUrl: this.opts.baseUrl,
              publicBaseUrl: this.opts.publicBaseUrl,
              authToken: this.signingToken || this.opts.authToken,
              callSid: this.callSid,
              accountSid: this.accountSid,
              from: this.opts.from ?? '+972501234567',
              to: this.opts.to ?? '+97231234567',
            },
            v,
            this.opts.staff ?? { answers: 'no-answer' },
          );
          this.dials.push(record);
          // The dial's action answers what the call does next; without one the call ends.
          if (record.action?.status === 200) return await this.follow(record.action.body);
          break;
        } else if (v.verb === 'Connect' && 'stream' in v) {
          this.streamSid = twilioSid('MZ');
          await this.connect(v.stream.url, v.stream.parameters, this.signingToken || this.opts.authToken);
          this.continuing = false;
          return;
        }
      }
    } catch (err) {
      this.errors.push(`TwiML not followed: ${String(err)}`);
    }
    this.continuing = false;
    this.finish();
  }

  private end(answer: TwimlAnswer | null) {
    this.finish();
    return answer;
  }

  private async connect(publicUrl: string, customParameters: Record<string, string>, token: string) {
    const localUrl = toLocalWsUrl(publicUrl, this.opts.wsBaseUrl ?? this.opts.baseUrl.replace(/^http/, 'ws'));
    this.stream = { publicUrl, localUrl, customParameters };
    const ws = new BunWebSocket(localUrl, {
      headers: { 'X-Twilio-Signature': signUpgrade(token, publicUrl) },
    });
    this.ws = ws;
    this.stoppedAtMs = null;
    this.closed = null;
    ws.addEventListener('message', (e) => {
      if (this.ws === ws) this.onMessage(String(e.data));
    });
    ws.addEventListener('close', (e) => {
      if (this.ws !== ws) return;
      this.closed ??= { code: e.code, reason: e.reason, atMs: this.nowMs() };
      this.stopTimers();
      if (!this.continuing) this.finish();
    });
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error(`stream connection to ${localUrl} failed`)), {
        once: true,
      });
    });
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    // A later stream (back from a transfer) goes on on the call's timeline; its own media timestamps start at 0.
    const first = this.t0 === null;
    if (first) this.t0 = this.clock.now();
    this.frameBase = first ? 0 : Math.ceil(this.nowMs() / FRAME_MS);
    this.streamFrames = 0;
    this.streams++;
    this.send({
      event: 'start',
      sequenceNumber: this.nextSeq(),
      streamSid: this.streamSid,
      start: {
        accountSid: this.accountSid,
        streamSid: this.streamSid,
        callSid: this.callSid,
        tracks: ['inbound'],
        customParameters,
        mediaFormat: MULAW_8K,
      },
    });
    this.pump();
  }

  /** Sends every frame and action that is due, oldest first, then sleeps until the next one. */
  private pump = () => {
    this.pumpTimer = null;
    const elapsed = this.nowMs();
    for (;;) {
      if (this.stoppedAtMs !== null || this.closed !== null) return;
      const frameDue = (this.frameBase + this.streamFrames + 1) * FRAME_MS;
      const action = this.pendingActions[0];
      // A frame completing at the same instant as an action goes first: its audio was spoken before it.
      if (frameDue <= elapsed && (!action || frameDue <= action.atMs)) {
        this.sendFrame();
        continue;
      }
      if (!action || action.atMs > elapsed) break;
      this.pendingActions.shift();
      if ('dtmf' in action) this.sendDtmf(action.dtmf);
      else void this.hangup();
    }
    const nextAt = Math.min(
      (this.frameBase + this.streamFrames + 1) * FRAME_MS,
      this.pendingActions[0]?.atMs ?? Number.POSITIVE_INFINITY,
    );
    this.pumpTimer = this.clock.setTimeout(this.pump, nextAt - elapsed);
  };

  private sendFrame() {
    const inStream = this.streamFrames++;
    const index = this.frameBase + inStream;
    this.framesSent++;
    this.line.frame(index, this.frame);
    this.send({
      event: 'media',
      sequenceNumber: this.nextSeq(),
      streamSid: this.streamSid,
      media: {
        track: 'inbound',
        chunk: String(inStream + 1),
        timestamp: String(inStream * FRAME_MS),
        payload: Buffer.from(this.frame.buffer, this.frame.byteOffset, FRAME_BYTES).toString('base64'),
      },
    });
  }

  private onMessage(text: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.errors.push('message is not JSON');
      return;
    }
    const event = String((raw as { event?: unknown })?.event);
    this.received[event] = (this.received[event] ?? 0) + 1;
    const checked = checkAppMessage(raw, this.streamSid);
    if (!checked.ok) {
      this.errors.push(checked.reason);
      return;
    }
    const message = checked.message;
    const now = this.nowMs();
    if (message.event === 'media') this.playback.media(now, Buffer.from(message.media.payload, 'base64'));
    else if (message.event === 'mark') {
      this.playback.mark(now, message.mark.name);
      this.echoDueMarks();
    } else for (const name of this.playback.clear(now)) this.echoMark(name);
  }

  /** Echoes the marks whose audio has played, then sleeps until the next one falls due. */
  private echoDueMarks = () => {
    if (this.markTimer !== null) this.clock.clearTimeout(this.markTimer);
    this.markTimer = null;
    for (const name of this.playback.takeDue(this.nowMs())) this.echoMark(name);
    const due = this.playback.nextDueMs();
    if (due !== null) this.markTimer = this.clock.setTimeout(this.echoDueMarks, due - this.nowMs());
  };

  private echoMark(name: string) {
    this.send({ event: 'mark', sequenceNumber: this.nextSeq(), streamSid: this.streamSid, mark: { name } });
  }

  private send(message: TwilioToApp) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private nextSeq() {
    return String(++this.sequence);
  }

  private stopTimers() {
    if (this.pumpTimer !== null) this.clock.clearTimeout(this.pumpTimer);
    if (this.markTimer !== null) this.clock.clearTimeout(this.markTimer);
    this.pumpTimer = null;
    this.markTimer = null;
  }
}

/** Creates a caller and dials; the returned caller is live (talking) until it hangs up or the app ends the call. */
export async function startTwilioCaller(opts: TwilioCallerOptions): Promise<TwilioCaller> {
  const caller = new TwilioCaller(opts);
  await caller.dial();
  return caller;
}

/**
 * Runs a whole call: dials, follows `opts.actions`, and resolves with the report when the
 * call ends (a `hangup` action, the app closing the stream, or `maxDurationMs`, default 5 min).
 */
export async function runTwilioCaller(
  opts: TwilioCallerOptions & { maxDurationMs?: number },
): Promise<CallerReport> {
  const caller = await startTwilioCaller(opts);
  const clock = opts.clock ?? createRealClock();
  const limit = clock.setTimeout(() => void caller.hangup(), opts.maxDurationMs ?? 300_000);
  const report = await caller.done;
  clock.clearTimeout(limit);
  return report;
}
