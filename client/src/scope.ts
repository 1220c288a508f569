import { useSearchParams } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { useMe } from './auth';

const KEY = 'prosaas.businessId';
const read = () => {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
};
/** The system admin's last chosen business, for this tab: kept when moving between pages. */
const [remembered, setRemembered] = createSignal<string | undefined>(read());
function remember(id: string | undefined) {
  setRemembered(id);
  try {
    if (id) sessionStorage.setItem(KEY, id);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the choice lasts until the page reloads.
  }
}

/**
 * Which business a page works on. Owners, admins and agents always work in their own
 * (the server ignores nothing: it simply never needs the id); the system admin picks one,
 * kept in `?businessId=` so the view can be linked and reloaded, and remembered for the tab
 * so the next page opens on the same business.
 */
export function useBusinessScope() {
  const me = useMe();
  const [params, setParams] = useSearchParams<{ businessId?: string }>();
  const isSystemAdmin = () => me().role === 'system_admin';
  const businessId = () => {
    if (!isSystemAdmin()) return undefined;
    const fromUrl = params.businessId || undefined;
    if (fromUrl && fromUrl !== remembered()) remember(fromUrl);
    return fromUrl ?? remembered();
  };
  return {
    isSystemAdmin,
    businessId,
    /** False only while a system admin has not picked a business yet. */
    ready: () => !isSystemAdmin() || businessId() !== undefined,
    setBusinessId: (id: string | undefined) => {
      remember(id);
      setParams({ businessId: id });
    },
  };
}

export type BusinessScope = ReturnType<typeof useBusinessScope>;
