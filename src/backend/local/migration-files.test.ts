/**
 * The migrations as files: each function is defined in ONE migration (supabase/migrations, one file per concern;
 * docs/architecture.md, decision 24). Valid until the first production push: from then on migrations are
 * append-only and a later file may replace a function with `create or replace` — then delete this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orderMigrations } from './migrations';

const DIR = resolve(__dirname, '../../../supabase/migrations');

/** `create [or replace] function|procedure schema.name(args)` → `schema.name(type, …)`, per definition. */
function definedFunctions(sql: string): string[] {
  const code = sql.replace(/--[^\n]*/g, '');
  const out: string[] = [];
  const head = /create\s+(?:or\s+replace\s+)?(?:function|procedure)\s+([a-z_][\w]*\.[a-z_][\w]*)\s*\(/gi;
  for (let m = head.exec(code); m; m = head.exec(code)) {
    let depth = 1;
    let i = head.lastIndex;
    while (i < code.length && depth > 0) {
      if (code[i] === '(') depth++;
      else if (code[i] === ')') depth--;
      i++;
    }
    const args = splitTopLevel(code.slice(head.lastIndex, i - 1)).map(argumentType).filter((t) => t !== null);
    out.push(`${m[1]!.toLowerCase()}(${args.join(', ')})`);
  }
  return out;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(') depth++;
    else if (list[i] === ')') depth--;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Types that are more than one word, so that their first word is not taken for a parameter name. */
const MULTI_WORD_TYPE = /^(double precision|timestamp|time|character varying|character|bit varying|interval)\b/;

/** `p_id uuid default null` → `uuid`; `out n int` → null (not part of the signature). */
function argumentType(arg: string): string | null {
  let a = arg.replace(/\s+(default|=)\s[\s\S]*$/i, '').trim().toLowerCase().replace(/\s+/g, ' ');
  const mode = /^(in|out|inout|variadic) /.exec(a);
  if (mode) {
    if (mode[1] === 'out') return null;
    a = a.slice(mode[0].length);
  }
  if (!MULTI_WORD_TYPE.test(a) && / /.test(a)) a = a.slice(a.indexOf(' ') + 1);
  return a;
}

describe('migration files', () => {
  const files = orderMigrations(
    readdirSync(DIR).map((file) => ({ file, load: async () => readFileSync(resolve(DIR, file), 'utf8') })),
  );

  it('reads the signatures of function definitions', () => {
    expect(
      definedFunctions(`-- create function app.not_this(int)
        create or replace function api.change_status(p_report_id uuid, p_note text default null,
          p_sizes numeric(6, 2)[] = '{}') returns jsonb language sql as $$ select 1 $$;
        create function app.at(p_at timestamp with time zone, double precision, out n int) returns int as $$ $$;
        CREATE PROCEDURE app.p() AS $$ $$;`),
    ).toEqual([
      'api.change_status(uuid, text, numeric(6, 2)[])',
      'app.at(timestamp with time zone, double precision)',
      'app.p()',
    ]);
  });

  // By name, not signature: a later file that drops a function and creates it with other arguments defines it
  // twice as well (the API has no overloads; PostgREST could not tell them apart by named arguments anyway).
  it('defines every function in one migration only (until the first production push)', async () => {
    const definedIn = new Map<string, string[]>();
    for (const m of files) {
      for (const fn of new Set(definedFunctions(await m.load()))) {
        const name = fn.slice(0, fn.indexOf('('));
        definedIn.set(name, [...(definedIn.get(name) ?? []), `${m.file} ${fn}`]);
      }
    }
    expect(definedIn.size).toBeGreaterThan(90);
    const twice = [...definedIn].filter(([, where]) => where.length > 1).map(([, where]) => where.join(' and '));
    expect(twice).toEqual([]);
  });

  it('defines each function once within its file', async () => {
    for (const m of files) {
      const fns = definedFunctions(await m.load());
      expect(fns.filter((fn, i) => fns.indexOf(fn) !== i), m.file).toEqual([]);
    }
  });
});
