import { useEffect, useState } from 'react';
import type { Backend } from '../../../backend';
import type { Role } from '../../../domain/roles';

/** The signed-in role, following persona switches and sign-ins. */
export function useRole(backend: Backend): Role {
  const [role, setRole] = useState<Role>(() => backend.identity().role);
  useEffect(() => {
    setRole(backend.identity().role);
    return backend.onIdentityChange((i) => setRole(i.role));
  }, [backend]);
  return role;
}
