/**
 * Writing notifications. Always inside a tenant transaction (a job's or a request's); each
 * new row is announced with NOTIFY, which PostgreSQL delivers only if that transaction
 * commits, to the live hub of every server process (server/notifications/hub.ts).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type NotificationKind, notifications, users } from '../../db/schema';
import type { Role } from '../auth/permissions';
import type { Tx } from '../db/database';

export const NOTIFICATION_CHANNEL = 'prosaas_notifications';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

/** What the hub receives: small enough for NOTIFY's 8000-byte payload limit. */
export interface NotificationMessage {
  userId: string;
  notification: NotificationView;
}

export function toNotificationView(row: typeof notifications.$inferSelect): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    data: row.data,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface NewNotification {
  kind: NotificationKind;
  title: string;
  body?: string;
  link?: string | null;
  data?: Record<string, unknown>;
  /** The cause (an event id, a job's key): the same key never notifies a user twice. */
  dedupeKey: string;
}

/** Notifies each user once per dedupe key; returns the notifications actually created. */
export async function notifyUsers(
  tx: Tx,
  businessId: string,
  userIds: readonly string[],
  n: NewNotification,
): Promise<NotificationView[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await tx
    .insert(notifications)
    .values(
      unique.map((userId) => ({
        businessId,
        userId,
        kind: n.kind,
        title: n.title.slice(0, 200),
        body: (n.body ?? '').slice(0, 1000),
        link: n.link ?? null,
        data: n.data ?? {},
        dedupeKey: n.dedupeKey,
      })),
    )
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning();
  for (const row of rows) {
    const message: NotificationMessage = { userId: row.userId, notification: toNotificationView(row) };
    await tx.execute(sql`select pg_notify(${NOTIFICATION_CHANNEL}, ${JSON.stringify(message)})`);
  }
  return rows.map(toNotificationView);
}

/** Active users of the business in the tenant scope, optionally only those with the roles. */
export async function activeUserIds(tx: Tx, businessId: string, roles?: readonly Role[]): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.businessId, businessId),
        eq(users.disabled, false),
        roles ? inArray(users.role, [...roles]) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

/** Who hears about the business's leads and bookings: its owners and admins. */
export const MANAGER_ROLES: readonly Role[] = ['owner', 'admin'];
