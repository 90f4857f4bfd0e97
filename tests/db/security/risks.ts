/**
 * Actual risks: imported risk sources and their events in the access matrix (docs/security.md, "Actual risks").
 * Every staff role reads them (the comparison with the reports is a staff analysis); strategists and admins import
 * and delete; residents and anon see nothing of them.
 */
import type { SecurityArea } from './area';
import { who } from './area';

const NO = 'no no no no no no';
const STAFF_READ = 'no own all all all all';
const STAFF = 'no forbidden ok ok ok ok';
const STRATEGISTS = 'no forbidden forbidden forbidden ok ok';

const lastYear = new Date().getUTCFullYear() - 1;
const SOURCE = {
  name: 'Polisens händelser (test)',
  kind: 'police',
  provenance: 'Polisens öppna händelser, testdata',
  licence: null,
  period_from: `${lastYear}-01-01`,
  period_to: `${lastYear}-12-31`,
};
/** An event at Gamla staden, where the core fixtures' reports are. */
const EVENT = { type: 'police:misshandel', occurred_at: `${lastYear}-05-01T22:00:00Z`, lon: 13.0035, lat: 55.605 };
let sourceId = '';

export const risksArea: SecurityArea = {
  tables: {
    'app.risk_sources': { read: STAFF_READ, create: NO, update: NO, delete: NO },
    'app.risk_events': { read: STAFF_READ, create: NO, update: NO, delete: NO },
  },
  functions: {
    'api.import_risk_events': STRATEGISTS,
    'api.list_risk_sources': STAFF,
    'api.delete_risk_source': STRATEGISTS,
    'api.risk_event_cells': STAFF,
  },
  // Staff only: a resident owns no source or event, so "own" is the empty set (RLS shows no rows).
  own: {
    'app.risk_sources': 'false and $1::uuid is not null',
    'app.risk_events': 'false and $1::uuid is not null',
  },
  writes: {
    'app.risk_sources': {
      create: `insert into app.risk_sources (name, kind, provenance, period_from, period_to) values ('x', 'csv', 'x', '2025-01-01', '2025-01-02')`,
      update: `update app.risk_sources set name = 'x'`,
      delete: `delete from app.risk_sources`,
    },
    'app.risk_events': {
      create: `insert into app.risk_events (source_id, type, occurred_at, location) select s.id, 'event:x', now(), extensions.st_setsrid(extensions.st_makepoint(13.0, 55.6), 4326) from app.risk_sources s limit 1`,
      update: `update app.risk_events set type = 'event:x'`,
      delete: `delete from app.risk_events`,
    },
  },
  async setup({ db }) {
    const r = await db.call<{ id: string }>(
      who('strategist'),
      'import_risk_events',
      { p_source: JSON.stringify(SOURCE), p_events: JSON.stringify([EVENT, { ...EVENT, type: 'injury_slight' }]) },
      { commit: true },
    );
    sourceId = r.id;
  },
  args(fn) {
    switch (fn) {
      case 'api.import_risk_events':
        return { args: { p_source: JSON.stringify(SOURCE), p_events: JSON.stringify([EVENT]) } };
      case 'api.list_risk_sources':
        return { args: { p_limit: 100, p_offset: 0 } };
      case 'api.delete_risk_source':
        // Each cell runs in a rolled-back transaction, so every role may try the same source.
        return { args: { p_id: sourceId } };
      case 'api.risk_event_cells':
        return { args: { p_cell_m: 100, p_types: ['police:misshandel'] } };
      default:
        return undefined;
    }
  },
  documented: {
    import_risk_events: [
      'forbidden',
      'invalid_risk_source',
      'invalid_date_range',
      'too_many_events',
      'invalid_risk_event',
      'invalid_risk_type',
      'invalid_position',
      'invalid_event_time',
      'outside_malmo',
    ],
    list_risk_sources: ['forbidden', 'invalid_limit'],
    delete_risk_source: ['forbidden', 'risk_source_not_found'],
    risk_event_cells: ['forbidden', 'invalid_cell_size', 'invalid_filter', 'invalid_date_range', 'invalid_risk_type'],
  },
};
