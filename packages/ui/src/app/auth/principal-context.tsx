import { createContext, useContext } from 'react';
import type { Principal } from '../api/api-types.js';

export const PrincipalContext = createContext<Principal>({ name: 'anonymous', scope: 'read', isAuthenticated: false });

/** Who uses the page; `canWrite` is false for a read-only token, and the page then offers no action. */
export function usePrincipal(): Principal & { canWrite: boolean } {
  const principal = useContext(PrincipalContext);
  return { ...principal, canWrite: principal.scope === 'write' };
}
