import { z } from 'zod';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody, parseWith } from '../http/validate';
import { NotFoundError } from '../lib/errors';
import { callSettingsBody, getCallSettings, saveCallSettings } from './call-settings.ts';
import { getCall, listCalls, recordingOf } from './calls-service.ts';
import type { RecordingStore } from './recording/store.ts';

const listQuery = z.object({
  leadId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
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
export function callRoutes(deps: { db: Database; recordings: RecordingStore }): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  return [
    {
      method: 'GET',
      path: '/calls',
      access: 'calls.read',
      async handler(c) {
        const q = parseWith(listQuery, c.req.query());
        return c.json(await listCalls(ctx(c.var.actor), c.req.query('businessId'), q));
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
        const path = await recordingOf(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? '');
        const file = deps.recordings.file(path);
        if (file === null || !(await file.exists())) throw new NotFoundError('Recording');
        const headers: Record<string, string> = {
          'Content-Type': 'audio/wav',
          'Accept-Ranges': 'bytes',
          'Cache-Control': 'private, no-store',
          'Content-Disposition': `inline; filename="call-${c.req.param('id')}.wav"`,
        };
        // Ranges let the dashboard's <audio> seek without downloading the whole call.
        const range = byteRange(c.req.header('range'), file.size);
        if (range === null) return new Response(file, { headers });
        headers['Content-Range'] = `bytes ${range.start}-${range.end}/${file.size}`;
        return new Response(file.slice(range.start, range.end + 1), { status: 206, headers });
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
          settings: await saveCallSettings(ctx(c.var.actor), c.req.query('businessId'), body),
        });
      },
    },
  ];
}
