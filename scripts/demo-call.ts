/**
 * Dials the demo business through the running server, as Twilio would, and shows what the
 * caller heard. Start the server first in development (`bash scripts/start.sh`: with no
 * OPENAI_API_KEY the Realtime stand-in answers), then: `bun scripts/demo-call.ts`.
 *
 * The caller waits for the greeting, says "caller-booking" (a Hebrew booking request), waits
 * for the replies, hangs up, prints a timeline, and writes what it heard, at the times it
 * heard it, to a WAV file (8 kHz μ-law) you can play: `--out=path.wav` (default
 * data/demo-call.wav); `--url=http://localhost:3000` where the server listens.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../server/config';
import { DEMO_BUSINESS } from '../server/demo/seed';
import {
  type CallerReport,
  startTwilioCaller,
  type TwilioCaller,
} from '../server/standins/twilio-caller/index.ts';

const arg = (name: string) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')
    .slice(1)
    .join('=');
const config = loadConfig();
const baseUrl = arg('url') ?? `http://localhost:${config.port}`;
const out = resolve(arg('out') ?? `${config.dataDir}/demo-call.wav`);

/** Resolves once the caller has heard audio and then `quietMs` of nothing, or after `limitMs`. */
async function heardThenQuiet(caller: TwilioCaller, quietMs: number, limitMs: number): Promise<void> {
  const startBytes = caller.report().heardAudio.length;
  const deadline = caller.nowMs() + limitMs;
  let lastBytes = startBytes;
  let lastChange = caller.nowMs();
  while (caller.nowMs() < deadline) {
    await Bun.sleep(50);
    const bytes = caller.report().heardAudio.length;
    if (bytes !== lastBytes) {
      lastBytes = bytes;
      lastChange = caller.nowMs();
    } else if (bytes > startBytes && caller.nowMs() - lastChange >= quietMs) return;
  }
}

/** A μ-law WAV (format 7) of `ms` at 8 kHz with what was heard placed at its times. */
function timelineWav(report: CallerReport): Uint8Array {
  const endMs = Math.ceil(report.heard.at(-1)?.endMs ?? 0) + 500;
  const audio = new Uint8Array(endMs * 8).fill(0xff);
  let read = 0;
  for (const range of report.heard) {
    audio.set(report.heardAudio.subarray(read, read + range.bytes), Math.round(range.startMs * 8));
    read += range.bytes;
  }
  const header = Buffer.alloc(58);
  header.write('RIFF', 0);
  header.writeUInt32LE(50 + audio.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(18, 16); // fmt chunk size
  header.writeUInt16LE(7, 20); // μ-law
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24); // sample rate
  header.writeUInt32LE(8000, 28); // bytes per second
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.writeUInt16LE(0, 36); // no extra format bytes
  header.write('fact', 38);
  header.writeUInt32LE(4, 42);
  header.writeUInt32LE(audio.length, 46);
  header.write('data', 50);
  header.writeUInt32LE(audio.length, 54);
  return Buffer.concat([header, audio]);
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;

console.log(`Calling ${DEMO_BUSINESS.name} (${DEMO_BUSINESS.phone}) through ${baseUrl}…`);
const caller = await startTwilioCaller({
  baseUrl,
  publicBaseUrl: config.publicBaseUrl,
  authToken: config.twilio.authToken,
  to: DEMO_BUSINESS.phone,
  // As the number's "call status changes" setting does: the end is reported to the app.
  statusCallbackPath: '/twilio/status',
});
const answer = caller.report();
if (answer.webhook?.status !== 200 || answer.stream === null) {
  console.error(`The call was not connected: HTTP ${answer.webhook?.status}\n${answer.webhook?.body ?? ''}`);
  process.exit(1);
}
await heardThenQuiet(caller, 800, 20_000);
const saidAt = caller.nowMs();
await caller.say('caller-booking');
await Bun.sleep(4000); // the request itself lasts ~3.9 s
await heardThenQuiet(caller, 2500, 30_000);
const report = await caller.hangup();
await caller.statusPosted;

const events: { at: number; text: string }[] = [
  { at: 0, text: 'stream started (call answered)' },
  { at: saidAt, text: 'caller says "caller-booking" (3.9 s of Hebrew: a booking request)' },
  ...report.heard.map((r) => ({
    at: r.startMs,
    text: `caller hears the assistant until ${fmt(r.endMs).trim()} (${((r.endMs - r.startMs) / 1000).toFixed(2)} s)`,
  })),
  ...report.clears.map((at) => ({ at, text: 'the app cleared the caller’s audio (barge-in)' })),
  { at: report.stoppedAtMs ?? caller.nowMs(), text: 'caller hangs up' },
];
console.log('\nTimeline (from the start of the stream):');
for (const e of events.sort((a, b) => a.at - b.at)) console.log(`  ${fmt(e.at)}  ${e.text}`);
const heardMs = report.heardAudio.length / 8;
console.log(
  `\nHeard ${(heardMs / 1000).toFixed(2)} s of assistant audio; ${report.marks.length} marks echoed; ` +
    `messages from the app: ${JSON.stringify(report.received)}; problems: ${report.errors.length ? report.errors.join(', ') : 'none'}`,
);
mkdirSync(dirname(out), { recursive: true });
await Bun.write(out, timelineWav(report));
console.log(`What the caller heard: ${out} (play it with \`play ${out}\` or any audio player)`);
process.exit(0);
