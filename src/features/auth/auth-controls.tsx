import type { Backend } from '../../backend';
import { PersonaSwitcher } from './persona-switcher';
import { StaffSignIn } from './staff-sign-in';

/** The header's identity control: persona switcher in local mode, staff sign-in in Supabase mode. */
export function AuthControls({ backend }: { backend: Backend }) {
  if (backend.personas) return <PersonaSwitcher backend={backend} />;
  return <StaffSignIn backend={backend} />;
}
