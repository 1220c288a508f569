import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import { drainJobs } from '../jobs/drain';
import { isolate } from '../lib/bidi';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';

let h: Harness;
let owner: string;
let agent: string;
let ownerB: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  agent = await h.login(h.a.users.agent.email);
  ownerB = await h.login(h.b.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

interface Task {
  id: string;
  title: string;
  column: string;
  position: number;
  dueAt: string | null;
  completedAt: string | null;
  assignee: { id: string; name: string } | null;
  lead: { id: string } | null;
}
const json = async <T>(res: Response) => (await res.json()) as T;
const create = async (cookie: string, body: Record<string, unknown>) => {
  const res = await h.request('POST', '/api/tasks', { cookie, body });
  expect(res.status).toBe(201);
  return (await json<{ task: Task }>(res)).task;
};
const move = (cookie: string, id: string, column: string, position: number) =>
  h.request('POST', `/api/tasks/${id}/move`, { cookie, body: { column, position } });
const board = async (cookie: string) =>
  (await json<{ tasks: Task[] }>(await h.request('GET', '/api/tasks', { cookie }))).tasks;
const column = (tasks: Task[], name: string) =>
  tasks.filter((t) => t.column === name).map((t) => `${t.position}:${t.title}`);
const newLead = async (cookie: string, phone: string) =>
  (await json<{ lead: { id: string } }>(await h.request('POST', '/api/leads', { cookie, body: { phone } })))
    .lead.id;
const notificationsOf = async (cookie: string) =>
  json<{ notifications: { kind: string; title: string }[]; unread: number }>(
    await h.request('GET', '/api/notifications', { cookie }),
  );

describe('the board', () => {
  test('a new task lands at the end of "to do" with its assignee, lead and due time', async () => {
    const leadId = await newLead(owner, '050-111-2201');
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const task = await create(owner, { title: 'להתקשר לדנה', assigneeId: h.a.users.agent.id, leadId, dueAt });
    expect(task).toMatchObject({
      title: 'להתקשר לדנה',
      column: 'todo',
      dueAt,
      assignee: { id: h.a.users.agent.id, name: 'agent a' },
      lead: { id: leadId },
      completedAt: null,
    });
    const again = await create(agent, { title: 'שנייה' });
    expect(again.position).toBe(task.position + 1);
  });

  test('moving reorders a column and renumbers both columns it touches; done carries its time', async () => {
    const [x, y, z] = [
      await create(owner, { title: 'x' }),
      await create(owner, { title: 'y' }),
      await create(owner, { title: 'z' }),
    ];
    expect((await move(owner, z.id, 'todo', 0)).status).toBe(200);
    let tasks = await board(owner);
    expect(column(tasks, 'todo').slice(0, 1)).toEqual(['0:z']);
    expect((await move(agent, x.id, 'done', 0)).status).toBe(200);
    tasks = await board(owner);
    expect(column(tasks, 'done')).toEqual(['0:x']);
    const positions = tasks.filter((t) => t.column === 'todo').map((t) => t.position);
    expect(positions).toEqual(positions.map((_, i) => i)); // no gap where x was
    expect(tasks.find((t) => t.id === x.id)?.completedAt).toBeString();
    const back = await json<{ task: Task }>(await move(owner, x.id, 'in_progress', 99));
    expect(back.task).toMatchObject({ column: 'in_progress', position: 0, completedAt: null });
    expect(y.column).toBe('todo');
  });

  test('edits and deletes; refuses an assignee or a lead of another business', async () => {
    const task = await create(owner, { title: 'לערוך' });
    const edited = await h.request('PATCH', `/api/tasks/${task.id}`, {
      cookie: agent,
      body: { title: 'נערך', dueAt: null, description: 'פרטים' },
    });
    expect((await json<{ task: Task }>(edited)).task.title).toBe('נערך');
    const foreignUser = await h.request('PATCH', `/api/tasks/${task.id}`, {
      cookie: owner,
      body: { assigneeId: h.b.users.agent.id },
    });
    expect(foreignUser.status).toBe(400);
    const foreignLead = await newLead(ownerB, '050-111-2299');
    expect(
      (await h.request('POST', '/api/tasks', { cookie: owner, body: { title: 't', leadId: foreignLead } }))
        .status,
    ).toBe(400);
    expect((await h.request('DELETE', `/api/tasks/${task.id}`, { cookie: agent })).status).toBe(204);
    expect((await h.request('GET', `/api/tasks/${task.id}`, { cookie: owner })).status).toBe(404);
  });

  test("another business's task is 404 on every route and never listed", async () => {
    const task = await create(owner, { title: 'של A' });
    for (const [method, path, body] of [
      ['GET', `/api/tasks/${task.id}`, undefined],
      ['PATCH', `/api/tasks/${task.id}`, { title: 'x' }],
      ['POST', `/api/tasks/${task.id}/move`, { column: 'done', position: 0 }],
      ['DELETE', `/api/tasks/${task.id}`, undefined],
    ] as const) {
      expect({ path, status: (await h.request(method, path, { cookie: ownerB, body })).status }).toEqual({
        path,
        status: 404,
      });
    }
    expect((await board(ownerB)).map((t) => t.id)).not.toContain(task.id);
  });
});

describe('tasks and leads', () => {
  test("a lead's tasks are on its timeline and follow it through a merge", async () => {
    const keep = await newLead(owner, '050-111-2301');
    const other = await newLead(owner, '050-111-2302');
    const task = await create(owner, { title: 'משימה על הליד', leadId: other });
    const merged = await h.request('POST', `/api/leads/${keep}/merge`, {
      cookie: owner,
      body: { otherId: other },
    });
    expect(merged.status).toBe(200);
    const { timeline } = await json<{ timeline: { kind: string; id: string; data: { title?: string } }[] }>(
      await h.request('GET', `/api/leads/${keep}/timeline`, { cookie: owner }),
    );
    expect(timeline.find((e) => e.kind === 'task')).toMatchObject({
      id: task.id,
      data: { title: 'משימה על הליד' },
    });
  });
});

describe('task notifications', () => {
  test('the assignee is told when someone else assigns a task, not when they take it themselves', async () => {
    await drainJobs(h.db); // what earlier tests caused
    const before = (await notificationsOf(agent)).notifications.length;
    await create(owner, { title: 'בשבילך', assigneeId: h.a.users.agent.id });
    await create(agent, { title: 'לקחתי לעצמי', assigneeId: h.a.users.agent.id });
    await drainJobs(h.db);
    const { notifications, unread } = await notificationsOf(agent);
    expect(notifications.length).toBe(before + 1);
    expect(notifications[0]).toMatchObject({
      kind: 'task_assigned',
      title: `משימה חדשה בשבילך: ${isolate('בשבילך')}`,
    });
    expect(unread).toBeGreaterThanOrEqual(1);
  });

  test('a due task notifies its assignee once at the due time; a moved due time or done task does not', async () => {
    const start = Date.now();
    const due = new Date(start + 3_600_000).toISOString();
    const task = await create(owner, { title: 'מועד', assigneeId: h.a.users.admin.id, dueAt: due });
    const doneTask = await create(owner, { title: 'כבר בוצעה', assigneeId: h.a.users.admin.id, dueAt: due });
    await move(owner, doneTask.id, 'done', 0);
    const later = new Date(start + 7_200_000).toISOString();
    const moved = await create(owner, { title: 'נדחתה', assigneeId: h.a.users.admin.id, dueAt: due });
    await h.request('PATCH', `/api/tasks/${moved.id}`, { cookie: owner, body: { dueAt: later } });

    const admin = await h.login(h.a.users.admin.email);
    const dueTitles = async () =>
      (await notificationsOf(admin)).notifications.filter((n) => n.kind === 'task_due').map((n) => n.title);
    await drainJobs(h.db, () => new Date(start + 1000));
    expect(await dueTitles()).toEqual([]); // not yet
    await drainJobs(h.db, () => new Date(start + 3_600_500));
    expect(await dueTitles()).toEqual([`הגיע מועד המשימה: ${isolate('מועד')}`]);
    await drainJobs(h.db, () => new Date(start + 7_200_500));
    expect((await dueTitles()).sort()).toEqual(
      [`הגיע מועד המשימה: ${isolate('מועד')}`, `הגיע מועד המשימה: ${isolate('נדחתה')}`].sort(),
    );
    // Every due job of these tasks ran (the stale ones as no-ops): none is left waiting.
    const ids = [task.id, doneTask.id, moved.id];
    const left = await h.db.withSystem((tx) =>
      tx
        .select({ payload: jobs.payload })
        .from(jobs)
        .where(and(eq(jobs.kind, 'task.due'), eq(jobs.status, 'queued'))),
    );
    expect(left.filter((j) => ids.includes(String(j.payload.taskId)))).toEqual([]);
  });
});
