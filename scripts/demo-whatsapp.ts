/**
 * Writes to the demo business on WhatsApp through the running server, the way Meta delivers
 * a customer's message (a webhook signed with the app secret), and prints the assistant's
 * reply once it has gone out. Start the server first in development (`bash scripts/start.sh`:
 * WhatsApp runs on the stand-ins, the OpenAI REST stand-in writes the replies), then:
 *
 *   bun scripts/demo-whatsapp.ts "שלום, כמה עולה תספורת?"
 *
 * `--from=+972501234567` is the customer's number; `--url=http://localhost:3000` where the
 * server listens. Same DATA_DIR as the server: the development META_APP_SECRET is read from it.
 */
import { loadConfig } from '../server/config';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/demo/seed';
import { DEMO_META_PHONE_NUMBER_ID } from '../server/demo/whatsapp';
import { deliverWebhook, messagePayload } from '../server/standins/graph/webhook-sender';

const arg = (name: string) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')
    .slice(1)
    .join('=');
const config = loadConfig();
const baseUrl = arg('url') ?? `http://localhost:${config.port}`;
const from = arg('from') ?? '+972501234567';
const text = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'שלום, כמה עולה תספורת?';
if (!config.meta.appSecret) throw new Error('META_APP_SECRET is not set');

interface OutboxEntry {
  id: string;
  toPhone: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  lastError: string | null;
}

async function ownerCookie(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email: DEMO_USERS.owner.email, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`could not log in as the demo owner: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function outgoing(cookie: string): Promise<OutboxEntry[]> {
  const res = await fetch(`${baseUrl}/api/whatsapp`, { headers: { cookie, origin: baseUrl } });
  if (!res.ok) throw new Error(`GET /api/whatsapp: ${res.status}`);
  const body = (await res.json()) as { outbox: { recent: OutboxEntry[] } };
  return body.outbox.recent.filter((m) => m.toPhone === from);
}

const cookie = await ownerCookie();
const before = new Set((await outgoing(cookie)).map((m) => m.id));
const { payload } = messagePayload({ phoneNumberId: DEMO_META_PHONE_NUMBER_ID, from, text });
const res = await deliverWebhook(
  { webhookUrl: `${baseUrl}/whatsapp/webhook`, appSecret: config.meta.appSecret },
  payload,
);
if (!res.ok) throw new Error(`the webhook was refused: ${res.status} ${await res.text()}`);
console.log(`${from} → ${text}`);

const deadline = Date.now() + 30_000;
for (;;) {
  const reply = (await outgoing(cookie)).find((m) => !before.has(m.id) && m.status !== 'pending');
  if (reply) {
    if (reply.status === 'sent') console.log(`העסק → ${reply.body}`);
    else console.log(`the reply was not delivered: ${reply.lastError}\n(${reply.body})`);
    break;
  }
  if (Date.now() > deadline) throw new Error('no reply within 30 s: see the server log');
  await Bun.sleep(250);
}
