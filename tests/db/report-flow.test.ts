/**
 * What the resident's report flow relies on from the database (issue 13), on both engines: the reference data
 * shipped with the build is the database's, and a resident cannot support their own report.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import shipped from '../../src/features/report/lib/shipped-reference.json';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';

const ALICE = 'a11ce000-0000-4000-8000-0000000000a1';
const BOB = 'b0b00000-0000-4000-8000-0000000000b2';
const alice: Who = { role: 'authenticated', sub: ALICE };
const bob: Who = { role: 'authenticated', sub: BOB };
const anon: Who = { role: 'anon' };
const MOLLEVANGEN = { lon: 13.0095, lat: 55.5906 };

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('report flow on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
    }
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  const submit = async (who: Who) => {
    const id = randomUUID();
    await db.call(
      who,
      'submit_report',
      {
        p_id: id,
        p_category: 'litter',
        p_lon: MOLLEVANGEN.lon,
        p_lat: MOLLEVANGEN.lat,
        p_description: 'Skräp vid torget',
        p_observed_at: new Date(Date.now() - 3_600_000).toISOString(),
        p_source: 'resident',
        p_photo_path: null,
      },
      { commit: true },
    );
    return id;
  };

  it('the reference data shipped with the build is what list_categories returns', async () => {
    const r = await db.call<Record<string, unknown>>(anon, 'list_categories');
    expect({ challenges: r.challenges, categories: r.categories, statuses: r.statuses }).toEqual(shipped);
  });

  it('refuses a support of one\'s own report with own_report, and counts nothing', async () => {
    const id = await submit(alice);
    const error = await errorOf(db.call(alice, 'support_report', { p_report_id: id }, { commit: true }));
    expect(error.message).toBe('own_report');
    const [row] = await db.query<{ n: number }>('select count(*)::int as n from app.supports where report_id = $1', [id]);
    expect(row.n).toBe(0);
    // Someone else still can.
    await expect(db.call(bob, 'support_report', { p_report_id: id }, { commit: true })).resolves.toMatchObject({
      support_count: 1,
      supported_by_me: true,
    });
  });
});
