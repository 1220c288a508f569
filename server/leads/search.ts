/** The lead list's filters and search, as one SQL condition. */
import { and, eq, exists, ilike, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import { type LeadSource, leadNotes, leads } from '../../db/schema';

export interface LeadFilters {
  statusId?: string;
  source?: LeadSource;
  /** A user id, or 'none' for unassigned leads. */
  assignee?: string;
  /** Free text: a substring of the name, email or any note (Hebrew as typed), or of the phone. */
  q?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The digits to look for in stored E.164 numbers, or null when q is not phone-like.
 * A national leading 0 is dropped, so '054-123' finds +97254123…; fewer than 3 digits
 * would match almost everything.
 */
export function phoneDigits(q: string): string | null {
  if (!/^[\d\s()+-]+$/.test(q)) return null;
  const digits = q.replace(/\D/g, '').replace(/^0+/, '');
  return digits.length >= 3 ? digits : null;
}

export function leadWhere(f: LeadFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (f.statusId) conditions.push(eq(leads.statusId, f.statusId));
  if (f.source) conditions.push(eq(leads.source, f.source));
  if (f.assignee === 'none') conditions.push(isNull(leads.assigneeId));
  else if (f.assignee) conditions.push(eq(leads.assigneeId, f.assignee));
  const q = f.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    const digits = phoneDigits(q);
    conditions.push(
      or(
        ilike(leads.name, pattern),
        ilike(leads.email, pattern),
        digits ? like(leads.phone, `%${digits}%`) : undefined,
        exists(
          sql`(select 1 from ${leadNotes} where ${leadNotes.leadId} = ${leads.id} and ${leadNotes.body} ilike ${pattern})`,
        ),
      ),
    );
  }
  return and(...conditions);
}
