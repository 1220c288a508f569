/**
 * What the session tests share: a database with businesses whose WhatsApp is on Baileys, the
 * fake WhatsApp behind the socket factory, and reads of what the staff would see.
 */
import type { proto, WAMessageKey } from '@whiskeysockets/baileys';
import { and, eq } from 'drizzle-orm';
import { businesses, jobs, whatsappAuthKeys, whatsappChannels } from '../../../db/schema';
import type { Database } from '../../db/database';
import { createLogger, type Logger } from '../../lib/logger';
import { createSecretBox, type SecretBox } from '../../lib/secrets';
import { createFakeWhatsApp, type FakeWhatsAppOptions } from '../../standins/baileys/fake-whatsapp';
import { createTestDatabase } from '../../test/database';
import { type ChannelRow, getChannel } from '../channels';
import { WhatsAppSendError } from '../transport';
import {
  type BaileysSessionsDeps,
  createBaileysSessions,
  type SocketFactory,
  type WhatsAppSessions,
} from './sessions';

export interface SessionsFixture {
  db: Database;
  box: SecretBox;
  close(): Promise<void>;
}

export async function openFixture(): Promise<SessionsFixture> {
  const db = await createTestDatabase();
  const box = await createSecretBox(Buffer.alloc(32, 3).toString('base64'));
  return { db, box, close: () => db.close() };
}

/** A new business whose WhatsApp channel is on Baileys, not yet linked. */
export async function baileysBusiness(db: Database, name = 'Salon'): Promise<string> {
  const [row] = await db.withSystem((tx) =>
    tx.insert(businesses).values({ name }).returning({ id: businesses.id }),
  );
  if (!row) throw new Error('no business');
  await db.withTenant(row.id, (tx) =>
    tx.insert(whatsappChannels).values({ businessId: row.id, provider: 'baileys' }),
  );
  return row.id;
}

export interface Rig {
  fake: ReturnType<typeof createFakeWhatsApp>;
  sessions: WhatsAppSessions;
  /** The getMessage Baileys was handed for the business's latest socket. */
  getMessage(businessId: string): (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
}

export function rig(
  f: SessionsFixture,
  opts: Partial<
    Pick<BaileysSessionsDeps, 'reconnectDelaysMs' | 'alarmAfterMs' | 'log' | 'takeoverEveryMs'>
  > & {
    fake?: ReturnType<typeof createFakeWhatsApp>;
    fakeOptions?: FakeWhatsAppOptions;
    /** Called with each socket made, right after the fake made it. */
    onSocket?: (businessId: string) => void;
  } = {},
): Rig {
  const fake = opts.fake ?? createFakeWhatsApp(opts.fakeOptions);
  const getMessages = new Map<string, (key: WAMessageKey) => Promise<proto.IMessage | undefined>>();
  const socketFactory: SocketFactory = (o) => {
    getMessages.set(o.businessId, o.getMessage);
    const sock = fake.factory(o);
    opts.onSocket?.(o.businessId);
    return sock;
  };
  const sessions = createBaileysSessions({
    db: f.db,
    box: f.box,
    log: opts.log ?? createLogger('silent'),
    socketFactory,
    reconnectDelaysMs: opts.reconnectDelaysMs ?? [20, 40],
    alarmAfterMs: opts.alarmAfterMs,
    takeoverEveryMs: opts.takeoverEveryMs,
  });
  return {
    fake,
    sessions,
    getMessage(businessId) {
      const get = getMessages.get(businessId);
      if (!get) throw new Error('no socket was made');
      return get;
    },
  };
}

export async function channel(db: Database, businessId: string): Promise<ChannelRow> {
  const row = await db.withTenant(businessId, (tx) => getChannel(tx, businessId));
  if (!row) throw new Error('no channel');
  return row;
}

/** Polls until the channel matches (the session writes its status on its own time). */
export async function channelBecomes(
  db: Database,
  businessId: string,
  check: (row: ChannelRow) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<ChannelRow> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const row = await channel(db, businessId);
    if (check(row)) return row;
    if (performance.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${row.status} (${row.statusReason})`);
    }
    await Bun.sleep(10);
  }
}

export const statusIs = (db: Database, businessId: string, status: ChannelRow['status']) =>
  channelBecomes(db, businessId, (row) => row.status === status, status);

/** The whatsapp.disconnected events queued for the business (what tells the staff). */
export async function disconnectedEvents(db: Database, businessId: string) {
  const rows = await db.withSystem((tx) =>
    tx
      .select({ payload: jobs.payload })
      .from(jobs)
      .where(and(eq(jobs.kind, 'event'), eq(jobs.businessId, businessId))),
  );
  return rows.map((r) => r.payload).filter((p) => p.type === 'whatsapp.disconnected');
}

export async function storedKeyCount(db: Database, businessId: string): Promise<number> {
  const rows = await db.withSystem((tx) =>
    tx
      .select({ type: whatsappAuthKeys.type })
      .from(whatsappAuthKeys)
      .where(eq(whatsappAuthKeys.businessId, businessId)),
  );
  return rows.length;
}

/** The QR a dashboard would show now (the channel row's, written by the owning process). */
export async function qrOf(db: Database, businessId: string): Promise<string | null> {
  const channel = await db.withTenant(businessId, (tx) => getChannel(tx, businessId));
  return channel?.pairingQr ?? null;
}

/** A logger whose lines the test can read. */
export function capturingLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** Links the business over the fake: start, wait for the QR, scan, wait for connected. */
export async function link(f: SessionsFixture, r: Rig, businessId: string, phone = '+972501234567') {
  await r.sessions.start(businessId);
  await channelBecomes(f.db, businessId, (c) => c.status === 'pairing' && !!c.pairingQr, 'a QR');
  r.fake.scan(businessId, phone);
  return statusIs(f.db, businessId, 'connected');
}

/** What a send came to: 'sent', or the WhatsAppSendError's failure kind. */
export const sendFailure = (p: Promise<unknown>) =>
  p.then(
    () => 'sent',
    (err: unknown) => (err instanceof WhatsAppSendError ? err.failure : String(err)),
  );
