#!/usr/bin/env node
// Compares the database two sets of migrations build: each set is applied (after supabase/local/bootstrap.sql)
// to a throwaway PostgreSQL 15 cluster of its own, dumped and normalised, and the two dumps are diffed.
//
//   node scripts/schema-diff.mjs [A] [B]
//
// A and B are each a git revision (its supabase/migrations, e.g. `HEAD` or `3fc600e`) or a directory of
// migrations (e.g. `supabase/migrations`, the working tree). Defaults: A = HEAD, B = supabase/migrations.
// Prints a unified diff and exits 1 when the two differ, 0 when they are identical.
//
// What is compared: `pg_dump --schema-only` (every table, column, constraint, index, function body, trigger,
// policy, grant, comment), the rows the migrations themselves insert (`pg_dump --data-only`: settings, the
// storage bucket), the roles' settings (statement_timeout, temp_file_limit) and the database's ACL (TEMPORARY).
// Each set gets a cluster of its own because role settings are per cluster.
//
// Normalised away: pg_dump's comment lines, SET and \restrict lines, blank lines, creation times and random
// keys in the data; statements are sorted, so the order in
// which the migrations created objects (which pg_dump partly follows) does not count. The order of a table's
// columns does count (it is part of the statement).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createMigratedDatabase, startCluster } from './pg-cluster.mjs';

const root = join(import.meta.dirname, '..');
const [specA = 'HEAD', specB = 'supabase/migrations'] = process.argv.slice(2);

/** The migrations of a directory or of a git revision, in the order the Supabase CLI applies them. */
function migrationsOf(spec) {
  const dir = resolve(root, spec);
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    return readdirSync(dir)
      .filter((f) => /^\d+_.+\.sql$/.test(f))
      .sort()
      .map((f) => ({ file: f, sql: readFileSync(join(dir, f), 'utf8') }));
  }
  const git = (...args) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return git('ls-tree', '--name-only', `${spec}:supabase/migrations`)
    .split('\n')
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ file: f, sql: git('show', `${spec}:supabase/migrations/${f}`) }));
}

// Values that differ on every build: creation times (storage.buckets) and generated secrets (app.settings).
const TIMESTAMP = /'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00'/g;
const RANDOM_KEY = /'[0-9a-f]{64}'/g;

/** pg_dump's text as a sorted list of statements, without its comments, SET lines and blank lines. */
function normalise(dump) {
  const statements = [];
  let current = [];
  for (const line of dump.split('\n')) {
    if (line.startsWith('--') || line.trim() === '') continue;
    if (/^SET |^SELECT pg_catalog\.set_config\('search_path'|^\\(un)?restrict /.test(line))
      continue;
    current.push(line.replace(TIMESTAMP, "'<time>'").replace(RANDOM_KEY, "'<random>'"));
    // pg_dump ends every statement with `;` at the end of a line; a function body ends with `$$;` or `$_$;`.
    if (/;$/.test(line) && !inBody(current)) {
      statements.push(current.join('\n'));
      current = [];
    }
  }
  if (current.length) statements.push(current.join('\n'));
  return statements.sort().join('\n\n') + '\n';
}

/** True while a statement has opened a dollar-quoted body it has not closed. */
function inBody(lines) {
  const text = lines.join('\n');
  const tags = text.match(/\$[A-Za-z_]*\$/g) ?? [];
  return tags.length % 2 === 1;
}

async function build(label, migrations) {
  const cluster = await startCluster();
  try {
    let psql;
    try {
      psql = createMigratedDatabase(cluster, 'tk_diff', migrations);
    } catch (error) {
      throw new Error(`${label}: ${error.message}`);
    }
    const dump = (...args) =>
      execFileSync('pg_dump', ['--no-owner', ...args, '-d', cluster.url('tk_diff')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
      });
    const schema = normalise(dump('--schema-only'));
    const data = normalise(
      dump('--data-only', '--inserts', '--exclude-schema=supabase_migrations'),
    );
    const globals = psql(
      `\\pset format unaligned\n\\pset tuples_only on\n` +
        `select r.rolname || ' ' || array_to_string(s.setconfig, ' ') from pg_db_role_setting s ` +
        `join pg_roles r on r.oid = s.setrole order by 1;\n` +
        `select 'database acl ' || array_to_string(array(select unnest(datacl)::text order by 1), ' ') ` +
        `from pg_database where datname = current_database();\n`,
    );
    return `${schema}\n-- data\n${data}\n-- roles and database\n${globals}`;
  } finally {
    await cluster.stop();
  }
}

const setA = migrationsOf(specA);
const setB = migrationsOf(specB);
console.error(`A = ${specA}: ${setA.length} migrations; B = ${specB}: ${setB.length} migrations`);
const [dumpA, dumpB] = [await build('A', setA), await build('B', setB)];
const dir = mkdtempSync(join(tmpdir(), 'tk-schema-diff-'));
try {
  writeFileSync(join(dir, 'A.sql'), dumpA);
  writeFileSync(join(dir, 'B.sql'), dumpB);
  let diff = '';
  try {
    execFileSync(
      'diff',
      ['-u', '--label', `A (${specA})`, '--label', `B (${specB})`, 'A.sql', 'B.sql'],
      {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    diff = error.stdout ?? String(error);
  }
  if (diff) {
    process.stdout.write(diff);
    console.error('\nThe two sets differ (above).');
    process.exitCode = 1;
  } else {
    console.error('Identical: the two sets build the same database.');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
