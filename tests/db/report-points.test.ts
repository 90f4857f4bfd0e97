/**
 * app.report_points — the narrow copy of app.reports that api.hotspot_cells aggregates — on both engines.
 * After every kind of write that reaches app.reports (bulk insert, supports, status changes to and from
 * duplicate, a claim, a moved location, delete) the copy must equal the projection of app.reports it stands for,
 * and hotspot_cells must count from it what a direct count of app.reports gives.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineName, type Who } from './engines';

const RESIDENT = 'a11ce000-0000-4000-8000-0000000000d1';
const CREW = 'c4e00000-0000-4000-8000-0000000000d2';
const resident: Who = { role: 'authenticated', sub: RESIDENT };
const crew: Who = { role: 'authenticated', sub: CREW };

const PROJECTION = `select id, a3006, b3006, observed_at, support_count, challenge, category
                      from app.reports where status <> 'duplicate'`;
const COPY = `select id, a3006, b3006, observed_at, support_count, challenge, category from app.report_points`;

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('app.report_points on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  const ids: string[] = [];

  /** Rows of the projection missing from the copy plus rows of the copy missing from the projection. */
  async function difference() {
    const [row] = await db.query<{ missing: string; extra: string; copied: string }>(
      `select (select count(*) from ((${PROJECTION}) except (${COPY})) m) as missing,
              (select count(*) from ((${COPY}) except (${PROJECTION})) e) as extra,
              (select count(*) from app.report_points) as copied`,
    );
    return { missing: Number(row.missing), extra: Number(row.extra), copied: Number(row.copied) };
  }

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(`insert into app.staff_roles (user_id, role) values ('${CREW}', 'crew')`);
    // One set-based insert of 40 reports around Malmö centre, as the demo generator and imports write.
    for (let i = 0; i < 40; i++) ids.push(randomUUID());
    await db.query(
      `insert into app.reports (id, category, location, description, observed_at, status, reporter_id)
       select id, case when n % 3 = 0 then 'speeding' else 'litter' end,
              extensions.st_setsrid(extensions.st_makepoint(13.0 + n * 0.0007, 55.60 + (n % 7) * 0.0006), 4326),
              'Fixture ' || n, now() - n * interval '1 day', case when n % 10 = 9 then 'duplicate' else 'new' end,
              $2
         from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [ids, RESIDENT],
    );
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });

  it('copies every non-duplicate report of a bulk insert', async () => {
    expect(await difference()).toEqual({ missing: 0, extra: 0, copied: 36 });
  });

  it('follows supports, a claim, status changes to and from duplicate, a move and a delete', async () => {
    await db.call(resident, 'support_report', { p_report_id: ids[0] }, { commit: true });
    await db.call(crew, 'support_report', { p_report_id: ids[0] }, { commit: true });
    await db.call(crew, 'claim_report', { p_report_id: ids[1] }, { commit: true });
    await db.call(crew, 'change_status', { p_report_id: ids[2], p_to_status: 'duplicate', p_duplicate_of: ids[3], p_note: 'Samma hög' }, { commit: true });
    await db.call(crew, 'change_status', { p_report_id: ids[4], p_to_status: 'resolved', p_note: 'Städat' }, { commit: true });
    // A report marked duplicate by mistake comes back (an admin's direct correction).
    await db.query(`update app.reports set status = 'new' where id = $1`, [ids[8]]);
    await db.query(
      `update app.reports set location = extensions.st_setsrid(extensions.st_makepoint(13.02, 55.59), 4326),
                              category = 'graffiti'
        where id = $1`,
      [ids[5]],
    );
    await db.query(`delete from app.supports where report_id = $1 and user_id = $2`, [ids[0], CREW]);
    await db.query(`delete from app.reports where id = $1`, [ids[6]]);

    // 36 − 1 marked duplicate + 1 back from duplicate − 1 deleted.
    expect(await difference()).toEqual({ missing: 0, extra: 0, copied: 35 });
    const [moved] = await db.query<{ category: string; b3006: number }>(
      `select category, b3006 from app.report_points where id = $1`, [ids[5]],
    );
    const [truth] = await db.query<{ b3006: number }>(`select b3006 from app.reports where id = $1`, [ids[5]]);
    expect(moved).toEqual({ category: 'graffiti', b3006: truth.b3006 });
  });

  it('gives hotspot_cells the counts and supports of app.reports itself', async () => {
    const r = await db.call<{ total: number; cells: [number, number, number, number, number][] }>(
      crew, 'hotspot_cells', { p_cell_m: 250 },
    );
    const [direct] = await db.query<{ n: string; supports: string; cells: string }>(
      `select count(*) as n, sum(support_count) as supports,
              count(distinct app.hex_key(a3006, b3006, 250)) as cells
         from app.reports where status <> 'duplicate'`,
    );
    expect(r.total).toBe(Number(direct.n));
    expect(r.cells.reduce((s, c) => s + c[3], 0)).toBe(Number(direct.supports));
    expect(r.cells).toHaveLength(Number(direct.cells));
  });

  it('is readable and writable by nobody but the functions that own it', async () => {
    for (const who of [resident, crew, { role: 'anon' } as Who]) {
      await expect(db.asRole(who, (q) => q('select count(*) from app.report_points'))).rejects.toThrow(/permission denied/);
    }
  });
});
