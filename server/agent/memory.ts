/**
 * What the assistant remembers of one person across calls and messages, keyed by their
 * phone (E.164) within a business: the last turns as said, and a rolling summary of older
 * ones. Both are bounded, so a chatty customer never grows a prompt without limit: turns
 * that fall off the end are folded into the summary, whose oldest lines go first.
 */
import { eq, sql } from 'drizzle-orm';
import { type AssistantChannel, conversationMemory, type MemoryTurn } from '../../db/schema';
import type { Tx } from '../db/database';

export const MEMORY_LIMITS = { turns: 20, turnChars: 1000, summaryChars: 2000 } as const;
export type MemoryLimits = { turns: number; turnChars: number; summaryChars: number };

export interface ContactMemory {
  turns: MemoryTurn[];
  summary: string;
}

const EMPTY: ContactMemory = { turns: [], summary: '' };
const CHANNEL_NAMES: Record<AssistantChannel, string> = { voice: 'בשיחה', whatsapp: 'בוואטסאפ' };
const SPEAKERS: Record<MemoryTurn['role'], string> = { user: 'הלקוח', assistant: 'העוזר' };

function clip(text: string, max: number): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

const summaryLine = (t: MemoryTurn) =>
  `${t.at.slice(0, 10)} ${CHANNEL_NAMES[t.channel]}, ${SPEAKERS[t.role]}: ${t.text}`;

/**
 * Adds turns to a memory. Pure. Invariant: at most `limits.turns` turns, each at most
 * `limits.turnChars`, and a summary of at most `limits.summaryChars`; nothing said in the
 * last `limits.turns` turns is lost.
 */
export function foldTurns(
  memory: ContactMemory,
  added: readonly MemoryTurn[],
  limits: MemoryLimits = MEMORY_LIMITS,
): ContactMemory {
  const all = [...memory.turns, ...added.map((t) => ({ ...t, text: clip(t.text, limits.turnChars) }))];
  const overflow = Math.max(0, all.length - limits.turns);
  const turns = all.slice(overflow);
  if (overflow === 0) return { turns, summary: memory.summary };
  const lines = [...memory.summary.split('\n').filter(Boolean), ...all.slice(0, overflow).map(summaryLine)];
  // Keep the newest lines that fit; a single line longer than the bound is clipped.
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = clip(lines[i] as string, limits.summaryChars);
    if (size + line.length + (kept.length ? 1 : 0) > limits.summaryChars) break;
    kept.unshift(line);
    size += line.length + (kept.length > 1 ? 1 : 0);
  }
  return { turns, summary: kept.join('\n') };
}

export async function loadMemory(tx: Tx, phone: string): Promise<ContactMemory> {
  const [row] = await tx
    .select({ turns: conversationMemory.turns, summary: conversationMemory.summary })
    .from(conversationMemory)
    .where(eq(conversationMemory.phone, phone));
  return row ?? EMPTY;
}

/**
 * Appends turns to the person's memory inside the caller's tenant transaction. The row is
 * locked while it is rewritten, so a call ending while a WhatsApp message arrives loses
 * neither's turns.
 */
export async function appendMemory(
  tx: Tx,
  businessId: string,
  phone: string,
  added: readonly MemoryTurn[],
  limits: MemoryLimits = MEMORY_LIMITS,
): Promise<ContactMemory> {
  await tx
    .insert(conversationMemory)
    .values({ businessId, phone, turns: [], summary: '' })
    .onConflictDoNothing({ target: [conversationMemory.businessId, conversationMemory.phone] });
  const [row] = await tx
    .select({ turns: conversationMemory.turns, summary: conversationMemory.summary })
    .from(conversationMemory)
    .where(eq(conversationMemory.phone, phone))
    .for('update');
  const next = foldTurns(row ?? EMPTY, added, limits);
  await tx
    .update(conversationMemory)
    .set({ turns: next.turns, summary: next.summary, updatedAt: sql`now()` })
    .where(eq(conversationMemory.phone, phone));
  return next;
}

/** The memory as a paragraph for the model's context; empty when there is none. */
export function memoryContext(memory: ContactMemory): string {
  if (!memory.turns.length && !memory.summary) return '';
  const parts = ['מה שכבר ידוע על הלקוח הזה משיחות קודמות (באותו מספר טלפון):'];
  if (memory.summary) parts.push(`סיכום של מה שהיה קודם:\n${memory.summary}`);
  if (memory.turns.length) parts.push(`הדברים האחרונים שנאמרו:\n${memory.turns.map(summaryLine).join('\n')}`);
  return parts.join('\n');
}
