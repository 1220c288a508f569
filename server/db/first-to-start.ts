/**
 * A transaction whose first statement goes unanswered. On PostgreSQL, now and then, a
 * transaction's first query after BEGIN gets no reply on an otherwise healthy connection (the
 * backend shows `idle in transaction`; docs/reliability.md, "Backstop"): the request stalled
 * until PostgreSQL's idle-in-transaction timeout ended the session. Its cause is not found.
 *
 * The first statement only sets the transaction's scope, so starting the same transaction
 * again on another connection is safe. `firstToStart` runs `attempt`; if no attempt has
 * claimed its start within `deadlineMs` of calling `begun()` (its BEGIN answered: it holds a
 * connection), another is started (at most `maxAttempts`). Time spent waiting for a pool
 * connection is not a stall: another attempt would only queue behind it, and under a burst
 * every queued transaction would be begun again, tripling the queue it waits in. The first
 * to call `claim()` after its first statement wins and runs the work; every other one gets
 * `false` and must throw, so it rolls back without doing anything. An attempt that fails
 * before claiming (the database is down) fails the call as before, unless another is pending.
 */
export interface FirstToStartOptions {
  deadlineMs: number;
  maxAttempts: number;
  /** Told each time a stalled start is given up on (for a counter and a log line). */
  onStall?: (attempt: number) => void;
}

export class AbandonedStart extends Error {
  constructor() {
    super('transaction start abandoned: another attempt started first');
  }
}

export function firstToStart<T>(
  attempt: (claim: () => boolean, begun: () => void) => Promise<T>,
  o: FirstToStartOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let winner = false;
    let pending = 0;
    let launched = 0;
    let lastError: unknown;
    let timer: Timer | undefined;

    const arm = () => {
      if (launched >= o.maxAttempts) return;
      timer = setTimeout(() => {
        if (winner) return;
        o.onStall?.(launched);
        launch();
      }, o.deadlineMs);
    };

    const launch = () => {
      launched++;
      pending++;
      let mine = false;
      let armed = false;
      const claim = () => {
        if (winner) return false;
        winner = true;
        mine = true;
        clearTimeout(timer);
        return true;
      };
      const begun = () => {
        if (armed || winner) return;
        armed = true;
        clearTimeout(timer);
        arm();
      };
      attempt(claim, begun).then(
        (value) => {
          pending--;
          if (mine) resolve(value);
        },
        (err) => {
          pending--;
          if (mine) return reject(err);
          lastError = err;
          if (!winner && pending === 0) {
            clearTimeout(timer);
            reject(lastError);
          }
        },
      );
    };

    launch();
  });
}
