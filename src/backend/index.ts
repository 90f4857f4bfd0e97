import type { Backend } from './backend';

export type { Backend, Identity, StartProgress } from './backend';
export type { ReportChange } from './report-change';

/**
 * Chooses the adapter from the environment. Each adapter is a dynamic import, so PGlite (≈25 MB) is
 * only fetched in local mode and supabase-js only in Supabase mode.
 */
export async function createBackend(env: ImportMetaEnv = import.meta.env): Promise<Backend> {
  const url = env.VITE_SUPABASE_URL as string | undefined;
  const key = env.VITE_SUPABASE_ANON_KEY as string | undefined;
  if (url && key) {
    const { createSupabaseBackend } = await import('./supabase/supabase-backend');
    return createSupabaseBackend(url, key);
  }
  const { createLocalBackend } = await import('./local/local-backend');
  return createLocalBackend();
}
