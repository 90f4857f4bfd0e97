/** The SQL files read from disk, for Node (tests and the snapshot script). Not imported by browser code. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlSources } from './local-engine';

export function nodeSqlSources(root: string): SqlSources {
  const read = (rel: string) => {
    const path = join(root, rel);
    return existsSync(path) ? async () => readFileSync(path, 'utf8') : null;
  };
  const bootstrap = read('supabase/local/bootstrap.sql');
  if (!bootstrap) throw new Error(`${root}/supabase/local/bootstrap.sql is missing`);
  const dir = join(root, 'supabase/migrations');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')) : [];
  return {
    bootstrap,
    migrations: files.map((file) => ({ file, load: async () => readFileSync(join(dir, file), 'utf8') })),
    seed: read('supabase/seed.sql'),
    demo: demoFiles(join(root, 'supabase/demo')),
  };
}

/** Every demo file, in name order, as one script (each only defines functions). */
function demoFiles(dir: string): (() => Promise<string>) | null {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')).sort() : [];
  return files.length ? async () => files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n;\n') : null;
}
