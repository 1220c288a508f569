/**
 * Awaiting a promise's outcome in a test without `expect(p).resolves` / `.rejects`: Bun's
 * (1.4) stops delivering Worker messages while one of those waits, and the embedded database
 * answers from a worker, so such a wait on anything that reaches the database never ends.
 */

/** A function that throws what p rejected with (or returns, if p resolved): for `toThrow`. */
export async function rejected(p: Promise<unknown>): Promise<() => void> {
  try {
    await p;
  } catch (err) {
    return () => {
      throw err;
    };
  }
  return () => {};
}

/** What p rejected with; throws if it resolved. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject; it resolved');
}
