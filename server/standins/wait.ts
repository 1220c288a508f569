/**
 * Polls `check` (sync, or async such as an API read) until it returns a value other than
 * undefined/false, for tests that wait on a stand-in's inspection record or on state the
 * server writes in its own time. Rejects with `what` after `timeoutMs`, so a failing
 * end-to-end test names what never happened instead of timing out silently.
 */
export async function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = performance.now() + (opts.timeoutMs ?? 5000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(opts.intervalMs ?? 5);
  }
}
