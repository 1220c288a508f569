/**
 * One process per WhatsApp Web session. Two sockets on one account replace each other
 * (WhatsApp closes the older with "replaced"), so with several machines (fly runs two) only
 * the owner of a business's session opens it. The owner is named in the channel's row by its
 * liveness session (server/db/liveness.ts): a session-level advisory lock that PostgreSQL
 * drops the moment its process or connection dies, so a dead owner's sessions are taken over
 * by the next sweep of a live process, without waiting for a lease to run out.
 */
import { and, eq, exists, isNull, ne, not, or } from 'drizzle-orm';
import { whatsappAuthKeys, whatsappChannels } from '../../../db/schema';
import type { Database, Tx } from '../../db/database';
import { sessionEnded } from '../../db/liveness';

export interface SessionOwnership {
  /**
   * Takes (or keeps, under this process's current name) the business's session; false when a
   * live process holds it or this process has no liveness session. Throws when the database
   * cannot answer.
   */
  claim(businessId: string): Promise<boolean>;
  /** Gives it back (unlinked, or this process stopping). Never throws. */
  release(businessId: string): Promise<void>;
  /** Linked Baileys sessions (keys stored, not unlinked) whose owner is gone or none. */
  orphans(): Promise<string[]>;
}

/** The channel row's stored Baileys creds (a linked session), for `exists(...)` in a query on channels. */
export function storedCreds(tx: Tx) {
  return tx
    .select({ one: whatsappAuthKeys.keyId })
    .from(whatsappAuthKeys)
    .where(
      and(eq(whatsappAuthKeys.businessId, whatsappChannels.businessId), eq(whatsappAuthKeys.type, 'creds')),
    );
}

/**
 * The owner's liveness session when a live process other than this one owns the channel's
 * socket (a delivery is handed to it); null when none does (this process, or nobody alive:
 * the send is tried here and retried until a sweep takes the session over). `me` is this
 * process's liveness session as the caller knows it (a job's claim): asking the liveness
 * session inside a transaction would wait on the embedded database's one session.
 */
export async function liveOwnerElsewhere(
  tx: Tx,
  channel: { businessId: string; ownerSession: string | null },
  me: string | null,
): Promise<string | null> {
  const owner = channel.ownerSession;
  if (!owner || owner === me) return null;
  const alive = await tx
    .select({ owner: whatsappChannels.ownerSession })
    .from(whatsappChannels)
    .where(
      and(
        eq(whatsappChannels.businessId, channel.businessId),
        eq(whatsappChannels.ownerSession, owner),
        not(sessionEnded(owner)),
      ),
    );
  return alive.length > 0 ? owner : null;
}

export function createSessionOwnership(db: Database): SessionOwnership {
  const owner = whatsappChannels.ownerSession;
  return {
    async claim(businessId) {
      const me = await db.liveness.current();
      if (!me) return false;
      const taken = await db.withTenant(businessId, (tx) =>
        tx
          .update(whatsappChannels)
          .set({ ownerSession: me })
          .where(
            and(
              eq(whatsappChannels.businessId, businessId),
              or(isNull(owner), eq(owner, me), sessionEnded(owner)),
            ),
          )
          .returning({ businessId: whatsappChannels.businessId }),
      );
      return taken.length > 0;
    },
    async release(businessId) {
      try {
        const me = await db.liveness.current();
        if (!me) return;
        await db.withTenant(businessId, (tx) =>
          tx
            .update(whatsappChannels)
            .set({ ownerSession: null })
            .where(and(eq(whatsappChannels.businessId, businessId), eq(owner, me))),
        );
      } catch {
        // A process that cannot reach the database: its lock goes with its session anyway.
      }
    },
    async orphans() {
      const rows = await db.withSystem((tx) =>
        tx
          .select({ businessId: whatsappChannels.businessId })
          .from(whatsappChannels)
          .where(
            and(
              eq(whatsappChannels.provider, 'baileys'),
              ne(whatsappChannels.status, 'not_connected'),
              exists(storedCreds(tx)),
              or(isNull(owner), sessionEnded(owner)),
            ),
          ),
      );
      return rows.map((r) => r.businessId);
    },
  };
}
