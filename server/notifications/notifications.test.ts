import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { emitEvent } from '../events/events';
import { drainJobs } from '../jobs/drain';
import { isolate, ltr } from '../lib/bidi';
import { createLogger } from '../lib/logger';
import { at, businessDay } from '../scheduling/test-days';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { rejected } from '../test/settle';
import { createNotificationHub } from './hub';
import { notifyUsers } from './store';

let h: Harness;
let owner: string;
let admin: string;
let agent: string;
let ownerB: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  admin = await h.login(h.a.users.admin.email);
  agent = await h.login(h.a.users.agent.email);
  ownerB = await h.login(h.b.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

interface Listed {
  notifications: { id: string; kind: string; title: string; readAt: string | null }[];
  unread: number;
  next: string | null;
}
const list = async (cookie: string) =>
  (await h.request('GET', '/api/notifications', { cookie }).then((r) => r.json())) as Listed;
const kinds = async (cookie: string) => (await list(cookie)).notifications.map((n) => n.kind);

/** Reads Server-Sent Events off a response body, one event per call; comments are skipped. */
async function openStream(cookie: string) {
  const res = await h.request('GET', '/api/notifications/stream', { cookie });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{ event: string; data: Record<string, unknown> }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          if (lines.length === 0) continue;
          const field = (name: string) =>
            lines
              .filter((l) => l.startsWith(`${name}: `))
              .map((l) => l.slice(name.length + 2))
              .join('\n');
          return { event: field('event'), data: JSON.parse(field('data')) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => reader.cancel(),
  };
}

describe('the live stream', () => {
  test('starts with the unread count, then pushes a task assigned by someone else as it commits', async () => {
    await drainJobs(h.db);
    const stream = await openStream(agent);
    const first = await stream.next();
    expect(first).toEqual({ event: 'unread', data: { unread: (await list(agent)).unread } });

    const created = await h.request('POST', '/api/tasks', {
      cookie: owner,
      body: { title: 'לבדוק את ההצעה', assigneeId: h.a.users.agent.id },
    });
    expect(created.status).toBe(201);
    await drainJobs(h.db);
    const pushed = await stream.next();
    expect(pushed.event).toBe('notification');
    expect(pushed.data.notification).toMatchObject({
      kind: 'task_assigned',
      title: `משימה חדשה בשבילך: ${isolate('לבדוק את ההצעה')}`,
      link: '/tasks',
      readAt: null,
    });
    await stream.close();
  });

  test("a user's stream carries only their own notifications, and nothing that rolled back", async () => {
    const ownerStream = await openStream(owner);
    await ownerStream.next(); // unread
    await h.db.withTenant(h.a.id, (tx) =>
      notifyUsers(tx, h.a.id, [h.a.users.agent.id], { kind: 'task_due', title: 'לסוכן', dedupeKey: 'x1' }),
    );
    expect(
      await rejected(
        h.db.withTenant(h.a.id, async (tx) => {
          await notifyUsers(tx, h.a.id, [h.a.users.owner.id], {
            kind: 'task_due',
            title: 'בוטל',
            dedupeKey: 'x2',
          });
          throw new Error('rolled back');
        }),
      ),
    ).toThrow('rolled back');
    await h.db.withTenant(h.a.id, (tx) =>
      notifyUsers(tx, h.a.id, [h.a.users.owner.id], { kind: 'task_due', title: 'לבעלים', dedupeKey: 'x3' }),
    );
    // The next thing the owner hears is their own committed one: not the agent's, not the rolled back.
    expect((await ownerStream.next()).data.notification).toMatchObject({ title: 'לבעלים' });
    await ownerStream.close();
  });

  test('the hub delivers to the right user only and forgets a closed stream', async () => {
    let listen: ((payload: string) => void) | undefined;
    const hub = createNotificationHub({
      db: {
        listen: async (_channel, fn) => {
          listen = fn;
          return async () => {};
        },
      },
      log: createLogger('silent'),
    });
    const got: string[] = [];
    const stop = await hub.subscribe('u1', (n) => got.push(`u1:${n.title}`));
    await hub.subscribe('u2', (n) => got.push(`u2:${n.title}`));
    const message = (userId: string, title: string) =>
      JSON.stringify({ userId, notification: { id: '1', kind: 'task_due', title } });
    listen?.(message('u1', 'a'));
    listen?.('not json');
    stop();
    listen?.(message('u1', 'b'));
    listen?.(message('u2', 'c'));
    expect(got).toEqual(['u1:a', 'u2:c']);
    expect(hub.size).toBe(1);
  });
});

describe('what notifies whom', () => {
  test("a new lead tells the owner and admins, not the agent who added it; another business's users hear nothing", async () => {
    await drainJobs(h.db);
    const before = {
      owner: (await kinds(owner)).length,
      agent: (await kinds(agent)).length,
      b: (await kinds(ownerB)).length,
    };
    await h.request('POST', '/api/leads', { cookie: agent, body: { phone: '050-222-3301', name: 'רונית' } });
    await drainJobs(h.db);
    const ownerList = await list(owner);
    expect(ownerList.notifications[0]).toMatchObject({
      kind: 'lead_created',
      title: `ליד חדש: ${isolate('רונית')}`,
    });
    expect(ownerList.notifications.length).toBe(before.owner + 1);
    expect((await kinds(admin))[0]).toBe('lead_created');
    expect((await kinds(agent)).length).toBe(before.agent);
    expect((await kinds(ownerB)).length).toBe(before.b);
  });

  test('a booking and its cancellation notify the managers, in the business time zone', async () => {
    await drainJobs(h.db);
    const startsAt = at(businessDay(7), '10:00');
    const res = await h.request('POST', '/api/appointments', {
      cookie: agent,
      body: { startsAt, lead: { phone: '050-222-3302', name: 'משה' } },
    });
    const { appointment } = (await res.json()) as { appointment: { id: string } };
    await drainJobs(h.db);
    const booked = (await list(owner)).notifications.find((n) => n.kind === 'appointment_booked');
    expect(booked?.title).toStartWith(`נקבעה פגישה: ${isolate('משה')}, `);
    expect(booked?.title).toEndWith(', 10:00');
    await h.request('PATCH', `/api/appointments/${appointment.id}`, {
      cookie: agent,
      body: { status: 'cancelled' },
    });
    await drainJobs(h.db);
    expect((await list(admin)).notifications[0]?.title).toStartWith(`בוטלה פגישה: ${isolate('משה')}, `);
  });

  test('a lead without a name is announced by its phone, isolated and in national format', async () => {
    await drainJobs(h.db);
    await h.request('POST', '/api/leads', { cookie: agent, body: { phone: '+972529876543' } });
    await drainJobs(h.db);
    const title = (await list(owner)).notifications[0]?.title;
    expect(title).toBe(`ליד חדש: ${ltr('052-987-6543')}`);
  });

  test('a WhatsApp disconnection tells the owner and admins', async () => {
    await h.db.withTenant(h.a.id, (tx) =>
      emitEvent(tx, h.a.id, { type: 'whatsapp.disconnected', reason: 'logged out', actorUserId: null }),
    );
    await drainJobs(h.db);
    expect((await kinds(owner))[0]).toBe('whatsapp_disconnected');
    expect((await kinds(admin))[0]).toBe('whatsapp_disconnected');
    expect(await kinds(agent)).not.toContain('whatsapp_disconnected');
  });

  test('an event job that runs twice notifies once', async () => {
    await h.db.withTenant(h.a.id, async (tx) => {
      for (let i = 0; i < 2; i++)
        await notifyUsers(tx, h.a.id, [h.a.users.admin.id], {
          kind: 'task_due',
          title: 'פעם אחת',
          dedupeKey: 'same',
        });
    });
    expect((await list(admin)).notifications.filter((n) => n.title === 'פעם אחת').length).toBe(1);
  });
});

describe('reading', () => {
  test('marking some and then all read lowers the unread count; ids of others are ignored', async () => {
    const mine = await list(owner);
    expect(mine.unread).toBeGreaterThan(1);
    const first = mine.notifications[0]?.id ?? '';
    const agentsOwn = (await list(agent)).notifications[0]?.id ?? '';
    const res = await h.request('POST', '/api/notifications/read', {
      cookie: owner,
      body: { ids: [first, agentsOwn] },
    });
    expect(((await res.json()) as { unread: number }).unread).toBe(mine.unread - 1);
    expect((await list(agent)).notifications[0]?.readAt).toBeNull();
    const all = await h.request('POST', '/api/notifications/read-all', { cookie: owner });
    expect(await all.json()).toEqual({ unread: 0 });
    expect((await list(owner)).notifications.every((n) => n.readAt)).toBe(true);
  });

  test('a system admin has no notifications of their own', async () => {
    const root = await h.login(h.sysadmin.email);
    expect(await list(root)).toEqual({ notifications: [], unread: 0, next: null });
  });
});
