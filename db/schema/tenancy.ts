import { sql } from 'drizzle-orm';
import { pgPolicy } from 'drizzle-orm/pg-core';

/**
 * The database's own wall between tenants. Every request's transaction sets
 * app.business_id (and the rare, audited cross-business path sets app.scope = 'system')
 * with set_config(..., true), so both vanish when the transaction ends. Outside a
 * transaction current_setting(..., true) is '' (not NULL): hence NULLIF before the cast.
 * FORCE ROW LEVEL SECURITY is added by the custom migration (drizzle-kit cannot).
 */
export function tenantPolicy(table: string, column = 'business_id') {
  const predicate = sql.raw(
    `${column} = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system'`,
  );
  return pgPolicy(`${table}_tenant_isolation`, {
    as: 'permissive',
    for: 'all',
    using: predicate,
    withCheck: predicate,
  });
}
