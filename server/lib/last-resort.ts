/**
 * The process's last line of defence: an exception nothing caught, or a rejection nobody
 * handled, is logged at `fatal` with everything known about it, counted, and the process
 * keeps serving. Ending it would cut every live call for one bug; the fix belongs where it
 * was thrown (database faults are settled by the patched driver, calls by their guards),
 * and the log line is loud so that it gets fixed.
 */
import type { Logger } from './logger';

export interface LastResort {
  /** How many escaped since start (uncaught exceptions and unhandled rejections). */
  readonly caught: number;
  uninstall(): void;
}

export function installLastResort(log: Pick<Logger, 'fatal'>): LastResort {
  let caught = 0;
  const onException = (err: unknown, origin: string) => {
    caught++;
    log.fatal(
      { err, origin, caught },
      'LAST RESORT: uncaught exception; the process keeps serving, but this is a bug to fix',
    );
  };
  const onRejection = (reason: unknown) => {
    caught++;
    log.fatal(
      { err: reason, caught },
      'LAST RESORT: unhandled promise rejection; the process keeps serving, but this is a bug to fix',
    );
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    get caught() {
      return caught;
    },
    uninstall() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
