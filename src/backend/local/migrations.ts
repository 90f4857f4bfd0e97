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

/**
 * The versions in a database's migration history that this build does not ship. Non-empty means the database
 * was built from migrations that have since been replaced (the migrations were folded into one file per
 * concern before the first production push): applying this build's newer files on top would run them against a
 * schema they were not written for, so such a database must start over (local mode: from the shipped
 * snapshot). A version this build ships that the history lacks is no reason to: it is applied, in order.
 */
export function unknownMigrations(all: readonly Migration[], applied: Iterable<string>): string[] {
  const known = new Set(all.map((m) => m.version));
  return [...new Set(applied)].filter((v) => !known.has(v)).sort();
}

/** Turns the record that `import.meta.glob` returns into `SqlFile`s. */
export function globToFiles(glob: Record<string, () => Promise<unknown>>): SqlFile[] {
  return Object.entries(glob).map(([path, load]) => ({
    file: path.split('/').pop() ?? path,
    load: async () => String(await load()),
  }));
}
