/**
 * Checks that need I/O, run once at start after the configuration parsed: each names the
 * setting it proves (a directory or bucket that cannot be written, say). Failures are
 * printed like configuration errors — one line each, all at once — and the process exits
 * before it listens, instead of failing at the first call.
 */
import { ConfigError } from './config';

export async function checkAtStart(checks: Record<string, () => Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(Object.values(checks).map((check) => check()));
  const names = Object.keys(checks);
  const problems = results.flatMap((r, i) =>
    r.status === 'rejected'
      ? [`${names[i]}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`]
      : [],
  );
  if (problems.length > 0) throw new ConfigError(problems);
}

export async function checkAtStartOrExit(checks: Record<string, () => Promise<void>>): Promise<void> {
  try {
    await checkAtStart(checks);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/** Opens what a setting names (the database, say); a failure is that setting's one line, then exit. */
export async function openedOrExit<T>(setting: string, open: () => Promise<T>): Promise<T> {
  let value: T | undefined;
  await checkAtStartOrExit({
    [setting]: async () => {
      try {
        value = await open();
      } catch (err) {
        // The driver's own error sits under the ORM's "Failed query" wrapper.
        let e = err as { code?: string; message?: string; cause?: unknown };
        while (e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
        const reason = [e.code, (e.message ?? String(e)).split('\n')[0]].filter(Boolean).join(': ');
        throw new Error(`cannot be opened (${reason})`);
      }
    },
  });
  return value as T;
}
