import { useCallback, useSyncExternalStore } from 'react';
import type { Backend } from '../../../backend';
import type { Role } from '../../../domain/roles';

/** The signed-in role, following persona switches and sign-ins. */
export function useRole(backend: Backend): Role {
  const subscribe = useCallback((onChange: () => void) => backend.onIdentityChange(() => onChange()), [backend]);
  return useSyncExternalStore(subscribe, () => backend.identity().role);
}
