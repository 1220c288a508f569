/**
 * Versioned prompts per channel. Every save appends a version (author, time); the current
 * prompt is the highest version; a rollback appends a copy of an old one. Version 0 is the
 * built-in default, never stored: it is what a business runs on before its first save, and
 * it can be diffed against and rolled back to like any other.
 */
import { and, desc, eq, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AssistantChannel, assistantPrompts, users } from '../../../db/schema';
import type { Tx } from '../../db/database';
import { pgErrorCode, UNIQUE_VIOLATION } from '../../db/pg-error';
import { ConflictError, NotFoundError } from '../../lib/errors';
import { inBusiness, type ServiceContext } from '../../tenancy/scope';
import { type DiffLine, lineDiff } from './line-diff';

export const PROMPT_MAX_CHARS = 20_000;
export const promptBody = z.object({ body: z.string().trim().min(1).max(PROMPT_MAX_CHARS) }).strict();

/**
 * What a business says to its assistant, per channel, before it writes its own. The rules
 * that keep the assistant honest (confirmations, no invented bookings, the channel's style)
 * are not here: the code adds them to every prompt (server/agent/instructions.ts).
 */
export const DEFAULT_PROMPTS: Record<AssistantChannel, string> = {
  voice: [
    'היה אדיב, חם ויעיל.',
    'עזור ללקוח לקבוע, להזיז או לבטל תור, וענה על שאלות על העסק.',
    'אם הלקוח מבקש לדבר עם אדם, העבר את השיחה לנציג.',
  ].join('\n'),
  whatsapp: [
    'היה אדיב, חם ויעיל, והקפד על הודעות קצרות.',
    'עזור ללקוח לקבוע, להזיז או לבטל תור, וענה על שאלות על העסק.',
    'אם הלקוח מבקש לדבר עם אדם, העבר את הפנייה לנציג.',
  ].join('\n'),
};

export interface PromptVersion {
  version: number;
  body: string;
  /** The version this one copies (a rollback), if any. */
  copiedFrom: number | null;
  author: { id: string; name: string } | null;
  /** ISO; null for the built-in version 0. */
  createdAt: string | null;
}

const builtIn = (channel: AssistantChannel): PromptVersion => ({
  version: 0,
  body: DEFAULT_PROMPTS[channel],
  copiedFrom: null,
  author: null,
  createdAt: null,
});

async function versions(tx: Tx, channel: AssistantChannel, version?: number): Promise<PromptVersion[]> {
  const rows = await tx
    .select({
      version: assistantPrompts.version,
      body: assistantPrompts.body,
      copiedFrom: assistantPrompts.copiedFrom,
      authorId: assistantPrompts.authorId,
      authorName: sql<string | null>`coalesce(${users.name}, ${assistantPrompts.authorName})`,
      createdAt: assistantPrompts.createdAt,
    })
    .from(assistantPrompts)
    .leftJoin(users, eq(users.id, assistantPrompts.authorId))
    .where(
      and(
        eq(assistantPrompts.channel, channel),
        version === undefined ? undefined : eq(assistantPrompts.version, version),
      ),
    )
    .orderBy(desc(assistantPrompts.version));
  return rows.map((r) => ({
    version: r.version,
    body: r.body,
    copiedFrom: r.copiedFrom,
    author: r.authorId ? { id: r.authorId, name: r.authorName ?? '' } : null,
    createdAt: r.createdAt.toISOString(),
  }));
}

async function versionOf(tx: Tx, channel: AssistantChannel, version: number): Promise<PromptVersion> {
  if (version === 0) return builtIn(channel);
  const [found] = await versions(tx, channel, version);
  if (!found) throw new NotFoundError('Prompt version');
  return found;
}

/** The prompt a channel runs on now (version 0: the built-in default), inside the tenant scope. */
export async function currentPrompt(
  tx: Tx,
  channel: AssistantChannel,
): Promise<{ version: number; body: string }> {
  const [row] = await tx
    .select({ version: assistantPrompts.version, body: assistantPrompts.body })
    .from(assistantPrompts)
    .where(eq(assistantPrompts.channel, channel))
    .orderBy(desc(assistantPrompts.version))
    .limit(1);
  return row ?? { version: 0, body: DEFAULT_PROMPTS[channel] };
}

export interface PromptHistory {
  channel: AssistantChannel;
  current: PromptVersion;
  /** Newest first, ending with the built-in version 0. */
  history: PromptVersion[];
}

export function promptHistory(
  ctx: ServiceContext,
  businessId: string | undefined,
  channel: AssistantChannel,
): Promise<PromptHistory> {
  return inBusiness(ctx, businessId, 'assistant.prompts.read', async (tx) => {
    const history = [...(await versions(tx, channel)), builtIn(channel)];
    return { channel, current: history[0] as PromptVersion, history };
  });
}

const authorOf = (ctx: ServiceContext) => ({ id: ctx.actor.userId, name: ctx.actor.name });

async function append(
  tx: Tx,
  businessId: string,
  channel: AssistantChannel,
  body: string,
  author: { id: string; name: string },
  copiedFrom: number | null,
): Promise<PromptVersion> {
  const [top] = await tx
    .select({ v: max(assistantPrompts.version) })
    .from(assistantPrompts)
    .where(eq(assistantPrompts.channel, channel));
  const version = (top?.v ?? 0) + 1;
  try {
    // A savepoint, so a concurrent save's unique violation leaves the transaction usable.
    await tx.transaction((sp) =>
      sp.insert(assistantPrompts).values({
        businessId,
        channel,
        version,
        body,
        copiedFrom,
        authorId: author.id,
        authorName: author.name,
      }),
    );
  } catch (err) {
    if (pgErrorCode(err) === UNIQUE_VIOLATION)
      throw new ConflictError('Someone saved this prompt at the same moment; reload and save again', {
        reason: 'concurrent_save',
      });
    throw err;
  }
  return versionOf(tx, channel, version);
}

/** Saves a new version; returns it with the business id it was saved for. */
export function savePrompt(
  ctx: ServiceContext,
  businessId: string | undefined,
  channel: AssistantChannel,
  body: string,
): Promise<{ businessId: string; version: PromptVersion }> {
  return inBusiness(ctx, businessId, 'assistant.prompts.save', async (tx, bid) => ({
    businessId: bid,
    version: await append(tx, bid, channel, body, authorOf(ctx), null),
  }));
}

/** Makes an old version current again by appending a copy of it. 404 for an unknown version. */
export function rollbackPrompt(
  ctx: ServiceContext,
  businessId: string | undefined,
  channel: AssistantChannel,
  version: number,
): Promise<{ businessId: string; version: PromptVersion }> {
  return inBusiness(ctx, businessId, 'assistant.prompts.rollback', async (tx, bid) => {
    const old = await versionOf(tx, channel, version);
    return { businessId: bid, version: await append(tx, bid, channel, old.body, authorOf(ctx), version) };
  });
}

export function diffPrompts(
  ctx: ServiceContext,
  businessId: string | undefined,
  channel: AssistantChannel,
  from: number,
  to: number,
): Promise<{ from: PromptVersion; to: PromptVersion; lines: DiffLine[] }> {
  return inBusiness(ctx, businessId, 'assistant.prompts.diff', async (tx) => {
    const a = await versionOf(tx, channel, from);
    const b = await versionOf(tx, channel, to);
    return { from: a, to: b, lines: lineDiff(a.body, b.body) };
  });
}
