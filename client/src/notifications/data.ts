import { api } from '../api';

export type NotificationKind =
  | 'task_assigned'
  | 'task_due'
  | 'lead_created'
  | 'appointment_booked'
  | 'appointment_cancelled'
  | 'appointment_reminder'
  | 'whatsapp_disconnected';

export type AppNotification = {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A dashboard path to open, if any. */
  link: string | null;
  readAt: string | null;
  createdAt: string;
};

export type NotificationList = { notifications: AppNotification[]; unread: number };

/**
 * The signed-in user's latest notifications (the server only ever returns their own).
 * A plain fetch, not a router query: the panel refetches it itself when a notification
 * arrives, so a push never revalidates the page the user is working on.
 */
export function fetchNotifications(): Promise<NotificationList> {
  return api.get<NotificationList>('/api/notifications?limit=30');
}

/** Marks the user's own notifications read; answers the unread count left. */
export function markRead(ids: string[]): Promise<{ unread: number }> {
  return api.post<{ unread: number }>('/api/notifications/read', { ids });
}

export function markAllRead(): Promise<{ unread: number }> {
  return api.post<{ unread: number }>('/api/notifications/read-all');
}
