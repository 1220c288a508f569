/**
 * The compiled agent per business, built once and shared: by every call and message until
 * it expires (ttlMs) or something it was built from changes (`invalidate`). Concurrent
 * first requests share one build (single flight). A build that was running when its
 * business was invalidated is handed to the requests already waiting on it, but never
 * kept: the next request builds again from the new data. With `serveStale`, a value whose
 * time to live has passed is still served (at once) while its rebuild runs, so a slow
 * database delays nobody; an invalidated value is never served.
 */
export interface AgentCache<T> {
  get(businessId: string): Promise<T>;
  invalidate(businessId: string): void;
  /** How many builds have started (for tests and metrics). */
  readonly builds: number;
}

export interface AgentCacheOptions<T> {
  build(businessId: string): Promise<T>;
  ttlMs: number;
  /** Milliseconds; injected so tests move time without waiting. */
  now?: () => number;
  /** Upper bound on businesses kept; the least recently built goes first. Default 10,000. */
  maxEntries?: number;
  /** A built value this returns false for is handed to its waiters but not kept (a degraded one). */
  keep?: (value: T) => boolean;
  /** Past its time to live, the last value is served while the rebuild runs (default false). */
  serveStale?: boolean;
}

interface Entry<T> {
  value: Promise<T>;
  /** When the value stops being served; Infinity while the build runs. */
  expiresAt: number;
  generation: number;
  /** A rebuild after the time to live, running (serveStale). */
  refreshing?: boolean;
}

export function createAgentCache<T>(opts: AgentCacheOptions<T>): AgentCache<T> {
  const now = opts.now ?? (() => performance.now());
  const maxEntries = opts.maxEntries ?? 10_000;
  const entries = new Map<string, Entry<T>>();
  const generations = new Map<string, number>();
  let builds = 0;

  const start = (businessId: string): Entry<T> => {
    const generation = generations.get(businessId) ?? 0;
    builds++;
    const entry: Entry<T> = {
      value: opts.build(businessId),
      expiresAt: Number.POSITIVE_INFINITY,
      generation,
    };
    entries.delete(businessId);
    entries.set(businessId, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    entry.value.then(
      (value) => {
        if (entries.get(businessId) !== entry) return;
        if ((generations.get(businessId) ?? 0) !== generation || (opts.keep && !opts.keep(value)))
          entries.delete(businessId);
        else entry.expiresAt = now() + opts.ttlMs;
      },
      // A failed build is not cached: the next request tries again.
      () => {
        if (entries.get(businessId) === entry) entries.delete(businessId);
      },
    );
    return entry;
  };

  /** serveStale: the expired entry goes on being served until its rebuild is kept. */
  const refresh = (businessId: string, stale: Entry<T>): void => {
    stale.refreshing = true;
    builds++;
    const generation = stale.generation;
    opts.build(businessId).then(
      (value) => {
        stale.refreshing = false;
        if (entries.get(businessId) !== stale || (generations.get(businessId) ?? 0) !== generation) return;
        if (opts.keep && !opts.keep(value)) return; // degraded: the last good value goes on
        stale.value = Promise.resolve(value);
        stale.expiresAt = now() + opts.ttlMs;
      },
      () => {
        stale.refreshing = false; // the next request tries again; the stale value goes on
      },
    );
  };

  return {
    get(businessId) {
      const entry = entries.get(businessId);
      const current = entry && entry.generation === (generations.get(businessId) ?? 0);
      if (current && now() < entry.expiresAt) return entry.value;
      // Built (its expiry is set only then), so there is a value to serve meanwhile.
      if (current && opts.serveStale && Number.isFinite(entry.expiresAt)) {
        if (!entry.refreshing) refresh(businessId, entry);
        return entry.value;
      }
      return start(businessId).value;
    },
    invalidate(businessId) {
      generations.set(businessId, (generations.get(businessId) ?? 0) + 1);
      entries.delete(businessId);
    },
    get builds() {
      return builds;
    },
  };
}
