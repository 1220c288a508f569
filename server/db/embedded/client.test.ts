import { afterAll, beforeAll, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { rejectionOf } from '../../test/settle';
import { MIGRATIONS_FOLDER } from '../database';
import { type EmbeddedClient, startEmbeddedDatabase } from './client';

let db: EmbeddedClient;
beforeAll(async () => {
  db = await startEmbeddedDatabase('memory://', MIGRATIONS_FOLDER);
  await db.query('create table t (id int primary key, v text)');
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

test("a slow statement runs off the server's thread: its timers keep firing meanwhile", async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 20);
  const started = performance.now();
  await db.query('select pg_sleep(0.4)');
  clearInterval(timer);
  expect(performance.now() - started).toBeGreaterThanOrEqual(380);
  expect(ticks).toBeGreaterThanOrEqual(10);
});

test("PostgreSQL's error fields reach the caller", async () => {
  await db.query('insert into t values (1, $1)', ['a']);
  const err = (await rejectionOf(db.query('insert into t values (1, $1)', ['b']))) as Record<string, unknown>;
  expect(err.code).toBe('23505');
  expect(String(err.message)).toContain('duplicate key');
});

test('a transaction is held across messages: others wait for it, and a failed one leaves nothing', async () => {
  const order: string[] = [];
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  const tx = db.transaction(async (t) => {
    await t.query('insert into t values (2, $1)', ['in tx']);
    order.push('tx wrote');
    await held;
    throw new Error('changed my mind');
  });
  // Wait until the transaction has written, then ask outside it.
  while (order.length === 0) await Bun.sleep(1);
  const outside = db.query('select count(*)::int as n from t').then((r) => {
    order.push('outside read');
    return r.rows[0] as { n: number };
  });
  await Bun.sleep(30);
  expect(order).toEqual(['tx wrote']);
  release();
  expect(String(await rejectionOf(tx))).toContain('changed my mind');
  expect((await outside).n).toBe(1); // row 2 was rolled back
  expect(order).toEqual(['tx wrote', 'outside read']);
});

test('a NOTIFY sent in a transaction arrives once it commits', async () => {
  const got: string[] = [];
  const stop = await db.listen('embedded_test', (p) => got.push(p));
  await db.transaction(async (t) => {
    await t.query("select pg_notify('embedded_test', 'hello')");
  });
  while (got.length === 0) await Bun.sleep(1);
  expect(got).toEqual(['hello']);
  await stop();
});

test(
  'after the database closes, a statement fails as a lost connection',
  async () => {
    const other = await startEmbeddedDatabase('memory://', MIGRATIONS_FOLDER);
    await other.close();
    const err = (await rejectionOf(other.query('select 1'))) as { code?: string };
    expect(err.code).toBe('CONNECTION_CLOSED');
  },
  HOOK_TIMEOUT_MS,
);
