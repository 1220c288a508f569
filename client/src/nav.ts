import type { Component } from 'solid-js';
import { type Action, can, type Role } from '../../server/auth/permissions';
import type { Features } from './types';
import type { IconName } from './ui/Icon';

/**
 * Every page of the signed-in dashboard, in sidebar order. `action` is the permission
 * that opens it: the sidebar lists a page only if `can(role, action)`, and RoleGuard
 * enforces the same check on the route, so the two can never disagree.
 */
export type PageEntry = {
  path: string;
  label: string;
  action: Action;
  icon: IconName;
  load: () => Promise<{ default: Component }>;
  /** false for pages reached from another page (a lead's own page), not from the sidebar. */
  nav?: false;
  /** A page behind a business feature flag: shown only while the session's business has it on. */
  feature?: keyof Features;
};

/** Whether the page opens for this role and business (the sidebar and the route guard both ask). */
export function pageOpen(page: PageEntry, role: Role, features: Features | undefined): boolean {
  return can(role, page.action) && (!page.feature || features?.[page.feature] === true);
}

export const PAGES: readonly PageEntry[] = [
  {
    path: '/overview',
    label: 'סקירה כללית',
    action: 'overview.read',
    icon: 'overview',
    load: () => import('./pages/overview'),
  },
  {
    path: '/calendar',
    label: 'יומן',
    action: 'appointments.read',
    icon: 'calendar',
    load: () => import('./pages/calendar/CalendarPage'),
  },
  {
    path: '/leads',
    label: 'לידים',
    action: 'leads.read',
    icon: 'leads',
    load: () => import('./pages/leads/LeadsPage'),
  },
  {
    path: '/leads/:id',
    label: 'ליד',
    action: 'leads.read',
    icon: 'leads',
    load: () => import('./pages/leads/LeadPage'),
    nav: false,
  },
  {
    path: '/tasks',
    label: 'משימות',
    action: 'tasks.read',
    icon: 'tasks',
    load: () => import('./pages/tasks/TasksPage'),
  },
  {
    path: '/calls',
    label: 'שיחות',
    action: 'calls.read',
    icon: 'phone',
    load: () => import('./pages/calls/CallsPage'),
  },
  {
    path: '/calls/:id',
    label: 'שיחה',
    action: 'calls.read',
    icon: 'phone',
    load: () => import('./pages/calls/CallPage'),
    nav: false,
  },
  {
    path: '/inbox',
    label: 'תיבת הודעות',
    action: 'inbox.read',
    icon: 'inbox',
    load: () => import('./pages/inbox/InboxPage'),
  },
  {
    path: '/whatsapp',
    label: 'וואטסאפ',
    action: 'whatsapp.read',
    icon: 'phone',
    load: () => import('./pages/whatsapp/WhatsAppPage'),
  },
  {
    path: '/payments',
    label: 'תשלומים',
    action: 'payments.read',
    icon: 'payments',
    feature: 'payments',
    load: () => import('./pages/billing/PaymentsPage'),
  },
  {
    path: '/contracts',
    label: 'חוזים',
    action: 'contracts.read',
    icon: 'contracts',
    feature: 'contracts',
    load: () => import('./pages/billing/ContractsPage'),
  },
  {
    path: '/users',
    label: 'משתמשים',
    action: 'user.list',
    icon: 'users',
    load: () => import('./pages/users/UsersPage'),
  },
  {
    path: '/businesses',
    label: 'עסקים',
    action: 'business.list_all',
    icon: 'businesses',
    load: () => import('./pages/businesses/BusinessesPage'),
  },
  {
    path: '/settings/appointments',
    label: 'הגדרות יומן',
    action: 'settings.appointments',
    icon: 'clock',
    load: () => import('./pages/settings/AppointmentSettingsPage'),
  },
  {
    path: '/settings/calls',
    label: 'הגדרות שיחות',
    action: 'settings.calls',
    icon: 'phone',
    load: () => import('./pages/settings/CallSettingsPage'),
  },
  {
    path: '/settings/lead-statuses',
    label: 'סטטוסי לידים',
    action: 'lead_statuses.manage',
    icon: 'tag',
    load: () => import('./pages/settings/LeadStatusesPage'),
  },
  {
    path: '/settings/assistant',
    label: 'העוזר הדיגיטלי',
    action: 'assistant.read',
    icon: 'assistant',
    load: () => import('./pages/assistant/AssistantProfilePage'),
  },
  {
    path: '/settings/prompts',
    label: 'הנחיות לעוזר',
    action: 'assistant.read',
    icon: 'prompt',
    load: () => import('./pages/assistant/PromptsPage'),
  },
  {
    path: '/settings/faqs',
    label: 'שאלות נפוצות',
    action: 'assistant.read',
    icon: 'faq',
    load: () => import('./pages/assistant/FaqsPage'),
  },
  {
    path: '/settings/integrations',
    label: 'חיבורים',
    action: 'integrations.manage',
    icon: 'prompt',
    load: () => import('./pages/integrations/IntegrationsPage'),
  },
];
