/** Pure helpers for ordering and selecting migrations (`supabase/migrations/<version>_<name>.sql`). */

export interface SqlFile {
  /** File name without directory, e.g. `20260101120000_create_reports.sql`. */
  file: string;
  /** Loads the SQL text (lazily, so that only what is applied is fetched). */
  load: () => Promise<string>;
}

export interface Migration extends SqlFile {
  version: string;
  name: string;
}

const MIGRATION_FILE = /^(\d+)_(.+)\.sql$/;

/** `…/20260101120000_create_reports.sql` → { version: '20260101120000', name: 'create_reports' }. */
export function parseMigrationFile(path: string): { file: string; version: string; name: string } | null {
  const file = path.split('/').pop() ?? path;
  const m = MIGRATION_FILE.exec(file);
  if (!m || !m[1] || !m[2]) return null;
  return { file, version: m[1], name: m[2] };
}

/** Migrations in the order the Supabase CLI applies them (by version, then file name). */
export function orderMigrations(files: readonly SqlFile[]): Migration[] {
  const out: Migration[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const parsed = parseMigrationFile(f.file);
    if (!parsed) continue;
    if (seen.has(parsed.version)) throw new Error(`duplicate migration version ${parsed.version}`);
    seen.add(parsed.version);
    out.push({ ...f, file: parsed.file, version: parsed.version, name: parsed.name });
  }
  return out.sort((a, b) =>
    a.version.length !== b.version.length
      ? a.version.length - b.version.length
      : a.version < b.version
        ? -1
        : a.version > b.version
          ? 1
          : 0,
  );
}

/** The migrations not yet recorded as applied, in order. */
export function selectNewMigrations(all: readonly Migration[], applied: Iterable<string>): Migration[] {
  const done = new Set(applied);
  return all.filter((m) => !done.has(m.version));
}

/** Turns the record that `import.meta.glob` returns into `SqlFile`s. */
export function globToFiles(glob: Record<string, () => Promise<unknown>>): SqlFile[] {
  return Object.entries(glob).map(([path, load]) => ({
    file: path.split('/').pop() ?? path,
    load: async () => String(await load()),
  }));
}
