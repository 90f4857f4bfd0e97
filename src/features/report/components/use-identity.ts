import { useEffect, useState } from 'react';
import type { Backend, Identity } from '../../../backend/backend';

/** The backend's current identity, updated when it changes (persona switch, sign-in). */
export function useIdentity(backend: Backend): Identity {
  const [identity, setIdentity] = useState<Identity>(() => backend.identity());
  useEffect(() => backend.onIdentityChange(setIdentity), [backend]);
  return identity;
}
