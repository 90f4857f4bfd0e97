/**
 * The SQL files, bundled by Vite as lazy raw-text chunks: the same files the Supabase CLI applies.
 * Vite-only (import.meta.glob); Node code reads the files from disk instead (see node-sources.ts).
 */
import type { SqlSources } from './local-engine';
import { globToFiles } from './migrations';

const bootstrap = import.meta.glob('/supabase/local/bootstrap.sql', { query: '?raw', import: 'default' });
const migrations = import.meta.glob('/supabase/migrations/*.sql', { query: '?raw', import: 'default' });
const seed = import.meta.glob('/supabase/seed.sql', { query: '?raw', import: 'default' });
const demo = import.meta.glob('/supabase/demo/*.sql', { query: '?raw', import: 'default' });

/** Every demo file, in name order, as one script (each only defines functions). */
function all(glob: Record<string, () => Promise<unknown>>): (() => Promise<string>) | null {
  const loads = Object.entries(glob)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, load]) => load);
  return loads.length ? async () => (await Promise.all(loads.map((l) => l()))).map(String).join('\n;\n') : null;
}

function single(glob: Record<string, () => Promise<unknown>>): (() => Promise<string>) | null {
  const load = Object.values(glob)[0];
  return load ? async () => String(await load()) : null;
}

export function bundledSqlSources(): SqlSources {
  const boot = single(bootstrap);
  if (!boot) throw new Error('supabase/local/bootstrap.sql is missing from the bundle');
  return { bootstrap: boot, migrations: globToFiles(migrations), seed: single(seed), demo: all(demo) };
}
