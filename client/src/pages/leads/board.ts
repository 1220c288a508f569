import type { Lead, LeadStatus } from './data';

export type BoardColumn = { status: LeadStatus; leads: Lead[] };

/**
 * The board's columns in status order: every status in use, plus a retired status only
 * while some lead still carries it (so no lead disappears from the board).
 */
export function boardColumns(statuses: readonly LeadStatus[], leads: readonly Lead[]): BoardColumn[] {
  const ordered = [...statuses].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return ordered
    .map((status) => ({ status, leads: leads.filter((lead) => lead.status.id === status.id) }))
    .filter((column) => !column.status.retired || column.leads.length > 0);
}

/**
 * The statuses a lead in `statusId` can move to with one step back or forward: the
 * nearest columns whose status is still in use (a retired status takes no new leads).
 */
export function neighbours(
  columns: readonly BoardColumn[],
  statusId: string,
): { previous?: LeadStatus; next?: LeadStatus } {
  const open = columns.map((c) => c.status).filter((s) => !s.retired || s.id === statusId);
  const index = open.findIndex((s) => s.id === statusId);
  if (index < 0) return {};
  const pick = (s: LeadStatus | undefined) => (s && !s.retired ? s : undefined);
  return { previous: pick(open[index - 1]), next: pick(open[index + 1]) };
}
