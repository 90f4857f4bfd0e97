/**
 * Planning: developments, the planning link and assessments in the access matrix
 * (docs/security-planning.md). Writes are the planner's (and admin's); every staff role reads; residents get
 * nothing (RLS) and anon has no privilege.
 */
import { randomUUID } from 'node:crypto';
import type { SecurityArea } from './area';
import { who } from './area';

const NO = 'no no no no no no';
const STAFF_READ = 'no own all all all all';
const WRITE = 'no forbidden forbidden ok forbidden ok';
const READ = 'no forbidden ok ok ok ok';

/** A 400 m × 400 m square around Gamla staden, where the core fixtures' reports are (so the link has rows). */
const square = (lon: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [[[lon - 0.003, lat - 0.0018], [lon + 0.003, lat - 0.0018], [lon + 0.003, lat + 0.0018],
    [lon - 0.003, lat + 0.0018], [lon - 0.003, lat - 0.0018]]],
});
const GAMLA_STADEN = square(13.0038, 55.605);
let developmentId = '';

export const planningArea: SecurityArea = {
  tables: {
    'app.developments': { read: STAFF_READ, create: NO, update: NO, delete: NO },
    'app.development_reports': { read: STAFF_READ, create: NO, update: NO, delete: NO },
    'app.development_assessments': { read: STAFF_READ, create: NO, update: NO, delete: NO },
  },
  functions: {
    'api.import_developments': WRITE,
    'api.save_development': WRITE,
    'api.delete_development': WRITE,
    'api.save_assessment': WRITE,
    'api.list_developments': READ,
    'api.development_evidence': READ,
    'api.development_assessments': READ,
  },
  // Staff only: a resident is never a development's owner, so "own" is the empty set (RLS shows no rows).
  own: {
    'app.developments': 'false and $1::uuid is not null',
    'app.development_reports': 'false and $1::uuid is not null',
    'app.development_assessments': 'false and $1::uuid is not null',
  },
  writes: {
    'app.developments': {
      create: `insert into app.developments (name, phase, geom) values ('x', 'planning', extensions.st_multi(extensions.st_makeenvelope(13.0, 55.6, 13.005, 55.603, 4326)))`,
      update: `update app.developments set name = 'x'`,
      delete: `delete from app.developments`,
    },
    'app.development_reports': {
      create: `insert into app.development_reports (development_id, report_id, distance_m) select d.id, r.id, 0 from app.developments d, app.reports r where not exists (select 1 from app.development_reports x where x.development_id = d.id and x.report_id = r.id) limit 1`,
      update: `update app.development_reports set distance_m = 0`,
      delete: `delete from app.development_reports`,
    },
    'app.development_assessments': {
      create: `insert into app.development_assessments (development_id, version, author_role, factors) select id, 99, 'planner', '[]' from app.developments limit 1`,
      update: `update app.development_assessments set factors = '[]'`,
      delete: `delete from app.development_assessments`,
    },
  },
  async setup({ db }) {
    const result = await db.call<{ ids: string[] }>(
      who('planner'),
      'import_developments',
      { p_features: JSON.stringify([{ name: 'Gamla staden (test)', phase: 'planning', geometry: GAMLA_STADEN }]) },
      { commit: true },
    );
    developmentId = result.ids[0]!;
    await db.call(
      who('planner'),
      'save_assessment',
      {
        p_development_id: developmentId,
        p_factors: JSON.stringify([{ factor: 'belysning', rating: 3, note: 'Test', report_ids: [] }]),
      },
      { commit: true },
    );
  },
  args(fn, _role, ctx) {
    switch (fn) {
      case 'api.import_developments':
        return { args: { p_features: JSON.stringify([{ name: 'Ny plan', phase: 'consultation', geometry: GAMLA_STADEN }]) } };
      case 'api.save_development':
        return {
          args: {
            p_id: randomUUID(), p_name: 'Ritad', p_plan_id: 'Dp 1', p_phase: 'adopted', p_expected_completion: '2030-01-01',
            p_link: 'https://malmo.se', p_geometry: JSON.stringify(GAMLA_STADEN),
          },
        };
      case 'api.delete_development':
        return { args: { p_id: developmentId } };
      case 'api.save_assessment':
        return {
          args: {
            p_development_id: developmentId,
            p_factors: JSON.stringify([{ factor: 'siktlinjer', rating: 2, note: null, report_ids: [ctx.R.mine] }]),
          },
        };
      case 'api.list_developments':
        return { args: { p_limit: 100, p_offset: 0 } };
      case 'api.development_evidence':
        return { args: { p_id: developmentId, p_buffer_m: 250 } };
      case 'api.development_assessments':
        return { args: { p_development_id: developmentId } };
      default:
        return undefined;
    }
  },
  documented: {
    import_developments: [
      'forbidden', 'too_many_features', 'invalid_import', 'name_required', 'name_too_long', 'plan_id_too_long',
      'invalid_phase', 'invalid_completion_date', 'invalid_link', 'invalid_outline', 'too_many_vertices',
      'outline_too_large', 'outside_malmo', 'import_outline_too_large', 'import_outline_beyond_malmo', 'rate_limited',
    ],
    save_development: [
      'forbidden', 'development_not_found', 'name_required', 'name_too_long', 'plan_id_too_long', 'invalid_phase',
      'invalid_completion_date', 'invalid_link', 'invalid_outline', 'too_many_vertices', 'outline_too_large',
      'outside_malmo', 'rate_limited',
    ],
    delete_development: ['forbidden', 'development_not_found', 'rate_limited'],
    list_developments: ['forbidden', 'invalid_limit'],
    development_evidence: ['forbidden', 'invalid_buffer', 'invalid_filter', 'development_not_found'],
    save_assessment: [
      'forbidden', 'development_not_found', 'invalid_factor', 'invalid_rating', 'note_too_long', 'report_not_found',
      'rate_limited',
    ],
    development_assessments: ['forbidden', 'development_not_found'],
  },
};
