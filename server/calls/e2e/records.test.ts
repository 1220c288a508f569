import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBrain } from '../../agent/brain';
import { loadUlaw } from '../../standins/fixtures.ts';
import { startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { createHarness, type Harness } from '../../test/harness';
import { MULAW_DECODE } from '../audio/mulaw.ts';
import { createRecordingStore } from '../recording/store.ts';
import { parseWavHeader, WAV_HEADER_BYTES } from '../recording/wav.ts';
import { type PhoneServer, startPhoneServer } from './phone-server.ts';
import { script } from './script-turns.ts';

const CALLER = '+972541234567';
let h: Harness;
let dir: string;
let server: PhoneServer;
let cookies: { a: string; b: string };
let callMs = 0;
/** What the caller heard of the assistant, as linear PCM on the call's timeline. */
let heardTimeline = new Int16Array(0);
let greetingHeardAt = 0;
/** When the caller starts talking: after the greeting has played (a busy machine starts it late). */
let speakAt = 1200;

/** One call to business A: a greeting, the caller talking, a reply, then the caller hangs up. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prosaas-recordings-'));
  const recordings = createRecordingStore(dir);
  h = await createHarness({ recordings });
  cookies = { a: await h.login(h.a.users.agent.email), b: await h.login(h.b.users.owner.email) };
  server = await startPhoneServer(h.db, {
    recordings,
    standin: {
      script: await script(
        { audio: { name: 'assistant-greeting', ms: 900 }, transcript: 'שלום, הגעתם לעסק' },
        [{ audio: { name: 'assistant-offer', ms: 600 }, transcript: 'יש לנו מקום מחר' }],
      ),
    },
    session: { upstreamVad: { silenceDurationMs: 200 } },
  });
  const speech = (await loadUlaw('caller-booking')).subarray(0, 1500 * 8);
  const caller = await startTwilioCaller(server.caller({ from: CALLER, to: h.a.phone }));
  await waitUntil(() => caller.report().heardAudio.length >= 900 * 8, 'the greeting heard', {
    timeoutMs: 6000,
  });
  speakAt = Math.max(speakAt, Math.ceil(caller.nowMs()) + 300);
  await caller.say(speech, speakAt);
  await waitUntil(() => caller.report().heardAudio.length >= 1500 * 8, 'the reply heard', {
    timeoutMs: 6000,
  });
  await Bun.sleep(200);
  const report = await caller.hangup();
  callMs = report.stoppedAtMs ?? 0;
  greetingHeardAt = Math.round(report.heard[0]?.startMs ?? 0);
  heardTimeline = new Int16Array(Math.ceil(callMs * 8));
  let offset = 0;
  for (const range of report.heard) {
    const at = Math.round(range.startMs * 8);
    for (let i = 0; i < range.bytes; i++)
      heardTimeline[at + i] = MULAW_DECODE[report.heardAudio[offset + i] as number] as number;
    offset += range.bytes;
  }
  await waitUntil(() => server.ended.length === 1, 'the call record written', { timeoutMs: 5000 });
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await server?.stop();
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

async function onlyCall(cookie: string) {
  const res = await h.request('GET', '/api/calls', { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as { calls: Array<Record<string, unknown> & { id: string }>; total: number };
}

/** RMS of 16-bit PCM between two times (ms). */
function rms(pcm: Int16Array, fromMs: number, toMs: number): number {
  let sum = 0;
  const a = fromMs * 8;
  const b = Math.min(pcm.length, toMs * 8);
  for (let i = a; i < b; i++) sum += (pcm[i] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, b - a));
}

