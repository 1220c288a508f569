import { useSearchParams } from '@solidjs/router';
import { useMe } from './auth';

/**
 * Which business a page works on. Owners, admins and agents always work in their own
 * (the server ignores nothing: it simply never needs the id); the system admin picks one,
 * kept in `?businessId=` so the view can be linked and reloaded.
 */
export function useBusinessScope() {
  const me = useMe();
  const [params, setParams] = useSearchParams<{ businessId?: string }>();
  const isSystemAdmin = () => me().role === 'system_admin';
  const businessId = () => (isSystemAdmin() ? params.businessId || undefined : undefined);
  return {
    isSystemAdmin,
    businessId,
    /** False only while a system admin has not picked a business yet. */
    ready: () => !isSystemAdmin() || businessId() !== undefined,
    setBusinessId: (id: string | undefined) => setParams({ businessId: id }),
  };
}

export type BusinessScope = ReturnType<typeof useBusinessScope>;
