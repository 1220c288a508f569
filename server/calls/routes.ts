import { z } from 'zod';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody, parseWith } from '../http/validate';
import { AppError } from '../lib/errors';
import { decodeCursor } from '../lib/keyset';
import { inBusiness } from '../tenancy/scope';
import { callRoutingBody, getCallRouting, saveCallRouting } from './call-routing.ts';
import { CALL_DIRECTIONS, CALL_OUTCOMES, CALL_STATUS_FILTERS } from './call-search.ts';
import { callSettingsBody, getCallSettings, saveCallSettings } from './call-settings.ts';
import { getCall, listCalls, recordingOf } from './calls-service.ts';
import type { CallFeed } from './live/call-feed.ts';
import type { LiveCalls } from './live/live-calls.ts';
import { callStream } from './live/stream.ts';
import type { RecordingStore, StoredRecording } from './recording/store.ts';

/** A recording the call has a row for but that cannot be played (the dashboard says why, in Hebrew). */
class RecordingGoneError extends AppError {
  constructor(code: 'recording_lost' | 'recording_missing', message: string) {
    super(404, code, message);
  }
}

const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const listQuery = z.object({
  leadId: z.uuid().optional(),
  from: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .optional(),
  to: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .optional(),
  status: z.enum(CALL_STATUS_FILTERS).optional(),
  outcome: z.enum([...CALL_OUTCOMES, 'pending']).optional(),
  direction: z.enum(CALL_DIRECTIONS).optional(),
  hasRecording: flag.optional(),
  minSeconds: z.coerce.number().int().min(0).max(86_400).optional(),
  maxSeconds: z.coerce.number().int().min(0).max(86_400).optional(),
  /** A number (by its digits), a lead's name or words of the summary. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next` of the previous page. */
  after: z.string().max(200).optional(),
});

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` within `size`; null when absent or not satisfiable. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

/**
 * Call records, their recordings and the per-business call settings. A system admin names
 * the business with ?businessId=; everyone else always works in their own.
 */
export function callRoutes(deps: {
  db: Database;
  recordings: RecordingStore;
  feed: CallFeed;
  /** The calls in progress on this process (absent: no phone here, none listed). */
  live?: LiveCalls;
  /** After the call settings or routing of a business were saved (its calls' plan is kept). */
  changed?: (businessId: string) => void;
}): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  // Saved: the named business (a system admin's), else the actor's own; a refused one threw.
  const saved = <T>(
    c: { var: { actor: Actor }; req: { query(k: string): string | undefined } },
    value: T,
  ): T => {
    const businessId = c.req.query('businessId') ?? c.var.actor.businessId;
    if (businessId) deps.changed?.(businessId);
    return value;
  };
  return [
    {
      method: 'GET',
      path: '/calls',
      access: 'calls.read',
      async handler(c) {
        const q = parseWith(listQuery, c.req.query());
        const after = q.after ? decodeCursor(q.after, 'after') : undefined;
        return c.json(await listCalls(ctx(c.var.actor), c.req.query('businessId'), { ...q, after }));
      },
    },
    {
      method: 'GET',
      path: '/calls/stream',
      access: 'calls.read',
      handler: callStream({ db: deps.db, feed: deps.feed }),
    },
    {
      // The business's calls in progress on this process, with their transcript so far; what
      // follows arrives on /calls/stream.
      method: 'GET',
      path: '/calls/live',
      access: 'calls.read',
      async handler(c) {
        const businessId = await inBusiness(
          ctx(c.var.actor),
          c.req.query('businessId'),
          'calls.live',
          async (_tx, bid) => bid,
        );
        return c.json({ calls: deps.live?.list(businessId) ?? [] });
      },
    },
    {
      method: 'GET',
      path: '/calls/:id',
      access: 'calls.read',
      handler: async (c) =>
        c.json({ call: await getCall(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? '') }),
    },
    {
      method: 'GET',
      path: '/calls/:id/recording',
      access: 'calls.read',
      async handler(c) {
        const ref = await recordingOf(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? '');
        if (ref.status === 'lost')
          throw new RecordingGoneError('recording_lost', 'The recording was lost during the call');
        let stored: StoredRecording | null;
        try {
          stored = await deps.recordings.open(ref.path);
        } catch {
          throw new AppError(503, 'recording_unavailable', 'The recording storage cannot be reached');
        }
        if (stored === null)
          throw new RecordingGoneError('recording_missing', 'The recording is not in the storage');
        const file = stored;
        const headers: Record<string, string> = {
          'Content-Type': 'audio/wav',
          'Accept-Ranges': 'bytes',
          'Cache-Control': 'private, no-store',
          'Content-Disposition': `inline; filename="call-${c.req.param('id')}.wav"`,
        };
        // Ranges let the dashboard's <audio> seek without downloading the whole call.
        const range = byteRange(c.req.header('range'), file.size);
        if (range === null) {
          headers['Content-Length'] = String(file.size);
          return new Response(file.body(), { headers });
        }
        headers['Content-Range'] = `bytes ${range.start}-${range.end}/${file.size}`;
        headers['Content-Length'] = String(range.end - range.start + 1);
        return new Response(file.body(range), { status: 206, headers });
      },
    },
    {
      method: 'GET',
      path: '/call-settings',
      access: 'settings.calls',
      handler: async (c) =>
        c.json({ settings: await getCallSettings(ctx(c.var.actor), c.req.query('businessId')) }),
    },
    {
      method: 'PUT',
      path: '/call-settings',
      access: 'settings.calls',
      async handler(c) {
        const body = await jsonBody(c, callSettingsBody);
        return c.json({
          settings: saved(c, await saveCallSettings(ctx(c.var.actor), c.req.query('businessId'), body)),
        });
      },
    },
    {
      method: 'GET',
      path: '/call-routing',
      access: 'settings.calls',
      handler: async (c) =>
        c.json({ routing: await getCallRouting(ctx(c.var.actor), c.req.query('businessId')) }),
    },
    {
      method: 'PUT',
      path: '/call-routing',
      access: 'settings.calls',
      async handler(c) {
        const body = await jsonBody(c, callRoutingBody);
        return c.json({
          routing: saved(c, await saveCallRouting(ctx(c.var.actor), c.req.query('businessId'), body)),
        });
      },
    },
  ];
}