describe('call records', () => {
  test('the call, its transcript and the caller as a lead are recorded, and the lead timeline shows the call', async () => {
    const list = await onlyCall(cookies.a);
    expect(list.total).toBe(1);
    const [item] = list.calls;
    expect(item).toMatchObject({
      from: CALLER,
      to: h.a.phone,
      endReason: 'caller hung up',
      lead: { phone: CALLER },
      recording: { durationMs: expect.any(Number) },
    });
    expect(Math.abs((item?.durationMs as number) - callMs)).toBeLessThan(400);

    const detail = await h.request('GET', `/api/calls/${item?.id}`, { cookie: cookies.a });
    const { call } = (await detail.json()) as {
      call: { transcript: Array<{ speaker: string; text: string }> };
    };
    const lines = call.transcript.map((t) => `${t.speaker}: ${t.text}`);
    expect(lines[0]).toBe('assistant: שלום, הגעתם לעסק');
    expect(lines.some((l) => l.startsWith('caller: '))).toBe(true);
    expect(lines).toContain('assistant: יש לנו מקום מחר');

    const leadId = (item?.lead as { id: string } | undefined)?.id;
    const byLead = await h.request('GET', `/api/calls?leadId=${leadId}`, { cookie: cookies.a });
    expect(((await byLead.json()) as { total: number }).total).toBe(1);
    const timeline = await h.request('GET', `/api/leads/${leadId}/timeline`, { cookie: cookies.a });
    const all = ((await timeline.json()) as { timeline: Array<{ kind: string; id: string }> }).timeline;
    expect(all.filter((e) => e.kind === 'call').map((e) => e.id)).toEqual([item?.id as string]);

    // What was said is remembered for the next call or WhatsApp message from the same number.
    const memory = await createBrain({ db: h.db }).recall(h.a.id, CALLER);
    expect(memory.turns.map((t) => t.text)).toContain('יש לנו מקום מחר');
  });

  test('the recording holds the whole call with both voices, where they spoke', async () => {
    const [item] = (await onlyCall(cookies.a)).calls;
    const res = await h.request('GET', `/api/calls/${item?.id}/recording`, { cookie: cookies.a });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const wav = new Uint8Array(await res.arrayBuffer());
    const header = parseWavHeader(wav);
    expect(header?.sampleRate).toBe(8000);
    const durationMs = (header?.samples ?? 0) / 8;
    expect(Math.abs(durationMs - callMs)).toBeLessThan(300);
    expect(wav.length).toBe(WAV_HEADER_BYTES + (header?.samples ?? 0) * 2);

    const pcm = new Int16Array(wav.buffer.slice(WAV_HEADER_BYTES));
    const silence = rms(pcm, speakAt - 250, speakAt - 50); // after the greeting, before the caller
    const greeting = rms(pcm, greetingHeardAt + 100, greetingHeardAt + 800);
    const callerSpeech = rms(pcm, speakAt + 200, speakAt + 1400);
    expect(greeting).toBeGreaterThan(10 * Math.max(silence, 30));
    expect(callerSpeech).toBeGreaterThan(10 * Math.max(silence, 30));
    // The assistant's side is what the caller heard, placed where they heard it (within 20 ms).
    let best = { corr: 0, shiftMs: 0 };
    const from = greetingHeardAt * 8;
    for (let shift = -480; shift <= 480; shift++) {
      let xy = 0;
      let xx = 0;
      let yy = 0;
      for (let i = from; i < from + 900 * 8; i++) {
        const x = pcm[i + shift] ?? 0;
        const y = heardTimeline[i] ?? 0;
        xy += x * y;
        xx += x * x;
        yy += y * y;
      }
      const corr = xy / Math.sqrt(xx * yy || 1);
      if (corr > best.corr) best = { corr, shiftMs: shift / 8 };
    }
    expect(best.corr).toBeGreaterThan(0.95);
    expect(Math.abs(best.shiftMs)).toBeLessThanOrEqual(20);
  });

  test('another business sees neither the call nor its recording (404)', async () => {
    const [item] = (await onlyCall(cookies.a)).calls;
    expect((await onlyCall(cookies.b)).total).toBe(0);
    for (const path of [`/api/calls/${item?.id}`, `/api/calls/${item?.id}/recording`]) {
      const res = await h.request('GET', path, { cookie: cookies.b });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });
});
