import { describe, expect, test } from 'bun:test';
import { rejected } from '../test/settle';
import { AbandonedStart, firstToStart } from './first-to-start';

/** An attempt whose first statement is answered when `answer()` is called (never, if not). */
function gated() {
  const calls: { answer: () => void; fail: (e: Error) => void; ran: boolean }[] = [];
  const attempt = (claim: () => boolean, begun: () => void) =>
    new Promise<string>((resolve, reject) => {
      begun(); // BEGIN answered at once; the first statement waits for answer()
      const me = {
        ran: false,
        answer: () => {
          if (!claim()) return reject(new AbandonedStart());
          me.ran = true;
          resolve(`attempt ${calls.indexOf(me) + 1}`);
        },
        fail: reject,
      };
      calls.push(me);
    });
  return { calls, attempt };
}

const until = async (cond: () => boolean) => {
  while (!cond()) await Bun.sleep(1);
};

describe('a transaction whose first statement goes unanswered', () => {
  test('an answered start runs once, and no second attempt is made', async () => {
    const g = gated();
    const p = firstToStart(g.attempt, { deadlineMs: 20, maxAttempts: 3 });
    g.calls[0]?.answer();
    expect(await p).toBe('attempt 1');
    await Bun.sleep(40);
    expect(g.calls.length).toBe(1);
  });

  test('a stalled start is begun again; the late answer of the first is abandoned, the work done once', async () => {
    const g = gated();
    const stalls: number[] = [];
    const p = firstToStart(g.attempt, { deadlineMs: 10, maxAttempts: 3, onStall: (n) => stalls.push(n) });
    await until(() => g.calls.length === 2);
    g.calls[1]?.answer();
    expect(await p).toBe('attempt 2');
    g.calls[0]?.answer(); // its reply arrives after all: it must not run the work
    expect(g.calls.map((c) => c.ran)).toEqual([false, true]);
    expect(stalls).toEqual([1]);
  });

  test('an attempt still waiting for a pool connection is not begun again', async () => {
    let calls = 0;
    let give: (() => void) | undefined;
    const p = firstToStart(
      (claim, begun) =>
        new Promise<string>((resolve) => {
          calls++;
          // The pool hands the connection over only later; then it starts and claims at once.
          give = () => {
            begun();
            claim();
            resolve('ran');
          };
        }),
      { deadlineMs: 5, maxAttempts: 3 },
    );
    await Bun.sleep(40); // eight deadlines in the queue
    expect(calls).toBe(1);
    give?.();
    expect(await p).toBe('ran');
  });

  test('at most maxAttempts are begun', async () => {
    const g = gated();
    const p = firstToStart(g.attempt, { deadlineMs: 5, maxAttempts: 3 });
    await until(() => g.calls.length === 3);
    await Bun.sleep(30);
    expect(g.calls.length).toBe(3);
    g.calls[0]?.answer();
    expect(await p).toBe('attempt 1');
  });

  test('a database that refuses fails the call with its own error, at once', async () => {
    const g = gated();
    const p = firstToStart(g.attempt, { deadlineMs: 1000, maxAttempts: 3 });
    g.calls[0]?.fail(new Error('CONNECTION_REFUSED'));
    expect(await rejected(p)).toThrow('CONNECTION_REFUSED');
    expect(g.calls.length).toBe(1);
  });

  test("the work's own failure is the call's failure", async () => {
    const p = firstToStart(
      async (claim) => {
        if (!claim()) throw new AbandonedStart();
        throw new Error('unique violation');
      },
      { deadlineMs: 1000, maxAttempts: 3 },
    );
    expect(await rejected(p)).toThrow('unique violation');
  });
});
