/**
 * Baileys' authentication state kept in the database (whatsapp_auth_keys) instead of
 * Baileys' folder of JSON files, so any machine can resume a business's session. Each value
 * is serialised the way Baileys' own file store does (BufferJSON) and sealed with the
 * business id bound. Row-level security confines every read and write to the business.
 */
import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { whatsappAuthKeys } from '../../../db/schema';
import type { Database } from '../../db/database';
import type { SecretBox } from '../../lib/secrets';

const CREDS = 'creds';

export interface DbAuthState {
  /** Hand to the socket; Baileys mutates `creds` in place and calls `keys` itself. */
  state: AuthenticationState;
  /** Persists the current `state.creds` (saves run one after another, the last one wins). */
  saveCreds(): Promise<void>;
  /**
   * Deletes the creds and every key of the business. Afterwards this state writes nothing
   * more, so a socket still winding down cannot bring the keys back.
   */
  clear(): Promise<void>;
}

export interface AuthStateDeps {
  db: Database;
  box: SecretBox;
  businessId: string;
}

/** Deletes every stored auth row of the business (creds and keys). */
export async function clearAuthKeys(db: Database, businessId: string): Promise<void> {
  await db.withTenant(businessId, (tx) =>
    tx.delete(whatsappAuthKeys).where(eq(whatsappAuthKeys.businessId, businessId)),
  );
}

/** Whether the business has stored creds (it was started at least once and not cleared). */
export async function hasStoredCreds(db: Database, businessId: string): Promise<boolean> {
  const rows = await db.withTenant(businessId, (tx) =>
    tx
      .select({ keyId: whatsappAuthKeys.keyId })
      .from(whatsappAuthKeys)
      .where(and(eq(whatsappAuthKeys.businessId, businessId), eq(whatsappAuthKeys.type, CREDS))),
  );
  return rows.length > 0;
}

export async function createDbAuthState({ db, box, businessId }: AuthStateDeps): Promise<DbAuthState> {
  const seal = (value: unknown) => box.seal(JSON.stringify(value, BufferJSON.replacer), businessId);
  const open = async (sealed: string): Promise<unknown> =>
    JSON.parse(await box.open(sealed, businessId), BufferJSON.reviver);
  let cleared = false;
  // Writes in flight, so clear() deletes only after the last of them committed.
  const inflight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    return p.finally(() => inflight.delete(p));
  };

  const [stored] = await db.withTenant(businessId, (tx) =>
    tx
      .select({ valueSealed: whatsappAuthKeys.valueSealed })
      .from(whatsappAuthKeys)
      .where(
        and(
          eq(whatsappAuthKeys.businessId, businessId),
          eq(whatsappAuthKeys.type, CREDS),
          eq(whatsappAuthKeys.keyId, CREDS),
        ),
      ),
  );
  const creds = stored ? ((await open(stored.valueSealed)) as AuthenticationCreds) : initAuthCreds();

  // Rows are written in one order so two concurrent transactions cannot deadlock on them.
  const write = async (
    rows: { type: string; keyId: string; valueSealed: string }[],
    deletes: Map<string, string[]>,
  ) => {
    rows.sort((a, b) => a.type.localeCompare(b.type) || a.keyId.localeCompare(b.keyId));
    await db.withTenant(businessId, async (tx) => {
      if (rows.length > 0) {
        await tx
          .insert(whatsappAuthKeys)
          .values(rows.map((r) => ({ ...r, businessId })))
          .onConflictDoUpdate({
            target: [whatsappAuthKeys.businessId, whatsappAuthKeys.type, whatsappAuthKeys.keyId],
            set: { valueSealed: sql`excluded.value_sealed`, updatedAt: sql`now()` },
          });
      }
      for (const [type, ids] of deletes) {
        await tx
          .delete(whatsappAuthKeys)
          .where(
            and(
              eq(whatsappAuthKeys.businessId, businessId),
              eq(whatsappAuthKeys.type, type),
              inArray(whatsappAuthKeys.keyId, ids),
            ),
          );
      }
    });
  };

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const found: { [id: string]: SignalDataTypeMap[T] } = {};
      if (ids.length === 0) return found;
      const rows = await db.withTenant(businessId, (tx) =>
        tx
          .select({ keyId: whatsappAuthKeys.keyId, valueSealed: whatsappAuthKeys.valueSealed })
          .from(whatsappAuthKeys)
          .where(
            and(
              eq(whatsappAuthKeys.businessId, businessId),
              eq(whatsappAuthKeys.type, type),
              inArray(whatsappAuthKeys.keyId, ids),
            ),
          ),
      );
      for (const row of rows) {
        let value = await open(row.valueSealed);
        // As Baileys' file store does: the protobuf class, not the plain object, is expected.
        if (type === 'app-state-sync-key') {
          value = proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>);
        }
        found[row.keyId] = value as SignalDataTypeMap[T];
      }
      return found;
    },
    async set(data: SignalDataSet) {
      if (cleared) return;
      const rows: { type: string; keyId: string; valueSealed: string }[] = [];
      const deletes = new Map<string, string[]>();
      for (const [type, byId] of Object.entries(data)) {
        for (const [keyId, value] of Object.entries(byId ?? {})) {
          if (value === null || value === undefined) deletes.set(type, [...(deletes.get(type) ?? []), keyId]);
          else rows.push({ type, keyId, valueSealed: await seal(value) });
        }
      }
      if (rows.length > 0 || deletes.size > 0) await track(write(rows, deletes));
    },
    async clear() {
      await db.withTenant(businessId, (tx) =>
        tx
          .delete(whatsappAuthKeys)
          .where(and(eq(whatsappAuthKeys.businessId, businessId), sql`${whatsappAuthKeys.type} <> ${CREDS}`)),
      );
    },
  };

  // Saves are chained: two in flight could otherwise commit an older snapshot last.
  let saving: Promise<void> = Promise.resolve();
  const saveCreds = () => {
    const next = saving.then(async () => {
      if (cleared) return;
      await write([{ type: CREDS, keyId: CREDS, valueSealed: await seal(creds) }], new Map());
    });
    saving = next.catch(() => {});
    return next;
  };

  return {
    state: { creds, keys },
    saveCreds,
    async clear() {
      cleared = true;
      await Promise.allSettled([saving, ...inflight]);
      await clearAuthKeys(db, businessId);
    },
  };
}
