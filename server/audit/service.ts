import { auditLog } from '../../db/schema';
import type { Tx } from '../db/database';

export interface AuditEntry {
  businessId: string | null;
  actorUserId?: string | null;
  actorEmail?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  userAgent?: string;
  details?: Record<string, unknown>;
}

/** Appends an audit entry inside the caller's transaction: the action and its record commit together. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    businessId: entry.businessId,
    actorUserId: entry.actorUserId ?? null,
    actorEmail: entry.actorEmail ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    userAgent: entry.userAgent?.slice(0, 300),
    details: entry.details,
  });
}
