/**
 * The one permission table (role × action). The API's guards and the dashboard's
 * sidebar and RoleGuard both read it; nothing else decides who may do what.
 * This module is pure and imported by the client bundle too: keep it free of I/O.
 */
export const ROLES = ['system_admin', 'owner', 'admin', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** Higher ranks manage lower ones. system_admin spans every business. */
export const ROLE_RANK: Record<Role, number> = { system_admin: 3, owner: 2, admin: 1, agent: 0 };

export const ACTIONS = [
  'business.list_all', // see every business (system admin's cross-business view)
  'business.create',
  'business.read', // read one's own business
  'business.update',
  'business.change_status', // suspend/activate, feature flags
  'user.list',
  'user.read',
  'user.create',
  'user.update',
  'overview.read',
  'leads.read',
  'leads.write', // create, edit, note, assign, merge leads
  'leads.export',
  'lead_statuses.manage',
  'appointments.read', // the calendar, availability and the appointment settings
  'appointments.write', // book, reschedule, cancel, change status
  'settings.appointments',
  'assistant.read', // the assistant's profile, prompts and FAQs, and trying a question
  'assistant.manage', // editing them: what every caller and customer hears
  'calls.read', // call records, transcripts and recordings
  'settings.calls', // call tuning (VAD) and whether calls are recorded
  'tasks.read', // the task board
  'tasks.write', // create, edit, move, delete tasks
  'payments.read', // behind the business's payments feature flag
  'payments.write',
  'contracts.read', // behind the business's contracts feature flag
  'contracts.write',
  'whatsapp.read', // the business's WhatsApp connection, its status and outgoing messages
  'whatsapp.manage', // linking, re-linking and unlinking the business's WhatsApp
  'inbox.read', // the WhatsApp inbox: conversations, messages, media
  'inbox.reply', // replying from the inbox and pausing or resuming the assistant in a conversation
  'integrations.manage', // webhooks to the business's own systems and its API keys
] as const;
export type Action = (typeof ACTIONS)[number];

const table: Record<Action, readonly Role[]> = {
  'business.list_all': ['system_admin'],
  'business.create': ['system_admin'],
  'business.read': ['system_admin', 'owner', 'admin', 'agent'],
  'business.update': ['system_admin', 'owner'],
  'business.change_status': ['system_admin'],
  'user.list': ['system_admin', 'owner', 'admin'],
  'user.read': ['system_admin', 'owner', 'admin'],
  'user.create': ['system_admin', 'owner', 'admin'],
  'user.update': ['system_admin', 'owner', 'admin'],
  'overview.read': ['system_admin', 'owner', 'admin', 'agent'],
  'leads.read': ['system_admin', 'owner', 'admin', 'agent'],
  'leads.write': ['system_admin', 'owner', 'admin', 'agent'],
  'leads.export': ['system_admin', 'owner', 'admin'],
  'lead_statuses.manage': ['system_admin', 'owner', 'admin'],
  'appointments.read': ['system_admin', 'owner', 'admin', 'agent'],
  'appointments.write': ['system_admin', 'owner', 'admin', 'agent'],
  'settings.appointments': ['system_admin', 'owner', 'admin'],
  'assistant.read': ['system_admin', 'owner', 'admin', 'agent'],
  'assistant.manage': ['system_admin', 'owner', 'admin'],
  'calls.read': ['system_admin', 'owner', 'admin', 'agent'],
  'settings.calls': ['system_admin', 'owner', 'admin'],
  'tasks.read': ['system_admin', 'owner', 'admin', 'agent'],
  'tasks.write': ['system_admin', 'owner', 'admin', 'agent'],
  'payments.read': ['system_admin', 'owner', 'admin'],
  'payments.write': ['system_admin', 'owner', 'admin'],
  'contracts.read': ['system_admin', 'owner', 'admin', 'agent'],
  'contracts.write': ['system_admin', 'owner', 'admin'],
  'whatsapp.read': ['system_admin', 'owner', 'admin'],
  'whatsapp.manage': ['system_admin', 'owner'],
  'inbox.read': ['system_admin', 'owner', 'admin', 'agent'],
  'inbox.reply': ['system_admin', 'owner', 'admin', 'agent'],
  'integrations.manage': ['system_admin', 'owner'],
};

export function can(role: Role, action: Action): boolean {
  return table[action].includes(role);
}

export function rolesFor(action: Action): readonly Role[] {
  return table[action];
}

/**
 * Whether `actor` may give `target` role to someone (create or change).
 * Nobody grants a role at or above their own, except system_admin; only
 * system_admin creates owners; nobody but system_admin creates system_admin.
 */
export function canGrant(actor: Role, target: Role): boolean {
  if (actor === 'system_admin') return true;
  return ROLE_RANK[target] < ROLE_RANK[actor];
}

/** Where each role lands after logging in. */
export const HOME_PAGE: Record<Role, string> = {
  system_admin: '/businesses',
  owner: '/overview',
  admin: '/overview',
  agent: '/leads',
};
