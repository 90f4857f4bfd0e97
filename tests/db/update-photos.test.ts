/**
 * A crew's photo with a status change (api.change_status p_photo_path) in api.report_detail, on both engines:
 * shown to staff and to the reporter, hidden (null) from everyone else, like the report's own photo.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineName, type Who } from './engines';

const REPORTER = 'a11ce000-0000-4000-8000-0000000000e1';
const NEIGHBOUR = 'a11ce000-0000-4000-8000-0000000000e2';
const CREW = 'c4e00000-0000-4000-8000-0000000000e3';
const PLANNER = '91a00000-0000-4000-8000-0000000000e4';
const as = (sub: string): Who => ({ role: 'authenticated', sub });

interface Detail {
  updates: { to_status: string; note: string | null; photo_path: string | null }[];
}

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('update photos in report_detail on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  const reportId = randomUUID();
  const photoPath = `${CREW}/updates/${randomUUID()}.jpg`;

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(`insert into app.staff_roles (user_id, role) values ('${CREW}', 'crew'), ('${PLANNER}', 'planner')`);
    await db.call(
      as(REPORTER),
      'submit_report',
      { p_id: reportId, p_category: 'litter', p_lon: 13.0038, p_lat: 55.605, p_description: 'Sopor vid bänken',
        p_observed_at: new Date().toISOString() },
      { commit: true },
    );
    await db.call(as(CREW), 'change_status',
      { p_report_id: reportId, p_to_status: 'confirmed', p_note: 'Bekräftat på plats' }, { commit: true });
    await db.call(as(CREW), 'change_status',
      { p_report_id: reportId, p_to_status: 'resolved', p_note: 'Städat', p_photo_path: photoPath }, { commit: true });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });

  const photosSeenBy = async (who: Who) =>
    (await db.call<Detail>(who, 'report_detail', { p_id: reportId })).updates.map((u) => [u.to_status, u.photo_path]);

  it('shows the photo of the resolving change to the reporter and to staff', async () => {
    const expected = [['new', null], ['confirmed', null], ['resolved', photoPath]];
    expect(await photosSeenBy(as(REPORTER))).toEqual(expected);
    expect(await photosSeenBy(as(CREW))).toEqual(expected);
    expect(await photosSeenBy(as(PLANNER))).toEqual(expected);
  });

  it('hides it from other residents and from anonymous visitors, who still see the history', async () => {
    const hidden = [['new', null], ['confirmed', null], ['resolved', null]];
    expect(await photosSeenBy(as(NEIGHBOUR))).toEqual(hidden);
    expect(await photosSeenBy({ role: 'anon' })).toEqual(hidden);
  });
});
