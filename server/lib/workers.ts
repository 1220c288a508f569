/**
 * `WORKERS`: the first server process starts the others, each a whole server of its own on
 * the same port (`reusePort`: the kernel spreads connections between them) and the same
 * database. They share nothing in memory; what must be shared already is in PostgreSQL
 * (call tokens, jobs, throttles, WhatsApp Web ownership, NOTIFY for changes). The first
 * process restarts one that dies, tells them all to drain on SIGTERM and waits for them; one
 * whose first process is gone drains on its own.
 */
import type { Logger } from './logger';

export interface Workers {
  /** SIGTERM to every worker; resolves once all have exited (or after `graceMs`, killed). */
  stop(graceMs: number): Promise<void>;
}

interface WorkerProcess {
  readonly exited: Promise<number>;
  kill(signal?: NodeJS.Signals | number): void;
}

export interface WorkersOptions {
  /** How many to start besides this process (WORKERS - 1). */
  count: number;
  log: Logger;
  /** Starts worker `index` (1…count): this same program with PROSAAS_WORKER_INDEX set. */
  spawn?: (index: number) => WorkerProcess;
  /** Waits before restarting a worker that died (doubling while it keeps dying at once). */
  restartDelayMs?: number;
}

export const WORKER_INDEX_ENV = 'PROSAAS_WORKER_INDEX';

const spawnSelf = (index: number): WorkerProcess =>
  Bun.spawn([process.execPath, ...process.argv.slice(1)], {
    env: { ...process.env, [WORKER_INDEX_ENV]: String(index) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });

export function startWorkers(opts: WorkersOptions): Workers {
  const spawn = opts.spawn ?? spawnSelf;
  const baseDelay = opts.restartDelayMs ?? 1000;
  let stopping = false;
  const running = new Map<number, WorkerProcess>();

  const run = (index: number, delay: number) => {
    const started = Date.now();
    const child = spawn(index);
    running.set(index, child);
    void child.exited.then((code) => {
      if (running.get(index) === child) running.delete(index);
      if (stopping) return;
      // A worker that lived a while starts again at once; one that dies at start backs off.
      const next = Date.now() - started > 30_000 ? baseDelay : Math.min(delay * 2, 30_000);
      opts.log.error({ worker: index, code, restartInMs: next }, 'server worker exited; starting it again');
      setTimeout(() => {
        if (!stopping) run(index, next);
      }, next).unref?.();
    });
  };
  for (let i = 1; i <= opts.count; i++) run(i, baseDelay);

  return {
    async stop(graceMs) {
      stopping = true;
      const children = [...running.values()];
      for (const child of children) child.kill('SIGTERM');
      const all = Promise.all(children.map((c) => c.exited));
      let timer: Timer | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      if ((await Promise.race([all, late])) === 'late') {
        opts.log.warn({ workers: children.length }, 'server workers still draining: killed');
        for (const child of children) child.kill('SIGKILL');
      }
      clearTimeout(timer);
    },
  };
}

/** In a worker: calls `onOrphaned` once the process that started it is gone (checked every second). */
export function watchParent(onOrphaned: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, 1000);
  timer.unref?.();
}
