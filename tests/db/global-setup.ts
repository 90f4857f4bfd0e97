/**
 * Builds both engines' templates once per run of the db suite, in parallel (PGlite works in this process, the
 * Supabase CLI and PostgreSQL in theirs), and removes them afterwards. See engines.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPgliteTemplate, buildPostgresTemplate, dropPostgresDatabase, writeSlimPostgisBundle } from './engines';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgisBundle: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'tk-db-template-'));
  const pgliteFile = join(dir, 'pglite.tar');
  const postgisBundle = join(dir, 'postgis.tar.gz');
  writeSlimPostgisBundle(postgisBundle);
  const postgresTemplate = `tk_template_${randomBytes(5).toString('hex')}`;
  const [pgliteDump] = await Promise.all([buildPgliteTemplate(postgisBundle), buildPostgresTemplate(postgresTemplate)]);
  writeFileSync(pgliteFile, Buffer.from(await pgliteDump.arrayBuffer()));
  project.provide('pgliteTemplate', pgliteFile);
  project.provide('postgisBundle', postgisBundle);
  project.provide('postgresTemplate', postgresTemplate);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropPostgresDatabase(postgresTemplate);
  };
}
