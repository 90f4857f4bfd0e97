import { useEffect, useState } from 'react';
import type { Backend, Identity } from '../backend';

/** The backend's current identity, updated on every change (persona switch, sign-in, sign-out). */
export function useIdentity(backend: Backend): Identity {
  const [identity, setIdentity] = useState<Identity>(() => backend.identity());
  // The backend is created once per page; changes after mount arrive through the listener.
  useEffect(() => backend.onIdentityChange(setIdentity), [backend]);
  return identity;
}
