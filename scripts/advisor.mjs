#!/usr/bin/env node
// Runs Supabase's database advisor (splinter: the lints the dashboard's "Security Advisor" and "Performance
// Advisor" show) over our migrations on a throwaway PostgreSQL 15 cluster.
//
//   node scripts/advisor.mjs <path to splinter.sql>
//
// splinter is not vendored (its repository carries no licence file); fetch supabase/splinter and pass its
// `splinter.sql`. The database is built as the db suite builds it (bootstrap, every migration in order, seed) —
// with psql instead of the Supabase CLI, which does not change the schema. Prints every lint and exits 1 when
// any is ERROR, or WARN in category SECURITY, and not accepted in ACCEPTED below (each with its reason, stated
// in docs/security.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMigratedDatabase, startCluster } from './pg-cluster.mjs';

const root = join(import.meta.dirname, '..');
const splinter = process.argv[2];
if (!splinter) {
  console.error('usage: node scripts/advisor.mjs <path to splinter.sql>');
  process.exit(2);
}

// cache_key prefix → why it is accepted (docs/security.md, "Supabase advisor"). Anything else blocks.
const INLINED =
  'pure SQL helper inlined into hot queries: a SET clause stops inlining (api.hotspot_cells 15.7 → 458 ms); ' +
  'not security definer, reads no table, every name qualified';
const API =
  'the public surface is schema api: every function security definer on purpose (the tables in app are not ' +
  'exposed), with explicit grants and its own authorisation and validation';
const ACCEPTED = {
  ...Object.fromEntries(
    [
      'mercator_x',
      'mercator_y',
      'grid_base_m',
      'hex_key',
      'hex_key_axial',
      'hex_q',
      'hex_r',
      'hex_cell',
    ].map((fn) => [`function_search_path_mutable_app_${fn}_`, INLINED]),
  ),
  anon_security_definer_function_executable_api_: API,
  authenticated_security_definer_function_executable_api_: API,
};

const cluster = await startCluster();
try {
  const migrations = readdirSync(join(root, 'supabase/migrations'))
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => ({ file, sql: readFileSync(join(root, 'supabase/migrations', file), 'utf8') }));
  const psql = createMigratedDatabase(cluster, 'tk_advisor', migrations);
  psql(readFileSync(join(root, 'supabase/seed.sql'), 'utf8'));
  psql('analyze');

  // splinter.sql is `set local search_path = ''; (lint) union all (lint) …;` — one transaction, one result.
  const [setPath, ...rest] = readFileSync(splinter, 'utf8').trim().split(';\n');
  const query = rest.join(';\n').trim().replace(/;\s*$/, '');
  const out = psql(
    `\\pset format unaligned\n\\pset tuples_only on\nbegin;\n${setPath};\n` +
      // The schemas PostgREST exposes on our project (README, "Connecting a Supabase project").
      `set local pgrst.db_schemas = 'public, graphql_public, api';\n` +
      `select coalesce(pg_catalog.jsonb_agg(l), '[]'::pg_catalog.jsonb) from (${query}) l;\ncommit;`,
  );
  const lints = JSON.parse(out.trim());
  let failing = 0;
  for (const lint of lints) {
    const accepted = Object.entries(ACCEPTED).find(([prefix]) => lint.cache_key.startsWith(prefix));
    const blocking =
      !accepted &&
      (lint.level === 'ERROR' || (lint.level === 'WARN' && lint.categories.includes('SECURITY')));
    if (blocking) failing++;
    const tag = accepted ? 'accepted' : blocking ? 'FAIL' : 'note';
    console.log(
      `${tag.padEnd(8)} ${lint.level.padEnd(5)} ${lint.categories.join(',').padEnd(20)} ${lint.detail}`,
    );
  }
  const byName = Object.entries(
    lints.reduce(
      (acc, l) => ({ ...acc, [`${l.level} ${l.name}`]: (acc[`${l.level} ${l.name}`] ?? 0) + 1 }),
      {},
    ),
  );
  console.log(`\n${lints.length} lints over ${migrations.length} migrations:`);
  for (const [name, n] of byName.sort()) console.log(`  ${String(n).padStart(4)}  ${name}`);
  console.log(
    failing ? `\n${failing} blocking (ERROR, or SECURITY WARN not accepted)` : '\n0 blocking',
  );
  process.exitCode = failing ? 1 : 0;
} finally {
  await cluster.stop();
}
