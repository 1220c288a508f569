/** A user's own notifications: the list, the unread count, marking read. */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { notifications } from '../../db/schema';
import type { Tx } from '../db/database';
import { type Cursor, cursorAt, olderThan, pageOf } from '../lib/keyset';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { type NotificationView, toNotificationView } from './store';

/**
 * Runs fn for the actor's own notifications. A system admin belongs to no business and
 * has none: fn is not called and `none` is the answer.
 */
function own<T>(ctx: ServiceContext, none: T, fn: (tx: Tx, userId: string) => Promise<T>): Promise<T> {
  if (!ctx.actor.businessId) return Promise.resolve(none);
  return inBusiness(ctx, undefined, 'notifications', (tx) => fn(tx, ctx.actor.userId));
}

const mine = (userId: string) => eq(notifications.userId, userId);
const unread = (userId: string) => and(mine(userId), isNull(notifications.readAt));

/** The actor's notifications, newest first, a page at a time (`after` is the previous page's `next`). */
export function listNotifications(
  ctx: ServiceContext,
  opts: { limit: number; unreadOnly?: boolean; after?: Cursor },
): Promise<{ notifications: NotificationView[]; unread: number; next: string | null }> {
  return own(ctx, { notifications: [], unread: 0, next: null }, async (tx, userId) => {
    const rows = await tx
      .select({ row: notifications, at: cursorAt(notifications.createdAt) })
      .from(notifications)
      .where(
        and(
          opts.unreadOnly ? unread(userId) : mine(userId),
          olderThan(notifications.createdAt, notifications.id, opts.after),
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(opts.limit + 1);
    const { items, next } = pageOf(rows, opts.limit, (r) => ({ at: r.at, id: r.row.id }));
    return {
      notifications: items.map((r) => toNotificationView(r.row)),
      unread: await countUnread(tx, userId),
      next,
    };
  });
}

async function countUnread(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(notifications).where(unread(userId));
  return row?.n ?? 0;
}

export function unreadCount(ctx: ServiceContext): Promise<number> {
  return own(ctx, 0, countUnread);
}

/**
 * Marks the actor's notifications read: the ids given, or all of them. Ids that are not
 * the actor's own are ignored (never revealed). Answers the unread count left.
 */
export function markRead(ctx: ServiceContext, ids: readonly string[] | 'all'): Promise<{ unread: number }> {
  return own(ctx, { unread: 0 }, async (tx, userId) => {
    const which = ids === 'all' ? unread(userId) : and(unread(userId), inArray(notifications.id, [...ids]));
    if (ids === 'all' || ids.length > 0)
      await tx.update(notifications).set({ readAt: new Date() }).where(which);
    return { unread: await countUnread(tx, userId) };
  });
}
