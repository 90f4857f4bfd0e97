import { useEffect, useState } from 'react';
import type { Backend, Identity } from '../../backend';

/** The backend's current identity, updated on every change. */
export function useIdentity(backend: Backend): Identity {
  const [identity, setIdentity] = useState<Identity>(() => backend.identity());
  useEffect(() => {
    // Identity changes after mount arrive through the listener (the backend is created once per page).
    return backend.onIdentityChange((next) => setIdentity(next));
  }, [backend]);
  return identity;
}
